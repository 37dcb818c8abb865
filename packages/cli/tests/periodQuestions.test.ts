// `provvigo period questions` and `provvigo period answer` on a store whose period a partner asked about (through the
// store's openInquiry, as the studio's portal does), in English and Italian.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatMoney, type StatementLine } from '@provvigo/core';
import { openDatabase, openInquiry, Store, type Inquiry, type InquiryCorrection } from '@provvigo/store';
import { periodApprove, periodCalculate, periodOpen, periodValidate } from '../src/commands/period.js';
import { periodAnswer, periodQuestions } from '../src/commands/periodQuestions.js';
import { capture } from './helpers/capture.js';
import { removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';

let dir: string;
let db: string;
let asked: Inquiry[];
const base = () => ({ db, period: '2026-10' });

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-questions-cli-'));
  expect(await periodOpen({ ...base(), as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);
  // the fixture's 3 bad contracts make calculate exit 1; the run is stored all the same
  expect(await periodCalculate({ ...base(), ...sampleInputs, as: 'carla', at: '2026-11-01T09:00:00Z' }, capture().io)).toBe(1);
  expect(await periodValidate({ ...base(), as: 'carla', at: '2026-11-01T10:00:00Z' }, capture().io)).toBe(0);
  expect(await periodApprove({ ...base(), as: 'anna', at: '2026-11-02T10:00:00Z' }, capture().io)).toBe(0);
  const store = await Store.open(await openDatabase(db));
  try {
    const runId = (await store.listRuns('2026-10')).at(-1)!.record.id;
    const ask = (partnerId: string, lineId: string | null, question: string) =>
      openInquiry(store, { periodId: '2026-10', runId, partnerId, lineId, question, actor: partnerId.toLowerCase(), at: '2026-11-03T09:00:00Z' });
    asked = [await ask('AGT-0001', null, 'Perché il bonus è più basso?\nA settembre era il doppio.'), await ask('AGT-0002', 'agency-agents:Commission:C-1', 'Why is this line held?')];
  } finally {
    await store.close();
  }
}, 180_000);
afterAll(() => removeFolders(dir, db));

describe('period questions and answer', () => {
  it('lists the questions with their state, answers one once as --as, and filters by partner and by open', async () => {
    let c = capture();
    expect(await periodQuestions(base(), c.io)).toBe(0);
    const [q1, q2] = asked;
    expect(c.text()).toBe(
      `#${q1!.id}  AGT-0001  asked by agt-0001 at 2026-11-03T09:00:00Z  about the whole statement\n` +
        '    Perché il bonus è più basso?\n    A settembre era il doppio.\n  awaiting an answer\n' +
        `#${q2!.id}  AGT-0002  asked by agt-0002 at 2026-11-03T09:00:00Z  about line agency-agents:Commission:C-1\n` +
        '    Why is this line held?\n  awaiting an answer\n' +
        'period 2026-10: 2 questions, 2 awaiting an answer\n',
    );

    c = capture();
    const answer = { ...base(), question: q1!.id, outcome: 'toCorrect' as const, text: 'Two contracts were counted in September.', as: 'Franca', at: '2026-11-04T15:00:00Z' };
    expect(await periodAnswer(answer, c.io)).toBe(0);
    expect(c.text()).toContain('  answered by franca at 2026-11-04T15:00:00Z: it will be corrected\n    Two contracts were counted in September.\n');
    // once only: the store's refusal, with its code, exit 1
    c = capture();
    expect(await periodAnswer({ ...answer, as: 'anna' }, c.io)).toBe(1);
    expect(c.errors()).toBe(`provvigo period answer: question ${q1!.id} was already answered by franca at 2026-11-04T15:00:00Z [inquiry_answered]\n`);
    // a number the period does not have
    c = capture();
    expect(await periodAnswer({ ...answer, question: 9999 }, c.io)).toBe(1);
    expect(c.errors()).toBe('provvigo period answer: period 2026-10 has no question #9999\n');

    c = capture();
    expect(await periodQuestions({ ...base(), open: true, json: true }, c.io)).toBe(0);
    expect((JSON.parse(c.text()) as Inquiry[]).map((q) => q.id)).toEqual([q2!.id]);
    c = capture();
    expect(await periodQuestions({ ...base(), partner: 'AGT-0001', json: true }, c.io)).toBe(0);
    expect((JSON.parse(c.text()) as Inquiry[]).map((q) => [q.id, q.answer?.outcome])).toEqual([[q1!.id, 'toCorrect']]);
  });

  it('speaks Italian with PROVVIGO_LOCALE=it, and refuses a period the store does not have', async () => {
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    try {
      let c = capture();
      expect(await periodQuestions({ ...base(), partner: 'AGT-0001' }, c.io)).toBe(0);
      expect(c.text()).toContain("chiesta da agt-0001 il 2026-11-03T09:00:00Z  su tutto l'estratto conto\n");
      expect(c.text()).toContain('  risposta di franca il 2026-11-04T15:00:00Z: sarà corretto\n');
      // no later run corrects it yet (November comes in the next test)
      expect(c.text()).toContain('    Two contracts were counted in September.\n  nessuna correzione ancora registrata\n');
      expect(c.text()).toMatch(/periodo 2026-10: domande 1, in attesa di risposta 0\n$/);
      c = capture();
      expect(await periodQuestions({ db, period: '2030-01' }, c.io)).toBe(1);
      expect(c.errors()).toMatch(/^provvigo period questions: .*2030-01.* \[period_unknown\]\n$/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("shows the adjustment of a later run that corrects a question answered 'it will be corrected'", async () => {
    // AGT-0001 asked about its whole October statement (answered above); one of its contracts is then corrected
    const store = await Store.open(await openDatabase(db));
    let line: StatementLine;
    try {
      const [october] = await store.getEvaluated('2026-10-r1', 'AGT-0001');
      line = october!.lines.find((l) => l.source?.table === 'contracts' && Number(l.amount) !== 0)!;
    } finally {
      await store.close();
    }
    const facts = join(dir, 'facts-corrected');
    await cp(sampleInputs.facts[0]!, facts, { recursive: true });
    const contracts = JSON.parse(await readFile(join(facts, 'contracts.json'), 'utf8')) as Record<string, unknown>[];
    const corrected = contracts.map((c) => (c['id'] === line.source!.id ? { ...c, annualKwh: Number(c['annualKwh'] ?? 0) * 3 + 1000, annualSmc: Number(c['annualSmc'] ?? 0) * 3 + 1000 } : c));
    await writeFile(join(facts, 'contracts.json'), JSON.stringify(corrected));
    const november = { db, period: '2026-11' };
    expect(await periodOpen({ ...november, as: 'carla', at: '2026-12-01T08:00:00Z' }, capture().io)).toBe(0);
    expect(await periodCalculate({ ...november, ...sampleInputs, facts: [facts], as: 'carla', at: '2026-12-01T09:00:00Z' }, capture().io)).toBe(1);

    let c = capture();
    expect(await periodQuestions({ ...base(), partner: 'AGT-0001', json: true }, c.io)).toBe(0);
    const [q] = JSON.parse(c.text()) as (Inquiry & { corrections: InquiryCorrection[] })[];
    expect(q!.corrections.length).toBeGreaterThan(0);
    // the line's approved October amount is what the correction starts from
    expect(q!.corrections.map((k) => [k.periodId, k.runId, k.approved, k.previousAmount])).toEqual(q!.corrections.map(() => ['2026-11', '2026-11-r1', false, line.amount]));
    c = capture();
    expect(await periodQuestions({ ...base(), partner: 'AGT-0001' }, c.io)).toBe(0);
    const printed = c.text().split('\n').filter((l) => l.startsWith('  corrected in '));
    expect(printed).toHaveLength(q!.corrections.length);
    for (const text of printed) {
      expect(text).toMatch(/^ {2}corrected in 2026-11 \(run 2026-11-r1, not approved yet\): .+ → .+ \([+-].+\)$/);
      expect(text).toContain(`${formatMoney(line.amount, line.currency, 'en')} → `);
    }
  });
});
