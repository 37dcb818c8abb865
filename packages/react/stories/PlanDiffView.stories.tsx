import type { Meta, StoryObj } from '@storybook/react-vite';
import { diffPlans } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { authoringMessages, PlanDiffView, setFormulaAt } from '../src/index.js';
import { longPlan } from './longData.js';
import { plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

const agency = plans['agency-agents']!;
/** Version 2 of the sample plan: a rate formula, a parameter and the clawback window changed. */
const edited: Plan = {
  ...setFormulaAt(agency, ['sheets', 'Lines', 'columns', 'Commission', 'formula'], '=[@Units] * [@Rate] * 1.05 + [@Fixed]'),
  parameters: { ...agency.parameters, EfficiencyBonus: { ...agency.parameters['EfficiencyBonus']!, value: '30.00' } },
  conditions: { ...agency.conditions, clawback: { ...agency.conditions!.clawback!, withinMonths: undefined, withinDays: 30 } },
};

// The changes are computed when a story renders (core's diff of two plans, no evaluation), not when the module loads.
const meta: Meta<{ from: Plan; to: Plan }> = {
  title: 'Authoring/PlanDiffView',
  render: ({ from, to }, { globals }) => <PlanDiffView from={1} to={2} changes={diffPlans(from, to)} locale={localeOf(globals)} m={authoringMessages(localeOf(globals))} />,
  args: { from: agency, to: edited },
};
export default meta;
type Story = StoryObj<{ from: Plan; to: Plan }>;

export const FormulaParameterAndCondition: Story = {};
/** Two versions with the same content. */
export const Empty: Story = { args: { from: agency, to: agency }, tags: ['state:empty'] };
/** Forty columns, parameters and payouts added, a rate table rewritten. */
export const LongData: Story = { args: { from: agency, to: longPlan(40) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { from: agency, to: longPlan(3) } };
