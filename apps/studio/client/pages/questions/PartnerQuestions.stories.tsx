import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../../packages/react/stories/storyStates.js';
import '../../studio.css';
import type { InquiryItem } from './InquiryThread.js';
import { PartnerQuestions } from './PartnerQuestions.js';
import { manyQuestions, sampleLines, someQuestions } from './questionSamples.js';

// The partner's questions under its statement in the portal; asking answers at once (no server behind a story).
type Args = { inquiries: InquiryItem[]; result: { ok: boolean; text: string } | null; since?: string | null };
const meta: Meta<Args> = {
  title: 'Studio/PartnerQuestions',
  render: ({ inquiries, result, since }, { globals }) => (
    <PartnerQuestions inquiries={inquiries} since={since ?? null} lines={sampleLines} locale={localeOf(globals)} busy={false} result={result} onAsk={async () => true} />
  ),
  args: { inquiries: someQuestions, result: null },
};
export default meta;
type Story = StoryObj<Args>;

export const Answered: Story = {};
/** Signed in before question 13 was answered: its answer is marked new, and counted above the list. */
export const NewSinceLastSignIn: Story = { args: { since: '2026-04-05T00:00:00Z' } };
/** No question asked yet: only the form. */
export const Empty: Story = { args: { inquiries: [] }, tags: ['state:empty'] };
/** A question the server refused (the text the page shows for its code). */
export const WithErrors: Story = { args: { result: { ok: false, text: 'Check the form: a required field is missing or too short.' } }, tags: ['state:error'] };
export const LongData: Story = { args: { inquiries: manyQuestions.map((q) => ({ ...q, partnerId: 'AG001' })) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { result: { ok: false, text: 'Controlla il modulo: manca un campo obbligatorio o è troppo corto.' } } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
