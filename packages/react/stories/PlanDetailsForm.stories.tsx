import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { userEvent, within } from 'storybook/test';
import { authoringMessages, PlanDetailsForm } from '../src/index.js';
import { longPlan } from './longData.js';
import { editorStories } from './editorStories.js';
import { emptyPlan, plans } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/PlanDetailsForm',
  ...editorStories((p) => <PlanDetailsForm plan={p.plan} onChange={p.onChange} m={p.m} />, plans['agency-agents']!),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
/** A new plan: only its id, dates and currency set. */
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A currency of two letters (the field takes three at most): marked invalid, says why, and the plan keeps EUR. */
export const WithErrors: Story = {
  tags: ['state:error'],
  play: async ({ canvasElement }) => {
    const currency = canvasElement.querySelector<HTMLInputElement>('#pv-details-currency')!;
    await userEvent.clear(currency);
    await userEvent.type(currency, 'eu');
    await within(canvasElement).findByText(authoringMessages('en').invalidInput);
  },
};
/** Many explicit partners and territories, long names. */
export const LongData: Story = {
  tags: ['state:long-data'],
  args: {
    initial: {
      ...longPlan(4),
      name: { it: 'Piano provvigionale agenzie e agenti per la campagna regionale di fine anno con bonus di efficienza', en: 'Agencies and agents commission plan for the regional year-end campaign with efficiency bonus' },
      selector: { kinds: ['agency', 'agent'], territories: ['Lombardia', 'Lazio', 'Campania', 'Sicilia', 'Veneto', 'Emilia-Romagna', 'Piemonte', 'Toscana'], partners: Array.from({ length: 40 }, (_, i) => `P${String(i + 1).padStart(4, '0')}`) },
    },
  },
};
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { initial: emptyPlan } };
