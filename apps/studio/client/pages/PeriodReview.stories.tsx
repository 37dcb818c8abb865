import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../packages/react/stories/storyStates.js';
import '../studio.css';
import { PeriodReview } from './PeriodReview.js';
import type { Review } from './PeriodReview.js';
import { blockedReview, calculatedReview, firstPeriodReview, longReview } from './reviewSamples.js';

// The approver's review as the period page shows it; the comment form answers at once (no server behind a story).
const meta: Meta<{ review: Review; canComment: boolean }> = {
  title: 'Studio/PeriodReview',
  render: ({ review, canComment }, { globals }) => <PeriodReview review={review} locale={localeOf(globals)} canComment={canComment} busy={false} onComment={async () => true} />,
  args: { review: calculatedReview, canComment: true },
};
export default meta;
type Story = StoryObj<{ review: Review; canComment: boolean }>;

export const Calculated: Story = {};
/** The first period: nothing read, nothing to compare with, no comments. */
export const Empty: Story = { args: { review: firstPeriodReview }, tags: ['state:empty'] };
/** Blocked partners, record errors and an earlier rejection with its reason. */
export const WithErrors: Story = { args: { review: blockedReview }, tags: ['state:error'] };
export const LongData: Story = { args: { review: longReview }, tags: ['state:long-data'] };
/** A partner-facing reader may not comment: no form. */
export const ReadOnly: Story = { args: { canComment: false } };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { review: blockedReview } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { review: longReview } };
