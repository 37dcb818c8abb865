import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Statement } from '@provvigo/core';
import { Store, StoreError, type Db } from '../src/index.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from './helpers/engines.js';
import { PERIOD, draftRun, earnedEntries, periodStatement, statement } from './helpers/fixtures.js';

const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';

// Any text a CRM or billing system may send, except NUL (which jsonb cannot hold: refused, see below).
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const amount = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((c) => {
  const neg = c < 0n;
  const abs = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
});
const partnerStatements = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[A-Z]{2,3}-\d{1,4}$/), fc.array(amount, { minLength: 0, maxLength: 4 }), text, fc.double({ noNaN: true, noDefaultInfinity: true })), {
    minLength: 1,
    maxLength: 4,
    selector: (t) => t[0],
  })
  .map((parts) =>
    parts.map(([partnerId, amounts, label, raw]): Statement => {
      const s = statement(partnerId, amounts);
      // arbitrary labels, record ids and trace values must come back exactly
      return {
        ...s,
        lines: s.lines.map((l, i) => ({
          ...l,
          label: label + i,
          source: { ...l.source!, id: `${label}#${i}` },
          trace: { ...l.trace, cells: l.trace.cells.map((c) => ({ ...c, value: raw, label })) },
        })),
      };
    }),
  );

describe.each(ENGINES)('statements, traces and entries round-trip exactly on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  let loc: TestLocation;
  let db: Db;
  let store: Store;
  let n = 0;
  beforeAll(async () => {
    if (skip) return;
    loc = await newLocation(engine);
    db = await loc.open();
    store = await Store.open(db);
    await store.openPeriod({ period: PERIOD, actor: 'carla', at: AT });
  });
  afterAll(async () => {
    if (skip) return;
    await db.close();
    await loc.dispose();
  });

  it.skipIf(skip)('reads back what it stored, for any text, amount and trace value', async () => {
    await fc.assert(
      fc.asyncProperty(partnerStatements, async (evaluated) => {
        const runId = `R-prop-${++n}`;
        await store.createRun(draftRun(runId, 'carla', AT), { at: AT, actor: 'carla', action: 'run.open', runId });
        const statements = evaluated.map((s) => periodStatement(s, runId));
        const proposed = evaluated.flatMap((s) => earnedEntries(s, runId));
        await store.saveCalculation(
          {
            record: { ...draftRun(runId, 'carla', AT), state: 'calculated', inputHash: 'i', outputHash: 'o' },
            summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'i', outputHash: 'o' },
            evaluated,
            statements,
            proposed,
            ledgerSeq: 0,
            audit: { at: AT, actor: 'carla', action: 'run.calculate', runId },
          },
          ['draft'],
        );
        const sorted = <T extends { partnerId: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
        // JSON semantics: -0 is stored as 0
        const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
        expect(await store.getEvaluated(runId)).toEqual(json(sorted(evaluated)));
        expect(await store.getStatements(runId)).toEqual(json(sorted(statements)));
        expect(await store.proposedEntries(runId)).toEqual(json(proposed));
      }),
      { numRuns: 200, seed: engine === 'pglite' ? 11 : 12 },
    );
  });

  it.skipIf(skip)('refuses a NUL character with an error naming the run, and stores nothing', async () => {
    const s = statement('P1', ['1.00']);
    const bad = { ...s, lines: s.lines.map((l) => ({ ...l, label: 'bad\u0000label' })) };
    await store.createRun(draftRun('R-nul', 'carla', AT), { at: AT, actor: 'carla', action: 'run.open', runId: 'R-nul' });
    const error = await store
      .saveCalculation(
        {
          record: { ...draftRun('R-nul', 'carla', AT), state: 'calculated', inputHash: 'i', outputHash: 'o' },
          summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'i', outputHash: 'o' },
          evaluated: [bad],
          statements: [periodStatement(bad, 'R-nul')],
          proposed: [],
          ledgerSeq: 0,
          audit: { at: AT, actor: 'carla', action: 'run.calculate', runId: 'R-nul' },
        },
        ['draft'],
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/statement of run R-nul contains a NUL character/);
    expect((await store.getRun('R-nul'))!.record.state).toBe('draft');
    expect(await store.getEvaluated('R-nul')).toEqual([]);
  });
});
