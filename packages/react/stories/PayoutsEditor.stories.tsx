import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { authoringMessages, PayoutsEditor } from '../src/index.js';
import { longPlan } from './longData.js';
import { editorStories, submitNewName } from './editorStories.js';
import { emptyPlan, plans } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/PayoutsEditor',
  ...editorStories((p) => <PayoutsEditor plan={p.plan} onChange={p.onChange} m={p.m} />, plans['agency-agents']!),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
/** A blank plan: no sheets yet, so nothing to pay and the add button is off. */
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A payout named like an existing one: refused, and the form says so. */
export const WithErrors: Story = {
  tags: ['state:error'],
  play: ({ canvasElement }) => submitNewName(canvasElement, 'Commission', authoringMessages('en').addPayout),
};
export const LongData: Story = { args: { initial: longPlan(40) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
