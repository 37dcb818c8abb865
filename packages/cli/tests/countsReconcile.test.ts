// Bad input loses nothing through the CLI: fact files in CSV, JSON Lines or JSON holding every kind of bad input
// (records of unknown or invalid partners, repeated, blank or invalid keys, invalid values, dates outside the period,
// values that are not records, lines that are not JSON, CSV rows with the wrong number of fields) are read and run by
// `provvigo run` (one thread or a pool of two) and `provvigo period calculate`, as processes. Each table's counts
// reconcile (in = used + excluded + rejected), `in` is every record or line the file gives, the counts are those core's
// `evaluate` gives for the records and bad lines the files hold, and `provvigo run` reports the output hash core gives
// for the input the CLI read.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type RunInput, type TableCounts } from '@provvigo/core';
import { createProgress } from '../src/io/progress.js';
import { loadRunInputs } from '../src/commands/run.js';
import {
  balanceProblems,
  factSchema,
  invalidPartners,
  malformedFactsArb,
  partners,
  period,
  plan,
  readerRejection,
  TABLES,
  type Entry,
  type MalformedFacts,
  type TableName,
} from '../../core/tests/fixtures/malformedFacts.js';
import { expectNoCrash, provvigo } from './helpers/provvigoProcess.js';
import { example, removeFolders, tempStore } from './helpers/tempStore.js';

type Format = 'csv' | 'jsonl' | 'json';

const COLUMNS: Record<TableName, string[]> = { sales: ['id', 'partnerId', 'date', 'kWh', 'pod'], visits: ['id', 'partnerId', 'date', 'sale'] };

/** A value as the text of a CSV cell (before quoting): absent and null are empty, lists and objects their JSON. */
const cellText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
const quoted = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A table's entries written as a file of `format`, and what the file gives the run: the records a reader makes of it
 * (as the test expects them, not as the CLI reads them) and its lines a reader rejects, each with the partner its row
 * names. A JSON array holds no bad lines (one is left out); in CSV a value that is not a record is a row of one field,
 * its JSON.
 */
function written(table: TableName, entries: readonly Entry[], format: Format): { text: string; records: unknown[]; rejected: Array<{ line: number; partnerId?: string }> } {
  const records: unknown[] = [];
  const rejected: Array<{ line: number; partnerId?: string }> = [];
  if (format === 'json') {
    const values = entries.flatMap((e) => ('badLine' in e ? [] : ['record' in e ? e.record : e.value]));
    records.push(...(JSON.parse(JSON.stringify(values)) as unknown[]));
    return { text: JSON.stringify(values, null, 1), records, rejected };
  }
  const columns = COLUMNS[table];
  const lines: string[] = format === 'csv' ? [columns.join(',')] : [];
  for (const [k, e] of entries.entries()) {
    const line = lines.length + 1;
    if ('record' in e) {
      if (format === 'jsonl') {
        lines.push(JSON.stringify(e.record));
        records.push(JSON.parse(JSON.stringify(e.record)));
      } else {
        const cells = columns.map((c) => cellText(e.record[c]));
        lines.push(cells.map(quoted).join(','));
        records.push(Object.fromEntries(columns.flatMap((c, i) => (cells[i] === '' ? [] : [[c, cells[i]]]))));
      }
    } else if ('value' in e) {
      const json = JSON.stringify(e.value);
      lines.push(format === 'jsonl' ? json : quoted(json));
      rejected.push({ line });
    } else if (format === 'jsonl') {
      lines.push(`{"id": "X${k}", "partnerId": "${e.partnerId ?? ''}", "da`);
      rejected.push({ line });
    } else {
      // one field more than the header: the row names its partner, which its rejection then names too
      lines.push([`X${k}`, e.partnerId ?? '', '2026-10-05', '1', '', 'one too many'].slice(0, columns.length + 1).join(','));
      rejected.push({ line, ...(e.partnerId === undefined ? {} : { partnerId: e.partnerId }) });
    }
  }
  return { text: `${lines.join('\n')}\n`, records, rejected };
}

interface Case {
  facts: MalformedFacts;
  formats: Record<TableName, Format>;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  facts: malformedFactsArb({ maxLength: 25, undeclared: false }),
  formats: fc.record({ sales: fc.constantFrom<Format>('csv', 'jsonl', 'json'), visits: fc.constantFrom<Format>('csv', 'jsonl', 'json') }),
});

let dir: string;
let inputs: { plan: string[]; schema: string; partners: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-counts-'));
  await mkdir(join(dir, 'plans'));
  inputs = { plan: [join(dir, 'plans')], schema: join(dir, 'factSchema.json'), partners: join(dir, 'partners.json') };
  await writeFile(inputs.schema, JSON.stringify(factSchema));
  await writeFile(join(dir, 'plans', 'kwh.json'), JSON.stringify(plan));
  // the caller's invalid partner BAD2 is a partner the file gives with no territory: the loader leaves it out
  await writeFile(inputs.partners, JSON.stringify([...partners, { id: invalidPartners[0]!.id, name: 'Partner BAD2', kind: 'agent', territory: '' }]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let cases = 0;
/** The case's fact files in a folder of their own; what they give per table, and core's counts of it. */
async function factsFolder(c: Case): Promise<{ folder: string; given: Record<string, number>; counts: Record<string, TableCounts> }> {
  const folder = join(dir, `case-${++cases}`, 'facts');
  await mkdir(folder, { recursive: true });
  const facts: RunInput['facts'] = {};
  const rejected: NonNullable<RunInput['rejected']> = [];
  const given: Record<string, number> = {};
  for (const table of TABLES) {
    const file = written(table, c.facts[table], c.formats[table]);
    await writeFile(join(folder, `${table}.${c.formats[table]}`), file.text);
    facts[table] = file.records as RunInput['facts'][string];
    rejected.push(...file.rejected.map((r) => readerRejection(table, r.line, r.partnerId)));
    given[table] = file.records.length + file.rejected.length;
  }
  const model = evaluate({ period, plans: [plan], partners: partners as RunInput['partners'], invalidPartners, factSchema, facts, rejected });
  return { folder, given, counts: model.counts };
}

/** Per table, the counts a process printed (`sales: 12 in = 5 used + 4 excluded + 3 rejected`), without the reasons. */
function printedCounts(stdout: string): Record<string, Omit<TableCounts, 'excludedBy'>> {
  const counts: Record<string, Omit<TableCounts, 'excludedBy'>> = {};
  for (const m of stdout.matchAll(/^ {2}(\w+): (\d+) in = (\d+) used \+ (\d+) excluded \+ (\d+) rejected$/gm)) {
    counts[m[1]!] = { in: Number(m[2]), used: Number(m[3]), excluded: Number(m[4]), rejected: Number(m[5]) };
  }
  return counts;
}
const withoutReasons = (counts: Record<string, TableCounts>) => Object.fromEntries(Object.entries(counts).map(([t, { excludedBy: _r, ...c }]) => [t, c]));

describe('record counts through the CLI', () => {
  // 10 cases, not 100: each starts `provvigo run` as a process (about a second, more on a busy machine). The readers
  // are property-tested in process (readCsv.prop.test.ts), the run's own paths 100 times each (core, pool).
  it('provvigo run (one thread, or two workers): the counts reconcile and are core\'s; the output hash is core\'s for what the CLI read', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.boolean(), async (c, pool) => {
        const { folder, given, counts } = await factsFolder(c);
        const out = join(folder, '..', 'out');
        const r = await provvigo(['run', ...inputs.plan.flatMap((p) => ['--plan', p]), '--schema', inputs.schema, '--partners', inputs.partners, '--facts', folder, '--period', period.id, '--out', out, '-q', ...(pool ? ['--workers', '2'] : [])]);
        expectNoCrash(r);
        expect([0, 1], r.stderr).toContain(r.code);
        const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { counts: Record<string, TableCounts>; outputHash: string };
        expect(balanceProblems(summary.counts, given)).toEqual([]);
        expect(summary.counts).toEqual(counts);
        // core's evaluation of exactly what the CLI read (its readers' issues are on the statements)
        const loaded = await loadRunInputs({ ...inputs, facts: [folder], period: period.id }, { out: () => {}, err: () => {} }, createProgress({ enabled: false }));
        if (typeof loaded === 'number') throw new Error(`the inputs did not load (exit ${loaded})`);
        const single = evaluate(loaded.input);
        expect(summary.counts).toEqual(single.counts);
        expect(summary.outputHash).toBe(single.outputHash);
      }),
      { numRuns: 10, seed: 20261213, endOnFailure: true },
    );
  }, 300_000);

  // 3 cases: each is `provvigo period calculate` as a process on an embedded store (two to three seconds).
  it('provvigo period calculate: the printed counts reconcile and are core\'s', async () => {
    const store = await tempStore('provvigo-counts-calculate-');
    try {
      const open = await provvigo(['period', 'open', '--period', period.id, '--db', store.db]);
      expect(open.code, open.stderr).toBe(0);
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const { folder, given, counts } = await factsFolder(c);
          const r = await provvigo(['period', 'calculate', '--period', period.id, '--db', store.db, ...inputs.plan.flatMap((p) => ['--plan', p]), '--schema', inputs.schema, '--partners', inputs.partners, '--facts', folder]);
          expectNoCrash(r);
          expect(r.stdout, r.stderr).toMatch(/^run 2026-10-r1 (calculated|unchanged)/m);
          const printed = printedCounts(r.stdout);
          expect(balanceProblems(Object.fromEntries(Object.entries(printed).map(([t, p]) => [t, { ...p, excludedBy: { all: p.excluded } }])), given)).toEqual([]);
          expect(printed).toEqual(withoutReasons(counts));
        }),
        { numRuns: 3, seed: 20261214, endOnFailure: true },
      );
    } finally {
      await removeFolders(store.dir, store.db);
    }
  }, 300_000);

  it('provvigo period calculate: a service-event table\'s count takes in its lines that are not records', async () => {
    const folder = join(dir, 'service-events');
    await mkdir(folder, { recursive: true });
    const facts = join(example, 'fixtures/small/facts');
    for (const table of ['contracts', 'interventions']) await writeFile(join(folder, `${table}.json`), await readFile(join(facts, `${table}.json`)));
    const events = (JSON.parse(await readFile(join(facts, 'serviceEvents.json'), 'utf8')) as object[]).map((e) => JSON.stringify(e));
    // 3 lines no reader makes a record of, among the sample's events (one of which the ledger cannot use)
    await writeFile(join(folder, 'serviceEvents.jsonl'), `${[events[0], 'not json', ...events.slice(1, 5), 'null', '[1, 2]', ...events.slice(5)].join('\n')}\n`);
    const store = await tempStore('provvigo-counts-events-');
    try {
      const open = await provvigo(['period', 'open', '--period', '2026-10', '--db', store.db]);
      expect(open.code, open.stderr).toBe(0);
      const r = await provvigo(['period', 'calculate', '--period', '2026-10', '--db', store.db, '--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', join(example, 'fixtures/small/partners.json'), '--facts', folder]);
      expectNoCrash(r);
      const m = /^ {2}serviceEvents \(service events\): (\d+) in = (\d+) used by the ledger \+ (\d+) excluded \(dated after the period\) \+ (\d+) rejected$/m.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      const [, inn, used, excluded, rejected] = m!.map(Number);
      expect(inn).toBe(events.length + 3);
      expect(inn).toBe(used! + excluded! + rejected!);
      expect(rejected).toBe(1 + 3);
    } finally {
      await removeFolders(store.dir, store.db);
    }
  }, 120_000);
});
