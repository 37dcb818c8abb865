import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../packages/react/stories/storyStates.js';
import '../studio.css';
import { SapPostingsPanel } from './SapPostingsPanel.js';
import type { SapPostings } from './SapPostingsPanel.js';
import { longSap, nothingInSap, postedSap, troubledSap } from './sapSamples.js';

// What SAP holds of an approved period, as the period page shows it to finance, approvers and auditors.
const meta: Meta<{ view: SapPostings }> = {
  title: 'Studio/SapPostingsPanel',
  render: ({ view }, { globals }) => <SapPostingsPanel view={view} locale={localeOf(globals)} />,
  args: { view: postedSap },
};
export default meta;
type Story = StoryObj<{ view: SapPostings }>;

export const Posted: Story = {};
/** Approved, not yet posted by `provvigo post sap`. */
export const Empty: Story = { args: { view: nothingInSap }, tags: ['state:empty'] };
/** A refused invoice, one of unknown outcome, an amount other than the approved one, an edited row and a lost one. */
export const WithErrors: Story = { args: { view: troubledSap }, tags: ['state:error'] };
export const LongData: Story = { args: { view: longSap }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { view: troubledSap } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { view: troubledSap } };
