import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRun, unwrapRun, type Actor } from '@provvigo/core';
import { type Store, StoreError, approvePeriod, closePeriod, currentRun, openPeriod } from '../src/index.js';
import { FIELD_NAMES_IT } from '../src/sql.js';
import { storePerSuite } from './helpers/engines.js';
import { PERIOD } from './helpers/fixtures.js';

// The store's refusals carry their text in English and Italian (`messages`), so the CLI can print them in the user's
// language; `message` stays the English text. Those of data the store cannot keep or read back (`invalid_data`) too:
// dataRefusalsInItalian.test.ts drives them.

const AT = '2026-11-02T09:00:00.000Z';
const CARLA: Actor = { id: 'carla', roles: ['calculator'] };
const ANNA: Actor = { id: 'anna', roles: ['approver'] };
const NOVEMBER = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
const DECEMBER = { id: '2026-12', start: '2026-12-01', end: '2026-12-31' };

/** The StoreError `work` is refused with, checked to carry both languages with `messages.en` as its message. */
async function refusal(work: Promise<unknown>, code: StoreError['code']): Promise<{ en: string; it: string }> {
  const error = await work.then(
    () => expect.unreachable('the store accepted it'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  const refused = error as StoreError;
  expect(refused.code).toBe(code);
  expect(refused.messages).toBeDefined();
  expect(refused.messages!.en).toBe(refused.message);
  expect(refused.messages!.it).not.toBe(refused.messages!.en);
  return refused.messages!;
}

describe('StoreError', () => {
  it('keeps the English text as its message and both languages in messages', () => {
    const both = new StoreError('period_unknown', { en: 'period X does not exist', it: 'il periodo X non esiste' });
    expect(both.message).toBe('period X does not exist');
    expect(both.messages).toEqual({ en: 'period X does not exist', it: 'il periodo X non esiste' });
    expect(both.name).toBe('StoreError');
    // a caller outside the store may still give one text: then there is no Italian to show
    const english = new StoreError('invalid_data', 'the period id contains a NUL character');
    expect(english.message).toBe('the period id contains a NUL character');
    expect(english.messages).toBeUndefined();
  });
});

describe('store refusals in Italian (PGlite)', () => {
  const suite = storePerSuite('pglite', false);
  let store: Store;
  let octoberRun: string;
  beforeAll(async () => {
    store = suite.store;
    octoberRun = (await openPeriod(store, { period: PERIOD, actor: CARLA, at: AT })).run.record.id;
    await openPeriod(store, { period: NOVEMBER, actor: CARLA, at: AT });
    await store.openPeriod({ period: DECEMBER, actor: 'carla', at: AT }); // a period without a run
  }, 120_000);

  it('period_exists: opening a period twice', async () => {
    const m = await refusal(store.openPeriod({ period: PERIOD, actor: 'carla', at: AT }), 'period_exists');
    expect(m.en).toBe('period 2026-10 already exists (open)');
    expect(m.it).toBe('il periodo 2026-10 esiste già (stato open)');
  });

  it('period_order: a period that ends before it starts, one that overlaps, one approved out of order', async () => {
    const backwards = await refusal(store.openPeriod({ period: { id: '2027-01', start: '2027-01-31', end: '2027-01-01' }, actor: 'carla', at: AT }), 'period_order');
    expect(backwards.it).toBe('il periodo 2027-01 finisce (2027-01-01) prima di iniziare (2027-01-31)');

    const overlapping = await refusal(store.openPeriod({ period: { id: '2026-11b', start: '2026-11-15', end: '2026-12-14' }, actor: 'carla', at: AT }), 'period_order');
    expect(overlapping.it).toContain('il periodo 2026-11b inizia il 2026-11-15, prima che finisca il periodo ');
    expect(overlapping.it).toContain(': i periodi devono susseguirsi senza sovrapporsi');

    const outOfOrder = await refusal(approvePeriod(store, { periodId: NOVEMBER.id, actor: ANNA, at: AT }), 'period_order');
    expect(outOfOrder.en).toBe('period 2026-10 is not approved yet: approve the periods in order (2026-10 before 2026-11)');
    expect(outOfOrder.it).toBe('il periodo 2026-10 non è ancora approvato: approva i periodi in ordine (2026-10 prima di 2026-11)');
  });

  it('period_unknown: closing, or reading the run of, a period never opened', async () => {
    const closing = await refusal(store.closePeriod({ periodId: '2030-01', actor: 'anna', at: AT }), 'period_unknown');
    expect(closing.it).toBe('il periodo 2030-01 non esiste');

    const reading = await refusal(currentRun(store, '2030-01'), 'period_unknown');
    expect(reading.it).toBe('il periodo 2030-01 non esiste: esegui prima `provvigo period open --period 2030-01`');

    const run = unwrapRun(openRun({ id: 'R-2030-01', period: { id: '2030-01', start: '2030-01-01', end: '2030-01-31' }, actor: CARLA, at: AT })).run;
    const creating = await refusal(store.createRun(run, { at: AT, actor: 'carla', action: 'run.open' }), 'period_unknown');
    expect(creating.it).toBe('il periodo 2030-01 non esiste: aprilo prima');
  });

  it('run_unknown: a period without a run', async () => {
    const m = await refusal(currentRun(store, DECEMBER.id), 'run_unknown');
    expect(m.it).toBe('il periodo 2026-12 non ha alcuna esecuzione');
  });

  it('not_approved: closing a period whose run is a draft', async () => {
    const m = await refusal(closePeriod(store, { periodId: PERIOD.id, actor: ANNA, at: AT }), 'not_approved');
    expect(m.it).toBe(`il periodo 2026-10 non può essere chiuso: la sua esecuzione ${octoberRun} è nello stato bozza, non approvata`);
  });

  it('period_closed: closing a period twice, opening a run in a closed period', async () => {
    await store.closePeriod({ periodId: DECEMBER.id, actor: 'anna', at: AT });
    const twice = await refusal(store.closePeriod({ periodId: DECEMBER.id, actor: 'anna', at: AT }), 'period_closed');
    expect(twice.it).toMatch(/^il periodo 2026-12 è già stato chiuso da anna il \S+$/);

    const run = unwrapRun(openRun({ id: 'R-2026-12-late', period: DECEMBER, actor: CARLA, at: AT })).run;
    const late = await refusal(store.createRun(run, { at: AT, actor: 'carla', action: 'run.open' }), 'period_closed');
    expect(late.en).toBe('period 2026-12 is closed');
    expect(late.it).toBe('il periodo 2026-12 è chiuso');
  });

  it('plan_unknown: deleting a plan version the store does not hold', async () => {
    const m = await refusal(store.deletePlanVersion({ planId: 'piano-agenti', version: 3, actor: 'anna', at: AT }), 'plan_unknown');
    expect(m.en).toBe('plan piano-agenti has no version 3');
    expect(m.it).toBe('il piano piano-agenti non ha la versione 3');
  });
});

describe('every refusal in the sources is given in both languages', () => {
  const SRC = join(dirname(fileURLToPath(import.meta.url)), '../src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  const where = (file: string, text: string, index: number) => `${relative(SRC, file)}:${text.slice(0, index).split('\n').length}`;

  it('passes { en, it } to every `new StoreError(`, invalid_data included', () => {
    const offenders: string[] = [];
    let bilingual = 0;
    let invalidData = 0;
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const site of text.matchAll(/new StoreError\(/g)) {
        const call = /^new StoreError\(\s*'([a-z_]+)'\s*,\s*(\{\s*en:)?/.exec(text.slice(site.index));
        if (!call) offenders.push(`${where(file, text, site.index)}: the code is not a string literal`);
        else if (!call[2]) offenders.push(`${where(file, text, site.index)}: '${call[1]}' is refused in English only`);
        else {
          bilingual += 1;
          if (call[1] === 'invalid_data') invalidData += 1;
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(bilingual).toBeGreaterThanOrEqual(30);
    // the ten kinds of data the store refuses (sql.ts's one for text it cannot keep serves every field)
    expect(invalidData).toBeGreaterThanOrEqual(10);
  });

  it('names in Italian every field that `storableText` is given by an English name', () => {
    // a name with a space is words ("the period id"), one without a path the caller wrote (`audit.at`, `asOf`)
    const offenders: string[] = [];
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/storableText\(\{([^}]*)\}\)/g)) {
        // a name built at run time has no Italian here: `storableField` takes it in both languages
        if (call[1]!.includes('[`')) offenders.push(`${where(file, text, call.index)}: a computed name`);
        for (const key of call[1]!.matchAll(/'((?:[^'\\]|\\.)*)'\s*:|"([^"]*)"\s*:/g)) {
          const name = (key[1] ?? key[2]!).replace(/\\'/g, "'");
          if (name.includes(' ') && !FIELD_NAMES_IT.has(name)) offenders.push(`${where(file, text, call.index)}: "${name}"`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
