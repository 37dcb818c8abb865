import type { Meta, StoryObj } from '@storybook/react-vite';
import { diffPlans } from '@provvigo/core';
import { authoringMessages } from '@provvigo/react';
import { longPlan } from '../../../../../packages/react/stories/longData.js';
import { plans } from '../../../../../packages/react/stories/sampleData.js';
import { italian, localeOf, onAPhone } from '../../../../../packages/react/stories/storyStates.js';
import '../../studio.css';
import { VersionsView } from './VersionsView.js';
import type { VersionRow, VersionsViewProps } from './VersionsView.js';

// The plan page's history and diff in each state. The diff is core's, computed when the story renders.
type Args = Pick<VersionsViewProps, 'versions' | 'error'> & { compared?: 'small' | 'long' };
const versions = (n: number): VersionRow[] =>
  Array.from({ length: n }, (_, i) => ({ version: i + 1, hash: `h${i + 1}`, savedBy: i % 2 ? 'dario.designer' : 'carla.conti', savedAt: `2026-0${1 + (i % 9)}-1${i % 10}T09:30:00Z`, approved: i === n - 2 }));
const agency = plans['agency-agents']!;
const meta: Meta<Args> = {
  title: 'Studio/VersionsPanel',
  render: ({ versions: v, error, compared }, { globals }) => {
    const to = v?.length ?? 0;
    const diff = compared ? { from: Math.max(1, to - 1), to, changes: diffPlans(agency, compared === 'long' ? longPlan(40) : longPlan(2)) } : undefined;
    return <VersionsView versions={v} from={Math.max(1, to - 1)} to={to} onFrom={() => undefined} onTo={() => undefined} onCompare={() => undefined} diff={diff} error={error} locale={localeOf(globals)} m={authoringMessages(localeOf(globals))} />;
  },
  args: { versions: versions(3), error: '', compared: 'small' },
};
export default meta;
type Story = StoryObj<Args>;

export const ThreeVersionsCompared: Story = {};
/** Reading the history. */
export const Loading: Story = { args: { versions: undefined, compared: undefined } };
/** A plan never saved. */
export const Empty: Story = { args: { versions: [], compared: undefined }, tags: ['state:empty'] };
/** The comparison failed: the reason in words. */
export const WithErrors: Story = { args: { compared: undefined, error: authoringMessages('en').unexpected('HTTP 500') }, tags: ['state:error'] };
/** Thirty versions, one of them approved, and a diff of forty new columns. */
export const LongData: Story = { args: { versions: versions(30), compared: 'long' }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
