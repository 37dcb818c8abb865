import { describe, expect, it } from 'vitest';
import { verifyAuditLog, type Actor } from '@provvigo/core';
import { answerInquiry, calculatePeriod, listInquiries, openInquiry, openPeriod, Store, StoreError, verifyStore } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// Partners' questions about a statement and finance's answers: append-only rows with one answer per question, each
// also an audit entry in the hash chain, on both engines.
const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

describe.each(ENGINES)('inquiries on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  it.skipIf(skip)('keeps a question and its one answer, per partner, in the audit chain; a second answer and an unknown question are refused', async () => {
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    const { run } = await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs: sampleInputs(), actor: carla, at: at(2) });
    const [p1, p2] = (await suite.store.listStatementHeaders(run.record.id)).map((h) => h.partnerId);
    const base = { periodId: OCTOBER.id, runId: run.record.id, at: at(3) };
    // the lines a question may name, read without their traces: the evaluated statement's, and none for a partner without one
    const [evaluated] = await suite.store.getEvaluated(run.record.id, p1!);
    expect((await suite.store.statementLines(run.record.id, p1!))!.map((l) => [l.id, l.amount])).toEqual(evaluated!.lines.map((l) => [l.id, l.amount]));
    expect(await suite.store.statementLines(run.record.id, 'NOBODY')).toBeNull();

    const q1 = await openInquiry(suite.store, { ...base, partnerId: p1!, lineId: 'line-7', question: 'Il contratto C-7 risulta KO, ma è attivo dal 3 ottobre.', actor: 'agent-1' });
    const q2 = await openInquiry(suite.store, { ...base, partnerId: p2!, lineId: null, question: 'Why is my October bonus lower?', actor: 'agent-2' });
    expect(q1).toEqual({ id: q1.id, periodId: OCTOBER.id, runId: run.record.id, partnerId: p1, lineId: 'line-7', question: 'Il contratto C-7 risulta KO, ma è attivo dal 3 ottobre.', askedBy: 'agent-1', askedAt: at(3), answer: null });
    expect(q2.id).not.toBe(q1.id);

    const answered = await answerInquiry(suite.store, { id: q1.id, answer: 'Corretto: il contratto sarà pagato a novembre.', outcome: 'toCorrect', actor: 'finance', at: at(4) });
    expect(answered.answer).toEqual({ text: 'Corretto: il contratto sarà pagato a novembre.', outcome: 'toCorrect', by: 'finance', at: at(4) });

    // one answer per question, and none to a question the store does not have: refused in both languages
    const again = answerInquiry(suite.store, { id: q1.id, answer: 'again', outcome: 'explained', actor: 'approver', at: at(5) });
    await expect(again).rejects.toMatchObject({ code: 'inquiry_answered', messages: { en: `question ${q1.id} was already answered by finance at ${at(4)}`, it: `alla domanda ${q1.id} ha già risposto finance il ${at(4)}` } });
    await expect(answerInquiry(suite.store, { id: 999_999, answer: 'x', outcome: 'explained', actor: 'finance', at: at(5) })).rejects.toMatchObject({ code: 'inquiry_unknown' });
    // asked for one period, a question of another is not found either (q2 is unanswered: nothing else refuses it)
    await expect(answerInquiry(suite.store, { id: q2.id, periodId: '2030-01', answer: 'x', outcome: 'explained', actor: 'finance', at: at(5) })).rejects.toMatchObject({
      code: 'inquiry_unknown',
      messages: { en: `period 2030-01 has no question ${q2.id}`, it: `il periodo 2030-01 non ha la domanda ${q2.id}` },
    });

    // read back by partner and by period, from the store
    expect((await listInquiries(suite.store, { periodId: OCTOBER.id, partnerId: p1! })).map((i) => [i.id, i.answer?.outcome ?? null])).toEqual([[q1.id, 'toCorrect']]);
    expect((await listInquiries(suite.store, { periodId: OCTOBER.id })).map((i) => i.id)).toEqual([q1.id, q2.id]);
    expect(await listInquiries(suite.store, { periodId: '2030-01' })).toEqual([]);

    const log = await suite.store.auditLog();
    expect(log.filter((e) => e.action.startsWith('inquiry.')).map((e) => [e.action, e.actor, e.details['inquiry'], e.details['text']])).toEqual([
      ['inquiry.open', 'agent-1', q1.id, 'Il contratto C-7 risulta KO, ma è attivo dal 3 ottobre.'],
      ['inquiry.open', 'agent-2', q2.id, 'Why is my October bonus lower?'],
      ['inquiry.answer', 'finance', q1.id, 'Corretto: il contratto sarà pagato a novembre.'],
    ]);
    expect(verifyAuditLog(log).ok).toBe(true);
  });

  it.skipIf(skip)('holds the limit of open questions when requests race from two connections, and frees a place with each answer', async () => {
    const [run] = await suite.store.listRuns(OCTOBER.id);
    const ask = (store: Store, n: number) =>
      openInquiry(store, { periodId: OCTOBER.id, runId: run!.record.id, partnerId: 'P-RACE', lineId: null, question: `Domanda ${n}`, actor: 'agent-9', at: at(5), maxOpen: 3 });
    // PostgreSQL: a second pool, other connections as another studio process would have; PGlite: one embedded connection
    const other = engine === 'postgres' ? await Store.open(await suite.location.open()) : suite.store;
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ask(n % 2 === 0 ? suite.store : other, n)));
    if (other !== suite.store) await other.close();
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as StoreError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(refused.map((e) => [e.code, e.messages?.it])).toEqual(
      Array.from({ length: 5 }, () => ['inquiry_limit', "3 tue domande su 2026-10 attendono risposta: attendi che l'amministrazione risponda prima di farne altre"]),
    );
    const mine = await listInquiries(suite.store, { periodId: OCTOBER.id, partnerId: 'P-RACE' });
    expect(mine).toHaveLength(3);
    // an answered question no longer counts; other partners are not held back by this one's
    await answerInquiry(suite.store, { id: mine[0]!.id, answer: 'Spiegato.', outcome: 'explained', actor: 'finance', at: at(6) });
    await expect(ask(suite.store, 9)).resolves.toMatchObject({ partnerId: 'P-RACE', question: 'Domanda 9' });
    await expect(ask(suite.store, 10)).rejects.toMatchObject({ code: 'inquiry_limit' });
  });

  it.skipIf(skip)('refuses an empty or overlong text and a NUL in it, naming the field in both languages, and writes nothing', async () => {
    const [run] = await suite.store.listRuns(OCTOBER.id);
    const base = { periodId: OCTOBER.id, runId: run!.record.id, partnerId: 'P1', lineId: null, actor: 'agent-1', at: at(6) };
    const before = (await suite.store.auditLog()).length;
    const refused = async (question: string) => {
      const e = await openInquiry(suite.store, { ...base, question }).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(StoreError);
      return (e as StoreError).messages;
    };
    expect(await refused('   ')).toEqual({ en: 'the question must hold 1 to 2000 characters', it: 'la domanda deve avere da 1 a 2000 caratteri' });
    expect(await refused('x'.repeat(2001))).toEqual({ en: 'the question must hold 1 to 2000 characters', it: 'la domanda deve avere da 1 a 2000 caratteri' });
    expect((await refused('a\u0000b'))?.it).toMatch(/^la domanda contiene un carattere NUL/);
    expect((await suite.store.auditLog()).length).toBe(before);
  });

  it.skipIf(skip)('is append-only: the database refuses to change or delete a message', async () => {
    const [first] = await listInquiries(suite.store, { periodId: OCTOBER.id });
    await expect(suite.db.query("UPDATE provvigo_inquiries SET body = 'edited' WHERE id = $1", [first!.id])).rejects.toThrow(/append-only/);
    await expect(suite.db.query('DELETE FROM provvigo_inquiries WHERE id = $1', [first!.id])).rejects.toThrow(/append-only/);
    // a second answer written behind the store's back is refused by the unique index
    await expect(
      suite.db.query(
        `INSERT INTO provvigo_inquiries (period_id, run_id, partner_id, kind, answers, outcome, body, author, at) VALUES ($1, $2, $3, 'answer', $4, 'explained', 'x', 'y', $5)`,
        [OCTOBER.id, first!.runId, first!.partnerId, first!.id, at(7)],
      ),
    ).rejects.toThrow(/provvigo_inquiries_one_answer/);
  });

  it.skipIf(skip)("lets audit verify find a question edited and an answer removed behind the store's back", async () => {
    expect((await verifyStore(suite.store)).problems).toEqual([]);
    const [q1, q2] = await listInquiries(suite.store, { periodId: OCTOBER.id });
    const answerRow = Number((await suite.db.query<{ id: number }>("SELECT id FROM provvigo_inquiries WHERE kind = 'answer' ORDER BY id")).rows[0]!.id);
    await suite.db.exec('ALTER TABLE provvigo_inquiries DISABLE TRIGGER ALL');
    await suite.db.query("UPDATE provvigo_inquiries SET body = 'Tutto chiaro, grazie.' WHERE id = $1", [q2!.id]);
    await suite.db.query('DELETE FROM provvigo_inquiries WHERE id = $1', [answerRow]);
    await suite.db.exec('ALTER TABLE provvigo_inquiries ENABLE TRIGGER ALL');
    const found = (await verifyStore(suite.store)).problems.filter((p) => p.table === 'provvigo_inquiries');
    expect(found.map((p) => [p.key, p.messages?.it.replace(/n\. \d+/, 'n. N')])).toEqual([
      [`#${q2!.id}`, "il suo contenuto non è quello registrato dalla voce n. N (inquiry.open di agent-2)"],
      [`#${answerRow}`, "manca, ma la voce n. N (inquiry.answer di finance) l'ha registrata"],
    ]);
    expect(q1!.answer).not.toBeNull();
  });
});
