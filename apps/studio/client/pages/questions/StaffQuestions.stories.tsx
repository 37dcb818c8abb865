import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../../packages/react/stories/storyStates.js';
import '../../studio.css';
import type { InquiryItem } from './InquiryThread.js';
import { answerEmailed, correctionUnderReview, manyQuestions, someQuestions } from './questionSamples.js';
import { StaffQuestions } from './StaffQuestions.js';

// Partners' questions on the period page; answering answers at once (no server behind a story).
type Args = { inquiries: InquiryItem[]; canAnswer: boolean; result: { ok: boolean; text: string } | null; since?: string | null; mail?: boolean };
const meta: Meta<Args> = {
  title: 'Studio/StaffQuestions',
  render: ({ inquiries, canAnswer, result, since, mail }, { globals }) => (
    <StaffQuestions inquiries={inquiries} since={since ?? null} locale={localeOf(globals)} canAnswer={canAnswer} busy={false} result={result} onAnswer={async () => true} onNotify={mail ? async () => {} : undefined} />
  ),
  args: { inquiries: someQuestions, canAnswer: true, result: null },
};
export default meta;
type Story = StoryObj<Args>;

export const OneOpen: Story = {};
/** Signed in before question 12 was asked: it is marked new, and counted with the open ones. */
export const NewSinceLastSignIn: Story = { args: { since: '2026-04-04T00:00:00Z' } };
export const Empty: Story = { args: { inquiries: [] }, tags: ['state:empty'] };
/** Another person answered first: the store's refusal, as the page shows it. */
export const WithErrors: Story = { args: { result: { ok: false, text: 'question 12 was already answered by franca.rossi at 2026-04-05T10:00:00Z' } }, tags: ['state:error'] };
export const LongData: Story = { args: { inquiries: manyQuestions }, tags: ['state:long-data'] };
/** An auditor reads, without answer forms. */
export const ReadOnly: Story = { args: { canAnswer: false } };
/** A correction booked by a run not approved yet: staff see it marked, the partner not at all. */
export const CorrectionUnderReview: Story = { args: { inquiries: correctionUnderReview } };
/** The first answer reached the partner by e-mail (`provvigo period notify`): staff see where and when. */
export const AnswerEmailed: Story = { args: { inquiries: answerEmailed } };
/** A studio with e-mail set up: the answers not yet sent can be e-mailed from here; the result of the last send. */
export const EmailTheAnswers: Story = {
  args: { inquiries: answerEmailed, mail: true, result: { ok: false, text: 'E-mailed to 1 partner. Not sent: AG002 (550 5.1.1 <ag002@example.it>: Recipient address rejected: mailbox unavailable).' } },
};
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { inquiries: manyQuestions.slice(0, 4) } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
