import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { userEvent, within } from 'storybook/test';
import { authoringMessages, PayoutsEditor } from '../src/index.js';
import { longPlan } from './longData.js';
import { PlanState } from './PlanState.js';
import { emptyPlan, plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/PayoutsEditor',
  render: ({ initial }, { globals }) => <PlanState initial={initial}>{(plan, onChange) => <PayoutsEditor plan={plan} onChange={onChange} m={authoringMessages(localeOf(globals))} />}</PlanState>,
  args: { initial: plans['agency-agents']! },
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
/** A blank plan: no sheets yet, so nothing to pay and the add button is off. */
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A payout named like an existing one: refused, and the form says so. */
export const WithErrors: Story = {
  tags: ['state:error'],
  play: async ({ canvasElement }) => {
    const form = within(canvasElement);
    await userEvent.type(canvasElement.querySelector<HTMLInputElement>('input[name="name"]')!, 'Commission');
    await userEvent.click(form.getByRole('button', { name: authoringMessages('en').addPayout }));
    await form.findByRole('alert');
  },
};
export const LongData: Story = { args: { initial: longPlan(40) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
