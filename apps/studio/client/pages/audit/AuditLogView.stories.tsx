import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../../packages/react/stories/storyStates.js';
import '../../studio.css';
import { AuditLogView, type AuditLogViewProps } from './AuditLogView.js';
import { brokenCheck, intactCheck, manyEntries, someEntries } from './auditSamples.js';

// The auditor's tab: the full check on demand, the log newest first, filters, older pages (no server behind a story).
type Args = Pick<AuditLogViewProps, 'entries' | 'hasMore' | 'check' | 'busy' | 'error'>;
const meta: Meta<Args> = {
  title: 'Studio/AuditLogView',
  render: (args, { globals }) => (
    <AuditLogView {...args} filter={{ action: '', actor: '', run: '' }} locale={localeOf(globals)} onFilter={() => {}} onMore={() => {}} onCheck={() => {}} />
  ),
  args: { entries: someEntries, hasMore: false, check: intactCheck, busy: null, error: null },
};
export default meta;
type Story = StoryObj<Args>;

export const Intact: Story = {};
/** Nothing matches the filter (or nothing was recorded yet), and the chain not checked yet. */
export const Empty: Story = { args: { entries: [], check: null }, tags: ['state:empty'] };
/** The check found an edited entry and a ledger row that no longer matches it; a page failed to load. */
export const WithErrors: Story = { args: { check: brokenCheck, error: 'The request failed (network). Try again.' }, tags: ['state:error'] };
export const LongData: Story = { args: { entries: manyEntries, hasMore: true, check: null }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { check: brokenCheck } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { entries: manyEntries.slice(0, 6), hasMore: true } };
/** A check in progress: the buttons wait. */
export const Checking: Story = { args: { busy: 'check', check: null } };
