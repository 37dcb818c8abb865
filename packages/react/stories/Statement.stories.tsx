import type { Meta, StoryObj } from '@storybook/react-vite';
import { evaluate } from '@provvigo/core';
import type { Partner, Plan, Statement as RunStatement } from '@provvigo/core';
import { Explanation, Statement } from '../src/index.js';
import type { UiLocale } from '../src/index.js';
import { portalView } from './portalData.js';
import { firstPartnerOf, plans, sampleInput } from './sampleData.js';

/** Runs core's evaluate on the sample for one partner, as the portal would show it. */
function statementFor(plan: Plan, partner: Partner): RunStatement {
  const result = evaluate({ ...sampleInput, plans: [plan], partners: [partner] });
  return result.statements.find((s) => s.partnerId === partner.id)!;
}

const sourceHref = (s: { system: string; table: string; id: string }) =>
  s.system === 'salesforce' ? `https://crm.example.invalid/lightning/r/${s.table}/${s.id}/view` : undefined;

const agent = firstPartnerOf('agent');
const installer = firstPartnerOf('installer');

const meta: Meta<typeof Statement> = {
  title: 'Portal/Statement',
  component: Statement,
  render: (args, { globals }) => <Statement {...args} locale={(globals['locale'] as UiLocale | undefined) ?? args.locale} />,
  args: { locale: 'en', sourceHref },
};
export default meta;
type Story = StoryObj<typeof Statement>;

export const Agent: Story = { args: { statement: statementFor(plans['agency-agents']!, agent), partner: agent } };
export const Installer: Story = { args: { statement: statementFor(plans['field-service']!, installer), partner: installer } };

const agentStatement = statementFor(plans['agency-agents']!, agent);
export const OneLineExplanation: StoryObj<typeof Explanation> = {
  render: (_args, { globals }) => (
    <Explanation line={agentStatement.lines[0]!} locale={(globals['locale'] as UiLocale | undefined) ?? 'en'} sourceHref={sourceHref} />
  ),
};

const agency = firstPartnerOf('agency');
/** The full portal view: ledger movements (held until activation, reserve), Italian fiscal items and net to pay. */
export const WithLedgerAndInvoice: Story = {
  args: { ...portalView(plans['agency-agents']!, agency), partner: agency },
};
