import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { PreviewPanel, setFormulaAt } from '../src/index.js';
import type { PreviewData, PreviewTarget } from '../src/index.js';
import { busiestPartner, firstPartnerOf, partners, plans, sampleInput } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

// The panel computes its preview after it mounts (debounced), never when this module loads. The stories pass every
// prop the panel reads, so a host-given option (a HyperFormula licence key) can be added without changing them.
interface Args {
  plan: Plan;
  target: PreviewTarget;
  data: PreviewData;
}
const agency = plans['agency-agents']!;
const busiest = { input: sampleInput, partnerId: busiestPartner(['agent', 'agency']).id };
const commission: PreviewTarget = { sheet: 'Lines', name: 'Commission', kind: 'column' };
const meta: Meta<Args> = {
  title: 'Authoring/PreviewPanel',
  render: (args, { globals }) => <PreviewPanel {...args} locale={localeOf(globals)} debounceMs={0} />,
  args: { plan: agency, target: { sheet: 'Summary', name: 'VolumeBonus', kind: 'cell' }, data: busiest },
};
export default meta;
type Story = StoryObj<Args>;

export const SummaryCell: Story = {};
/** A new agent without contracts in the period: no rows to show. */
export const Empty: Story = {
  tags: ['state:empty'],
  args: {
    target: commission,
    data: { input: { ...sampleInput, partners: [...partners, { ...firstPartnerOf('agent'), id: 'AG-NEW', name: 'Nuovo agente' }] }, partnerId: 'AG-NEW' },
  },
};
/** The previewed column reads a misspelt column: nothing can be computed, and the panel says so. */
export const WithErrors: Story = {
  tags: ['state:error'],
  args: { plan: setFormulaAt(agency, ['sheets', 'Lines', 'columns', 'Commission', 'formula'], '=[@Unitz] * [@Rate]'), target: commission },
};
/** Every contract of the busiest partner (the panel shows the first 50). */
export const LongData: Story = { args: { target: commission }, tags: ['state:long-data'] };
/** A gate in Italian: VERO/FALSO for every partner. */
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { target: { sheet: 'Summary', name: 'TargetReached', kind: 'cell' } } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { target: commission } };
