import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { PlanBuilder } from '../src/index.js';
import type { UiLocale } from '../src/index.js';
import { busiestPartner, emptyPlan, factSchema, firstPartnerOf, plans, sampleInput } from './sampleData.js';

/** The builder as an app embeds it: it owns the plan state and saves what `onChange` emits. */
function BuilderApp({ initial, partnerId, locale }: { initial: Plan; partnerId: string; locale: UiLocale }): ReactElement {
  const [plan, setPlan] = useState(initial);
  return <PlanBuilder plan={plan} onChange={setPlan} locale={locale} factSchema={factSchema} preview={{ input: sampleInput, partnerId }} />;
}

const meta: Meta<typeof BuilderApp> = {
  title: 'PlanBuilder',
  component: BuilderApp,
  render: (args, { globals }) => <BuilderApp {...args} locale={(globals['locale'] as UiLocale | undefined) ?? args.locale} />,
  args: { locale: 'en' },
  parameters: { layout: 'fullscreen' },
};
export default meta;
type Story = StoryObj<typeof BuilderApp>;

export const AgenciesAndAgents: Story = { args: { initial: plans['agency-agents']!, partnerId: busiestPartner(['agent', 'agency']).id } };
export const FieldService: Story = { args: { initial: plans['field-service']!, partnerId: firstPartnerOf('installer').id } };
export const Outbound: Story = { args: { initial: plans['outbound']!, partnerId: firstPartnerOf('outbound').id } };
export const EmptyPlan: Story = { args: { initial: emptyPlan, partnerId: firstPartnerOf('agent').id } };
/** The blank plan in Italian on a phone: palette, canvas and inspector stacked, nothing wider than the screen. */
export const ItalianOnAPhone: Story = {
  args: { initial: emptyPlan, partnerId: firstPartnerOf('agent').id, locale: 'it' },
  globals: { locale: 'it', viewport: { value: 'mobile1', isRotated: false } },
};
