import type { Meta, StoryObj } from '@storybook/react-vite';
import { explanationLabels } from '@provvigo/core';
import type { StatementLine } from '@provvigo/core';
import { Explanation } from '../src/index.js';
import fixturesJson from './fixtures/portal.json';
import type { PortalFixtures } from './fixtures/portalFixtures.js';
import { factSchema, plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

// Precomputed lines of the sample (fixtures/generate.ts): no engine runs when the stories load. The stories check no
// sentence of the explanation: its wording belongs to the component.
const fixtures = fixturesJson as unknown as PortalFixtures;
const sourceHref = (s: { system: string; table: string; id: string }) =>
  s.system === 'salesforce' ? `https://crm.example.invalid/lightning/r/${s.table}/${s.id}/view` : undefined;
const lines = [fixtures.agent, fixtures.installer, fixtures.agency].flatMap((v) => v.statement.lines);
/** The line with the longest derivation of the sample. */
const longest = [...lines].sort((a, b) => b.trace.cells.length - a.trace.cells.length)[0]!;
/** A line whose derivation passed or failed a gate (a SE/IF branch), if the sample has one. */
const gated = lines.find((l) => l.trace.cells.some((c) => c.gate !== undefined)) ?? longest;

const meta: Meta<{ line: StatementLine }> = {
  title: 'Portal/Explanation',
  render: ({ line }, { globals }) => <Explanation line={line} locale={localeOf(globals)} sourceHref={sourceHref} />,
  args: { line: fixtures.agent.statement.lines[0]! },
};
export default meta;
type Story = StoryObj<{ line: StatementLine }>;

export const OneLine: Story = {};
/** The same line with the plan's labels (a parse of the plan, no engine run): every name in the reader's language. */
export const InReadersWords: Story = {
  render: ({ line }, { globals }) => <Explanation line={line} locale={localeOf(globals)} sourceHref={sourceHref} labels={explanationLabels(plans['agency-agents']!, factSchema)} />,
};
/** A line without a source record or computed steps (an adjustment): only its amount. */
export const Empty: Story = { args: { line: { ...fixtures.agent.statement.lines[0]!, source: null, trace: { ...fixtures.agent.statement.lines[0]!.trace, cells: [] } } }, tags: ['state:empty'] };
/** A gated step: which branch was taken. */
export const Gate: Story = { args: { line: gated } };
export const LongData: Story = { args: { line: longest }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { line: gated } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { line: longest } };
