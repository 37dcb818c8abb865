import { hash } from '@provvigo/core';
import type { Queryable } from './db.js';
import { storableText } from './sql.js';
import { storableTimes } from './timestamps.js';
import { StoreError, type Store } from './store.js';

/**
 * A partner's question about its statement of a period (the whole statement, or one line of it) and finance's answer.
 * Commercial suites call this the inquiry or dispute module: the partner asks where it reads its pay, finance answers
 * where it reviews the period, and both stay on record. Each message is a row of `provvigo_inquiries` (append-only,
 * one answer per question, enforced by the database) and an audit entry holding its text in the hash chain. The
 * store does not check who may ask or answer: the caller does (the studio: a partner for itself, finance and the
 * approver answer).
 */

/** `explained`: the statement stands, the answer says why; `toCorrect`: finance will correct it (an adjustment, a later run). */
export type InquiryOutcome = 'explained' | 'toCorrect';

export interface Inquiry {
  id: number;
  periodId: string;
  /** The run whose statement the partner read when asking. */
  runId: string;
  partnerId: string;
  /** The statement line asked about; null for the statement as a whole. */
  lineId: string | null;
  question: string;
  askedBy: string;
  askedAt: string;
  answer: { text: string; outcome: InquiryOutcome; by: string; at: string } | null;
}

export const MAX_INQUIRY_TEXT = 2000;

export interface InquiryRow {
  id: number;
  period_id: string;
  run_id: string;
  partner_id: string;
  line_id: string | null;
  kind: 'question' | 'answer';
  answers: number | null;
  outcome: InquiryOutcome | null;
  body: string;
  author: string;
  at: string;
}

export const INQUIRY_COLUMNS = 'id, period_id, run_id, partner_id, line_id, kind, answers, outcome, body, author, at';

/** SHA-256 of a message row as written: its audit entry records it, and `verifyStore` hashes the row again. */
export function inquiryRowHash(r: InquiryRow): string {
  const { id, period_id, run_id, partner_id, line_id, kind, answers, outcome, body, author, at } = r;
  return hash({ id: Number(id), period_id, run_id, partner_id, line_id, kind, answers: answers === null ? null : Number(answers), outcome, body, author, at });
}

/** Inserts one message and returns its row hash for the audit entry (`rows: [{ id, hash }]`). */
async function insertMessage(tx: Queryable, m: Omit<InquiryRow, 'id'>): Promise<{ id: number; hash: string }> {
  const { rows } = await tx.query<InquiryRow>(
    `INSERT INTO provvigo_inquiries (period_id, run_id, partner_id, line_id, kind, answers, outcome, body, author, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${INQUIRY_COLUMNS}`,
    [m.period_id, m.run_id, m.partner_id, m.line_id, m.kind, m.answers, m.outcome, m.body, m.author, m.at],
  );
  const row = rows[0]!;
  return { id: Number(row.id), hash: inquiryRowHash(row) };
}

function storableBody(field: 'the question' | 'the answer', text: string): void {
  storableText({ [field]: text });
  if (text.trim() === '' || text.length > MAX_INQUIRY_TEXT) {
    const [en, it] = field === 'the question' ? ['the question', 'la domanda'] : ['the answer', 'la risposta'];
    throw new StoreError('invalid_data', { en: `${en} must hold 1 to ${MAX_INQUIRY_TEXT} characters`, it: `${it} deve avere da 1 a ${MAX_INQUIRY_TEXT} caratteri` });
  }
}

/** Questions with their answers, oldest first. */
function threads(rows: readonly InquiryRow[]): Inquiry[] {
  const answers = new Map(rows.filter((r) => r.kind === 'answer').map((r) => [Number(r.answers), r]));
  return rows
    .filter((r) => r.kind === 'question')
    .map((q) => {
      const a = answers.get(Number(q.id));
      return {
        id: Number(q.id),
        periodId: q.period_id,
        runId: q.run_id,
        partnerId: q.partner_id,
        lineId: q.line_id,
        question: q.body,
        askedBy: q.author,
        askedAt: q.at,
        answer: a ? { text: a.body, outcome: a.outcome!, by: a.author, at: a.at } : null,
      };
    });
}

async function readInquiry(tx: Queryable, id: number): Promise<Inquiry | undefined> {
  const { rows } = await tx.query<InquiryRow>(`SELECT ${INQUIRY_COLUMNS} FROM provvigo_inquiries WHERE id = $1 OR answers = $1 ORDER BY id`, [id]);
  return threads(rows)[0];
}

/** How many of a partner's questions about a period await an answer, read inside the caller's transaction. */
async function openCount(tx: Queryable, periodId: string, partnerId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM provvigo_inquiries q
      WHERE q.kind = 'question' AND q.period_id = $1 AND q.partner_id = $2
        AND NOT EXISTS (SELECT 1 FROM provvigo_inquiries a WHERE a.answers = q.id)`,
    [periodId, partnerId],
  );
  return Number(rows[0]!.n);
}

/**
 * Records a partner's question about its statement of `periodId` in run `runId` (one line of it, or all of it). With
 * `maxOpen`, a partner with that many questions of the period awaiting an answer is refused (`inquiry_limit`). The count
 * is read under the store's write lock, so requests racing from several sessions or processes cannot pass it together.
 */
export async function openInquiry(
  store: Store,
  args: { periodId: string; runId: string; partnerId: string; lineId: string | null; question: string; actor: string; at: string; maxOpen?: number | undefined },
): Promise<Inquiry> {
  storableText({ 'the period id': args.periodId, 'the run id': args.runId, 'the partner id': args.partnerId, 'the line id': args.lineId, 'the actor id': args.actor });
  storableTimes({ at: args.at });
  storableBody('the question', args.question);
  return store.writeTx(async (tx, audit) => {
    const max = args.maxOpen;
    const open = max === undefined ? 0 : await openCount(tx, args.periodId, args.partnerId);
    if (max !== undefined && open >= max) {
      throw new StoreError('inquiry_limit', {
        en: `${open} of your questions about ${args.periodId} await an answer: wait for finance to answer before asking more`,
        it: `${open} tue domande su ${args.periodId} attendono risposta: attendi che l'amministrazione risponda prima di farne altre`,
      });
    }
    const written = await insertMessage(tx, {
      period_id: args.periodId,
      run_id: args.runId,
      partner_id: args.partnerId,
      line_id: args.lineId,
      kind: 'question',
      answers: null,
      outcome: null,
      body: args.question,
      author: args.actor,
      at: args.at,
    });
    const id = written.id;
    const details = { inquiry: id, period: args.periodId, partner: args.partnerId, line: args.lineId, text: args.question, rows: [written] };
    await audit({ at: args.at, actor: args.actor, action: 'inquiry.open', runId: args.runId, details });
    return (await readInquiry(tx, id))!;
  });
}

/**
 * Answers question `id` once; a second answer, or a question the store does not have (or, with `periodId`, not of that
 * period: a caller working on one period never answers another's), is refused in both languages.
 */
export async function answerInquiry(
  store: Store,
  args: { id: number; periodId?: string | undefined; answer: string; outcome: InquiryOutcome; actor: string; at: string },
): Promise<Inquiry> {
  storableText({ 'the actor id': args.actor, 'the period id': args.periodId });
  storableTimes({ at: args.at });
  storableBody('the answer', args.answer);
  return store.writeTx(async (tx, audit) => {
    const asked = await readInquiry(tx, args.id);
    if (asked && args.periodId !== undefined && asked.periodId !== args.periodId) {
      throw new StoreError('inquiry_unknown', { en: `period ${args.periodId} has no question ${args.id}`, it: `il periodo ${args.periodId} non ha la domanda ${args.id}` });
    }
    if (!asked) throw new StoreError('inquiry_unknown', { en: `there is no question ${args.id}`, it: `non esiste la domanda ${args.id}` });
    if (asked.answer) {
      const [by, at] = [asked.answer.by, asked.answer.at];
      throw new StoreError('inquiry_answered', { en: `question ${args.id} was already answered by ${by} at ${at}`, it: `alla domanda ${args.id} ha già risposto ${by} il ${at}` });
    }
    const written = await insertMessage(tx, {
      period_id: asked.periodId,
      run_id: asked.runId,
      partner_id: asked.partnerId,
      line_id: asked.lineId,
      kind: 'answer',
      answers: asked.id,
      outcome: args.outcome,
      body: args.answer,
      author: args.actor,
      at: args.at,
    });
    const details = { inquiry: asked.id, period: asked.periodId, partner: asked.partnerId, outcome: args.outcome, text: args.answer, rows: [written] };
    await audit({ at: args.at, actor: args.actor, action: 'inquiry.answer', runId: asked.runId, details });
    return (await readInquiry(tx, asked.id))!;
  });
}

/** The questions of a period, of one partner or of all, with their answers, oldest first. */
export async function listInquiries(store: Store, filter: { periodId: string; partnerId?: string | undefined }): Promise<Inquiry[]> {
  storableText({ 'the period id': filter.periodId, 'the partner id': filter.partnerId });
  const own = filter.partnerId === undefined ? '' : ' AND partner_id = $2';
  const params = filter.partnerId === undefined ? [filter.periodId] : [filter.periodId, filter.partnerId];
  const { rows } = await store.db.query<InquiryRow>(`SELECT ${INQUIRY_COLUMNS} FROM provvigo_inquiries WHERE period_id = $1${own} ORDER BY id`, params);
  return threads(rows);
}
