import { smtpTransport, sendAnswerNotices } from '@provvigo/documents';
import { answerInquiry, dueAnswerNotices, inquiryCorrections, inquiryNotices, listInquiries, recordInquiryNotice, MAX_INQUIRY_TEXT, openInquiry, StoreError, type Inquiry, type Store } from '@provvigo/store';
import { z } from 'zod';
import { parseBody } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { idParam, inquiryParam, MAX_LINE_ID_LENGTH } from '../http/params.js';
import { assertMayReadPartner, assertRole, runOf, visibleToPartners, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

const text = z.string().trim().min(1, 'must not be empty').max(MAX_INQUIRY_TEXT, `must be at most ${MAX_INQUIRY_TEXT} characters`);
const QuestionSchema = z.object({ question: text, lineId: z.string().min(1).max(MAX_LINE_ID_LENGTH).optional() }).strict();
const AnswerSchema = z.object({ answer: text, outcome: z.enum(['explained', 'toCorrect']) }).strict();

/**
 * Questions a partner may have awaiting an answer in one period: enough for any real dispute, and a bound on what one
 * account can pile onto finance's list (OWASP ASVS V11.1, business logic limits).
 */
export const MAX_OPEN_QUESTIONS = 20;

/**
 * The questions with the adjustments of later runs that correct what each asked about (the store's
 * `inquiryCorrections`): a partner sees those of approved runs only, staff also those of runs still under review.
 */
async function withCorrections(store: Store, inquiries: Inquiry[], partnerUser: boolean) {
  const corrections = await inquiryCorrections(store, inquiries, { visibleOnly: partnerUser });
  return inquiries.map((i) => ({ ...i, corrections: corrections.get(i.id) ?? [] }));
}

/**
 * When the user signed in before this sign-in: the audit log's `studio.login` entries, newest first (one indexed page
 * of two). The client marks what is newer (answers for a partner, questions for staff); null on a first sign-in.
 */
async function previousSignIn(store: Store, userId: string): Promise<string | null> {
  const { entries } = await store.auditPage({ limit: 2, actor: userId, action: 'studio.login' });
  return entries[1]?.at ?? null;
}

const MAIL_NOT_CONFIGURED = {
  en: 'e-mail to partners is not configured: start the studio with PROVVIGO_SMTP_URL and PROVVIGO_MAIL_FROM, or use provvigo period notify',
  it: "l'e-mail ai partner non è configurata: avvia lo studio con PROVVIGO_SMTP_URL e PROVVIGO_MAIL_FROM, oppure usa provvigo period notify",
};
const NOTIFY_RUNNING = { en: 'the answers of this period are being e-mailed already: wait for that to finish', it: 'le risposte di questo periodo sono già in invio: attendi che finisca' };

/** Who answers partners' questions: those who review and pay the period. */
const ANSWERERS = ['finance', 'approver'] as const;

/**
 * Partners' questions about their statements and the answers (the store's `inquiries.ts`). A partner asks about its
 * own approved statement, as a whole or one line of it, and reads its own questions; staff read every partner's;
 * finance and the approver answer, once per question, saying whether the statement stands or will be corrected.
 */
export function registerInquiries(app: StudioApp, ctx: StudioContext): void {
  const { store } = ctx;
  /**
   * The partner's statement lines in the period's current run (without traces: the routes check a line id, no more),
   * which a partner may read only once approved; else a 404.
   */
  const statementFor = async (periodId: string, partnerId: string, partnerUser: boolean) => {
    const run = await runOf(ctx, periodId);
    if (partnerUser && !visibleToPartners(run.record.state)) throw new HttpError(404, 'not_found', `no approved statement for ${periodId} yet`);
    const lines = await store.statementLines(run.record.id, partnerId);
    if (!lines) throw new HttpError(404, 'not_found', `no statement for ${partnerId} in ${periodId}`);
    return { run, lines };
  };

  app.get('/api/periods/:period/statements/:partner/inquiries', async (c) => {
    const [periodId, partnerId] = [idParam(c, 'period'), idParam(c, 'partner')];
    const user = assertMayReadPartner(c.get('user'), partnerId);
    const partnerUser = user.roles.includes('partner');
    await statementFor(periodId, partnerId, partnerUser);
    const inquiries = await withCorrections(store, await listInquiries(store, { periodId, partnerId }), partnerUser);
    return c.json({ inquiries, since: await previousSignIn(store, user.id) });
  });

  app.post('/api/periods/:period/statements/:partner/inquiries', async (c) => {
    const [periodId, partnerId] = [idParam(c, 'period'), idParam(c, 'partner')];
    const user = assertMayReadPartner(c.get('user'), partnerId);
    // the partner asks; staff answer (a question asked for a partner would be staff's words in its name)
    if (!user.roles.includes('partner')) throw HttpError.forbidden();
    const body = await parseBody(c, QuestionSchema);
    const { run, lines } = await statementFor(periodId, partnerId, true);
    if (body.lineId !== undefined && !lines.some((l) => l.id === body.lineId)) {
      throw new HttpError(422, 'invalid_body', 'lineId: not a line of this statement', { field: 'lineId' });
    }
    const asked = { periodId, runId: run.record.id, partnerId, lineId: body.lineId ?? null, question: body.question, actor: user.id, at: ctx.now() };
    try {
      return c.json({ inquiry: await openInquiry(store, { ...asked, maxOpen: MAX_OPEN_QUESTIONS }) });
    } catch (e) {
      // the limit is counted under the store's write lock (parallel requests cannot pass it together): a 429, not a 409
      if (e instanceof StoreError && e.code === 'inquiry_limit') throw new HttpError(429, 'too_many_questions', e.message, { messages: e.messages });
      throw e;
    }
  });

  app.get('/api/periods/:period/inquiries', async (c) => {
    const periodId = idParam(c, 'period');
    const user = assertRole(c.get('user'), 'finance', 'approver', 'calculator', 'auditor');
    await runOf(ctx, periodId);
    // staff also see which answers reached the partner by e-mail (`provvigo period notify`), and when
    const notices = await inquiryNotices(store, periodId);
    const inquiries = (await withCorrections(store, await listInquiries(store, { periodId }), false)).map((i) => ({ ...i, notice: notices.get(i.id) ?? null }));
    // `mail`: whether this studio can e-mail them (POST …/notify), so the page offers the button only then
    return c.json({ inquiries, since: await previousSignIn(store, user.id), mail: ctx.mail !== undefined });
  });

  // periods whose answers this studio is e-mailing now: a second click waits for the first instead of sending twice
  const notifying = new Set<string>();
  app.post('/api/periods/:period/inquiries/notify', async (c) => {
    const periodId = idParam(c, 'period');
    const user = assertRole(c.get('user'), ...ANSWERERS);
    await runOf(ctx, periodId);
    const mail = ctx.mail;
    if (!mail) throw new HttpError(503, 'mail_not_configured', MAIL_NOT_CONFIGURED.en, { messages: MAIL_NOT_CONFIGURED });
    if (notifying.has(periodId)) throw new HttpError(409, 'notify_running', NOTIFY_RUNNING.en, { messages: NOTIFY_RUNNING });
    notifying.add(periodId);
    const transport = smtpTransport(mail.smtp);
    try {
      const { due, missing } = await dueAnswerNotices(store, periodId);
      const record = (sent: { partnerId: string; inquiries: number[]; to: string; messageId: string }) => recordInquiryNotice(store, { periodId, ...sent, by: user.id, at: ctx.now() });
      const results = await sendAnswerNotices(due, { transport, from: mail.from, portalUrl: mail.portalUrl, record });
      return c.json({ results, missing });
    } finally {
      transport.close();
      notifying.delete(periodId);
    }
  });

  app.post('/api/periods/:period/inquiries/:inquiry/answer', async (c) => {
    const [periodId, id] = [idParam(c, 'period'), inquiryParam(c)];
    const user = assertRole(c.get('user'), ...ANSWERERS);
    const body = await parseBody(c, AnswerSchema);
    try {
      return c.json({ inquiry: await answerInquiry(store, { id, periodId, answer: body.answer, outcome: body.outcome, actor: user.id, at: ctx.now() }) });
    } catch (e) {
      // a question of another period is not found here, as a missing one: a 404, not the store's refusal (409)
      if (e instanceof StoreError && e.code === 'inquiry_unknown') throw new HttpError(404, 'not_found', `period ${periodId} has no question ${id}`);
      throw e;
    }
  });
}
