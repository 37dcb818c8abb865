// What finance and auditors read when something does not add up or was tampered with — a statement whose movements
// do not reconcile, an audit chain that was edited, a run snapshot whose plans are not the ones the run pinned — is
// worded in Italian and English at the source (`messages`), with the English `message` as it always was. Each kind is
// driven into its broken state on real data (a booked statement, a chain, a snapshot), and a source scan refuses a
// problem written in English only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditLog, type AuditProblem } from '../src/audit/index.js';
import {
  bookPeriod,
  MOVEMENT_COLUMNS,
  reconciliationFailures,
  reconciliationProblems,
  statementMovements,
  type ReconciliationCheck,
} from '../src/ledger/index.js';
import { evaluate, FactSchemaSchema, PartnerSchema, PlanSchema, RunSnapshotSchema, snapshotPlanProblems, takeRunSnapshot, checkSnapshotPlans } from '../src/index.js';
import type { AuditEntry } from '../src/schema/run.js';
import type { PeriodStatement } from '../src/schema/ledger.js';
import { line, period, statement } from './ledger-fixtures.js';
import * as tiny from './fixtures/tiny.js';

/** Both texts present, the English the `message`, the Italian a different sentence holding none of `english` words. */
function expectBoth(p: { message: string; messages?: { it: string; en: string } }, english: RegExp): void {
  expect(p.messages).toBeDefined();
  expect(p.messages!.en).toBe(p.message);
  expect(p.messages!.it).not.toBe(p.messages!.en);
  expect(p.messages!.it).not.toMatch(english);
}

describe('a statement that does not reconcile says which identity fails, in Italian and English', () => {
  /** P1's January statement as the ledger books it: one line of 100.00, nothing held, reserved or advanced. */
  const booked = (): PeriodStatement =>
    bookPeriod({ runId: 'r-2026-01', period: period('2026-01'), statements: [statement('P1', '2026-01', [line({ id: 'l1', partnerId: 'P1', period: '2026-01', amount: '100.00' })])] })
      .statements[0]!;

  it('the booked statement reconciles', () => {
    expect(reconciliationFailures(statementMovements(booked()))).toEqual([]);
  });

  // each tamper moves one stored balance by 1.00: the identity that ends in it fails, with the amount as booked on one
  // side and the amount as tampered on the other
  const cases: Array<{ code: ReconciliationCheck; tamper: (s: PeriodStatement) => PeriodStatement; read: (s: PeriodStatement) => string; it: RegExp }> = [
    { code: 'payable_bridge', tamper: (s) => ({ ...s, payable: plus1(s.payable) }), read: (s) => s.payable, it: /^P1 2026-01: la quadratura da pagare = maturato \+ .* non torna \(/ },
    {
      code: 'held_roll_forward',
      tamper: (s) => ({ ...s, totals: { ...s.totals, heldBalance: plus1(s.totals.heldBalance) } }),
      read: (s) => s.totals.heldBalance,
      it: /^P1 2026-01: la quadratura in attesa a inizio periodo .*= in attesa a fine periodo non torna \(/,
    },
    {
      code: 'reserve_roll_forward',
      tamper: (s) => ({ ...s, reserve: { ...s.reserve, balance: plus1(s.reserve.balance) } }),
      read: (s) => s.reserve.balance,
      it: /^P1 2026-01: la quadratura riserva a inizio periodo .*= riserva a fine periodo non torna \(/,
    },
    {
      code: 'advance_roll_forward',
      tamper: (s) => ({ ...s, totals: { ...s.totals, advanceBalance: plus1(s.totals.advanceBalance) } }),
      read: (s) => s.totals.advanceBalance,
      it: /^P1 2026-01: la quadratura anticipo da recuperare a inizio periodo .*= anticipo da recuperare a fine periodo non torna \(/,
    },
  ];

  it.each(cases)('$code: the one identity broken, worded in both languages with both amounts', ({ code, tamper, read, it: italian }) => {
    const good = booked();
    const bad = tamper(good);
    const found = reconciliationFailures(statementMovements(bad));
    expect(found.map((p) => p.code)).toEqual([code]);
    const [p] = found;
    expectBoth(p!, /\b(fails|payable|held|reserve|advance|start|end)\b/);
    const amounts = `(${new Decimal(read(good)).toString()} ≠ ${new Decimal(read(bad)).toString()})`;
    expect(p!.messages.it).toMatch(italian);
    expect(p!.messages.it.endsWith(amounts)).toBe(true);
    // the English as it always was, and reconciliationProblems still gives it as a string
    expect(p!.message).toMatch(/^P1 2026-01: .* fails \(/);
    expect(p!.message.endsWith(amounts)).toBe(true);
    expect(reconciliationProblems(statementMovements(bad))).toEqual([p!.message]);
  });
});

const plus1 = (amount: string): string => new Decimal(amount).plus(1).toFixed(2);

describe("the movement columns' short headers are core's, in both languages", () => {
  it('each column has an Italian header of its own, single-spaced, the English one its `header`', () => {
    for (const c of MOVEMENT_COLUMNS) {
      expect(c.headers.en, c.key).toBe(c.header);
      expect(c.headers.it, c.key).not.toBe(c.header);
      // the CLI's table splits its columns at two or more spaces
      expect(c.headers.it, c.key).toMatch(/^\S+( \S+)*$/);
    }
    expect(new Set(MOVEMENT_COLUMNS.map((c) => c.headers.it)).size).toBe(MOVEMENT_COLUMNS.length);
  });
});

describe('an audit chain that was tampered with says where, in Italian and English', () => {
  const log: AuditEntry[] = [0, 1, 2, 3].reduce<AuditEntry[]>(
    (acc, i) => appendAudit(acc, { at: `2026-02-01T09:0${i}:00Z`, actor: i % 2 ? 'anna' : 'carla', action: 'run.calculate', runId: 'r1', details: { n: i } }),
    [],
  );
  const problems = (entries: AuditEntry[], options?: { expectedHead?: string; expectedCount?: number }): AuditProblem[] => {
    const v = verifyAuditLog(entries, options);
    return v.ok ? [] : v.problems;
  };
  const english = /\b(entry|position|edited|chain|expected|entries|log)\b/;

  it('hash_mismatch: the third entry edited names seq 3 at position 2', () => {
    const found = problems(log.map((e, i) => (i === 2 ? { ...e, actor: 'mallory' } : e)));
    expect(found.map((p) => p.code)).toEqual(['hash_mismatch']);
    expectBoth(found[0]!, english);
    expect(found[0]!.messages.it).toMatch(/\bvoce n\. 3\b.*\bposizione 2\b.*modificata/);
  });

  it('seq_gap and broken_link: the second entry removed, the third is at position 1', () => {
    const found = problems([log[0]!, ...log.slice(2)]);
    expect(found.map((p) => p.code).sort()).toEqual(['broken_link', 'seq_gap', 'seq_gap']);
    for (const p of found) expectBoth(p, english);
    const gap = found.find((p) => p.code === 'seq_gap' && p.index === 1)!;
    expect(gap.messages.it).toMatch(/\bposizione 1\b.*\bnumero 3\b.*\binvece di 2\b/);
    expect(found.find((p) => p.code === 'broken_link')!.messages.it).toMatch(/\bvoce n\. 3\b.*\bposizione 1\b.*catena/);
  });

  it('head_mismatch: the last entry removed, against the head and count kept elsewhere', () => {
    const head = log[3]!.hash;
    const found = problems(log.slice(0, 3), { expectedHead: head, expectedCount: 4 });
    expect(found.map((p) => p.code)).toEqual(['head_mismatch', 'head_mismatch']);
    for (const p of found) expectBoth(p, english);
    expect(found[0]!.messages.it).toContain(`${log[2]!.hash.slice(0, 12)}… invece di ${head.slice(0, 12)}…`);
    expect(found[1]!.messages.it).toMatch(/\b3 voci invece di 4\b/);
  });
});

describe("a run snapshot whose plans are not the ones the run pinned says which, in Italian and English", () => {
  const inputs = { plans: [PlanSchema.parse(tiny.plan)], partners: tiny.partners.map((p) => PartnerSchema.parse(p)), factSchema: FactSchemaSchema.parse(tiny.factSchema), facts: { contracts: tiny.contracts } };
  const result = evaluate({ period: tiny.period, ...inputs });
  const run = RunSnapshotSchema.parse(JSON.parse(JSON.stringify(takeRunSnapshot(tiny.period, inputs, result, [], [], new Map()).run)));
  const [pin] = result.plans;
  const english = /\b(plan|missing|snapshot|hashes|pinned|run)\b/;

  it('the snapshot as taken holds the pinned plans', () => {
    expect(snapshotPlanProblems(result.plans, run)).toEqual([]);
  });

  it('plan_missing: the pinned plan taken out of the snapshot', () => {
    const found = snapshotPlanProblems(result.plans, { ...run, plans: [] });
    expect(found.map((p) => [p.code, p.planId, p.version])).toEqual([['plan_missing', pin!.id, pin!.version]]);
    expectBoth(found[0]!, english);
    expect(found[0]!.messages.it).toMatch(new RegExp(`versione ${pin!.version} del piano ${pin!.id}\\b.*manca`));
    expect(checkSnapshotPlans(result.plans, { ...run, plans: [] })).toEqual([found[0]!.message]);
  });

  it("plan_hash_mismatch: the plan's name edited in the snapshot names the hash the run pinned", () => {
    const edited = { ...run, plans: run.plans.map((p) => ({ ...p, name: 'edited' })) };
    const found = snapshotPlanProblems(result.plans, edited);
    expect(found.map((p) => p.code)).toEqual(['plan_hash_mismatch']);
    expectBoth(found[0]!, english);
    expect(found[0]!.messages.it).toContain(pin!.hash.slice(0, 12));
    expect(found[0]!.messages.it).toMatch(new RegExp(`versione ${pin!.version} del piano ${pin!.id}\\b.*istantanea`));
  });
});

describe('no problem of these checks is written in English only (source scan)', () => {
  const FILES = ['ledger/reconciliationProblems.ts', 'audit/auditLog.ts', 'snapshot/runSnapshot.ts'];
  /** A `message` given a string or template literal: an English text with no Italian beside it. */
  const handWritten = (source: string): string[] => [...source.matchAll(/\bmessage\s*:\s*['"`][^\n]{0,60}/g)].map((m) => m[0]);

  it('the scan flags a message written as a literal, and passes one taken from both languages', () => {
    expect(handWritten(`problems.push({ index, seq, code: 'x', message: \`entry #\${seq} was edited\` });`)).toHaveLength(1);
    expect(handWritten("problems.push({ code, message: 'plan is missing' });")).toHaveLength(1);
    expect(handWritten('return { code, message: messages.en, messages };')).toEqual([]);
  });

  it('finds none in the files that word reconciliation, audit chain and snapshot problems', () => {
    let worded = 0;
    for (const file of FILES) {
      const source = readFileSync(fileURLToPath(new URL(`../src/${file}`, import.meta.url)), 'utf8');
      expect(handWritten(source), file).toEqual([]);
      worded += [...source.matchAll(/\bit:\s*['"`]/g)].length;
    }
    // the problems are there to scan: 4 identities, 5 audit texts, 2 snapshot texts, each with its Italian
    expect(worded).toBeGreaterThanOrEqual(11);
  });
});
