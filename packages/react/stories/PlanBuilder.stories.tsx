import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { PlanBuilder } from '../src/index.js';
import type { UiLocale } from '../src/index.js';
import { setFormulaAt } from '../src/index.js';
import { longPlan } from './longData.js';
import { busiestPartner, emptyPlan, factSchema, firstPartnerOf, plans, sampleInput } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

/** The builder as an app embeds it: it owns the plan state and saves what `onChange` emits. */
function BuilderApp({ initial, partnerId, locale }: { initial: Plan; partnerId: string; locale: UiLocale }): ReactElement {
  const [plan, setPlan] = useState(initial);
  return <PlanBuilder plan={plan} onChange={setPlan} locale={locale} factSchema={factSchema} preview={{ input: sampleInput, partnerId }} />;
}

const meta: Meta<typeof BuilderApp> = {
  title: 'PlanBuilder',
  component: BuilderApp,
  render: (args, { globals }) => <BuilderApp {...args} locale={localeOf(globals, args.locale)} />,
  args: { locale: 'en' },
  parameters: { layout: 'fullscreen' },
};
export default meta;
type Story = StoryObj<typeof BuilderApp>;

export const AgenciesAndAgents: Story = { args: { initial: plans['agency-agents']!, partnerId: busiestPartner(['agent', 'agency']).id } };
export const FieldService: Story = { args: { initial: plans['field-service']!, partnerId: firstPartnerOf('installer').id } };
export const Outbound: Story = { args: { initial: plans['outbound']!, partnerId: firstPartnerOf('outbound').id } };
export const EmptyPlan: Story = { args: { initial: emptyPlan, partnerId: firstPartnerOf('agent').id }, tags: ['state:empty'] };
/** The blank plan in Italian on a phone: palette, canvas and inspector stacked, nothing wider than the screen. */
export const ItalianOnAPhone: Story = {
  args: { initial: emptyPlan, partnerId: firstPartnerOf('agent').id, locale: 'it' },
  globals: { ...italian.globals, ...onAPhone.globals },
  tags: ['state:italian', 'state:mobile'],
};
/** A misspelt column in a formula: the node is flagged and the plan's problems are listed. */
export const WithErrors: Story = {
  args: { initial: setFormulaAt(plans['agency-agents']!, ['sheets', 'Lines', 'columns', 'Commission', 'formula'], '=[@Unitz] * [@Rate] + [@Fixed]'), partnerId: busiestPartner(['agent', 'agency']).id },
  tags: ['state:error'],
};
/**
 * Forty more line columns: the canvas is longer than the screen, so a drag near its edge scrolls it (the browser test
 * drags here and checks the shown destination and the announcement against where the column lands).
 */
export const LongData: Story = { args: { initial: longPlan(40), partnerId: busiestPartner(['agent', 'agency']).id }, tags: ['state:long-data'] };
