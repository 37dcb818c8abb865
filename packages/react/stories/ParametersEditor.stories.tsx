import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { userEvent, within } from 'storybook/test';
import { authoringMessages, ParametersEditor } from '../src/index.js';
import { longPlan } from './longData.js';
import { PlanState } from './PlanState.js';
import { emptyPlan, partners, plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

const choices = partners.map((p) => ({ id: p.id, name: p.name }));
const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/ParametersEditor',
  render: ({ initial }, { globals }) => (
    <PlanState initial={initial}>
      {(plan, onChange) => <ParametersEditor plan={plan} onChange={onChange} locale={localeOf(globals)} m={authoringMessages(localeOf(globals))} partners={choices} />}
    </PlanState>
  ),
  args: { initial: plans['agency-agents']! },
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A new parameter whose name is not a name (it starts with a digit): refused, and the form says so. */
export const WithErrors: Story = {
  tags: ['state:error'],
  args: { initial: emptyPlan },
  play: async ({ canvasElement }) => {
    const form = within(canvasElement);
    await userEvent.type(canvasElement.querySelector<HTMLInputElement>('input[name="name"]')!, '1 rate');
    await userEvent.click(form.getByRole('button', { name: authoringMessages('en').addParameter }));
    await form.findByRole('alert');
  },
};
/** Forty-odd parameters with long labels. */
export const LongData: Story = { args: { initial: longPlan(40) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
