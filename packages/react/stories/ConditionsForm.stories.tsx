import type { Meta, StoryObj } from '@storybook/react-vite';
import { PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { ConditionsForm } from '../src/index.js';
import { editorStories } from './editorStories.js';
import { emptyPlan, factSchema, plans } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/ConditionsForm',
  ...editorStories((p) => <ConditionsForm {...p} factSchema={factSchema} />, plans['agency-agents']!),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

/** Release on activation within 3 months, clawback on termination within 12 months. */
export const AgenciesAndAgents: Story = {};
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** All three conditions on, several event types each, windows in days. */
export const LongData: Story = {
  tags: ['state:long-data'],
  args: {
    initial: PlanSchema.parse({
      ...plans['agency-agents']!,
      conditions: {
        release: { events: 'serviceEvents', on: 'activated', link: 'id', deadlineDays: 30 },
        reserve: { share: '0.10', releaseAfterMonths: 6 },
        clawback: { events: 'serviceEvents', on: ['terminated', 'switched_out', 'cancelled', 'moved_out', 'payment_default'], link: 'id', withinDays: 365, mode: 'proRata', from: 'activated' },
      },
    }),
  },
};
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
