import type { Meta, StoryObj } from '@storybook/react-vite';
import { explanationLabels } from '@provvigo/core';
import type { Statement as RunStatement } from '@provvigo/core';
import { Statement } from '../src/index.js';
import fixturesJson from './fixtures/portal.json';
import type { PortalFixtures } from './fixtures/portalFixtures.js';
import { factSchema, plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

// Precomputed views of the sample (fixtures/generate.ts): no engine runs when the stories load.
const fixtures = fixturesJson as unknown as PortalFixtures;

const sourceHref = (s: { system: string; table: string; id: string }) =>
  s.system === 'salesforce' ? `https://crm.example.invalid/lightning/r/${s.table}/${s.id}/view` : undefined;

const meta: Meta<typeof Statement> = {
  title: 'Portal/Statement',
  component: Statement,
  render: (args, { globals }) => <Statement {...args} locale={localeOf(globals, args.locale)} />,
  args: { locale: 'en', sourceHref },
};
export default meta;
type Story = StoryObj<typeof Statement>;

const { agent, installer, agency } = fixtures;
/** The reader's words for the agents' plan (a parse of the plan, no engine run): names in the reader's language. */
const agentLabels = explanationLabels(plans['agency-agents']!, factSchema);

export const Agent: Story = { args: { statement: agent.statement, partner: agent.partner, records: agent.records } };
export const Installer: Story = { args: { statement: installer.statement, partner: installer.partner, records: installer.records } };

/**
 * The full portal view of the agency with the most held amounts: net to pay first, held amounts per contract (product,
 * reason, release deadline), lines with the zero-euro ones folded, ledger movements and the Italian fiscal items.
 */
export const WithLedgerAndInvoice: Story = {
  args: {
    statement: agency.statement,
    partner: agency.partner,
    ...(agency.periodStatement ? { periodStatement: agency.periodStatement } : {}),
    ...(agency.fiscal ? { fiscal: agency.fiscal } : {}),
    ledgerEntries: agency.ledgerEntries,
    records: agency.records,
    explanationLabels: [agentLabels],
  },
};

/** The same in Italian (the toolbar's language switch does the same for every story). */
export const Italian: Story = { ...WithLedgerAndInvoice, ...italian, tags: ['state:italian'], args: { ...WithLedgerAndInvoice.args, locale: 'it' } };

/** The same on a 390 px phone: tables become labelled cards. */
export const Mobile: Story = { ...WithLedgerAndInvoice, ...onAPhone, tags: ['state:mobile'] };

/** A period without lines. */
export const Empty: Story = {
  tags: ['state:empty'],
  args: { statement: { ...agent.statement, lines: [], byComponent: {}, total: '0.00', blocked: false } as RunStatement, partner: agent.partner },
};

/** A statement the run blocked (an error in its data): the partner is told it cannot be approved as it is. */
export const Blocked: Story = { args: { ...Agent.args, statement: { ...agent.statement, blocked: true } }, tags: ['state:error'] };

/** Long data: every line repeated under a long label, so wrapping and the zero-line fold are exercised. */
export const LongData: Story = {
  tags: ['state:long-data'],
  args: {
    ...WithLedgerAndInvoice.args,
    statement: {
      ...agency.statement,
      lines: agency.statement.lines.flatMap((l, i) =>
        i % 3 === 0 ? [l, { ...l, id: `${l.id}~long`, amount: '0.00', label: `${l.label} — ${'commissione di esempio con un nome molto lungo '.repeat(3)}` }] : [l],
      ),
    },
  },
};
