// Fiscal items inside the period run: computed at `period calculate` (before validation), year to date carried
// from period to period in the store, opening balances imported from another system, blocking errors, approval
// covering the net to pay. Real PGlite store, real Italian pack, the CLI's own command functions.
import { readFile, writeFile } from 'node:fs/promises';
import { join, } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, type FiscalResult } from '@provvigo/core';
import { Store, currentRun, getPartnerSnapshots, openDatabase } from '@provvigo/store';
import { fiscalOpeningsImport, fiscalOpeningsList } from '../src/commands/fiscalOpenings.js';
import { periodApprove, periodCalculate, periodOpen, periodValidate } from '../src/commands/period.js';
import { capture } from './helpers/capture.js';
import { example, removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';

const inputs = {
  ...sampleInputs,
  principal: join(example, 'principal.json'),
};
// partners of the sample with an Enasarco profile (agents): one starts the year from an imported opening balance
const CAPPED = 'AGT-0002';
const CARRIED = 'AGT-0001';

let dir: string;
let db: string;
beforeAll(async () => void ({ dir, db } = await tempStore('provvigo-fiscal-run-')));
afterAll(() => removeFolders(dir, db));

/** Reads the store between commands (a PGlite folder belongs to one process at a time, so open and close). */
async function read<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(await openDatabase(db));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
const fiscalOf = (periodId: string, partnerId: string) =>
  read(async (store) => {
    const run = await currentRun(store, periodId);
    const [own] = await getPartnerSnapshots(store, run.record.id, partnerId);
    return { run: run.record, fiscal: own!.fiscal!, ytdBefore: own!.ytdBefore };
  });
const item = (f: FiscalResult, code: string) => f.items.find((i) => i.code === code);

describe('fiscal items inside the period run', () => {
  it('computes them before validation, from an imported opening balance, and carries the year to date to the next period', async () => {
    const oct = { db, period: '2026-10' };
    expect(await periodOpen({ ...oct, as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);

    // an opening balance from the previous system: this agent's Enasarco base is already far above any yearly cap
    const openings = join(dir, 'openings.json');
    await writeFile(openings, JSON.stringify([{ partnerId: CAPPED, year: 2026, values: { 'enasarco.base': '1000000.00' }, periods: [] }]));
    let c = capture();
    expect(await fiscalOpeningsImport({ db, file: openings, source: 'legacy payroll', as: 'carla', at: '2026-11-01T08:30:00Z' }, c.io)).toBe(0);
    expect(c.text()).toContain('1 opening balance(s) imported by carla');
    c = capture();
    expect(await fiscalOpeningsImport({ db, file: openings, as: 'carla', at: '2026-11-01T08:31:00Z' }, c.io)).toBe(0);
    expect(c.text()).toContain('0 opening balance(s) imported by carla, 1 already there unchanged');
    c = capture();
    expect(await fiscalOpeningsList({ db }, c.io)).toBe(0);
    expect(c.text()).toMatch(new RegExp(`${CAPPED}\\s+2026\\s+enasarco.base=1000000.00`));

    c = capture();
    // exit 1: the fixture's 3 bad contracts are rejected (README); the run and its fiscal items are stored
    expect(await periodCalculate({ ...oct, ...inputs, as: 'carla', at: '2026-11-01T09:00:00Z' }, c.io)).toBe(1);
    expect(c.text()).toMatch(/plan agency-agents version 1 \([0-9a-f]{12}…\)/);
    expect(c.text()).toContain('net to pay');

    // the run holds the fiscal result: net to pay = document total − withholdings − split-payment VAT, by hand
    const capped = await fiscalOf('2026-10', CAPPED);
    const t = capped.fiscal.totals;
    expect(new Decimal(t.documentTotal).minus(t.withholdingsTotal).minus(t.splitPaymentVat).toFixed(2)).toBe(t.netToPay);
    expect(capped.ytdBefore?.values['enasarco.base']).toBe('1000000.00');
    // above the cap nothing more is due; the other agent, starting the year afresh, pays its share
    expect(new Decimal(item(capped.fiscal, 'ENASARCO_AGENT')?.amount ?? '0').isZero()).toBe(true);
    const carried = await fiscalOf('2026-10', CARRIED);
    expect(carried.ytdBefore).toBeNull();
    expect(new Decimal(item(carried.fiscal, 'ENASARCO_AGENT')!.amount).abs().gt(0)).toBe(true);

    expect(await periodValidate({ ...oct, as: 'carla', at: '2026-11-01T10:00:00Z' }, capture().io)).toBe(0);
    expect(await periodApprove({ ...oct, as: 'anna', at: '2026-11-02T10:00:00Z' }, capture().io)).toBe(0);

    // too late for an opening balance of 2026 once a run of 2026 is approved with this partner's fiscal items
    await writeFile(openings, JSON.stringify([{ partnerId: CARRIED, year: 2026, values: { 'enasarco.base': '5.00' } }]));
    c = capture();
    expect(await fiscalOpeningsImport({ db, file: openings, as: 'carla', at: '2026-11-03T08:00:00Z' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(new RegExp(`partner ${CARRIED}, year 2026: run 2026-10-r1 is approved`));

    // November starts from October's year to date, exactly as October's approved result left it
    const nov = { db, period: '2026-11' };
    expect(await periodOpen({ ...nov, as: 'carla', at: '2026-12-01T08:00:00Z' }, capture().io)).toBe(0);
    expect(await periodCalculate({ ...nov, ...inputs, as: 'carla', at: '2026-12-01T09:00:00Z' }, capture().io)).toBe(1);
    const novCarried = await fiscalOf('2026-11', CARRIED);
    expect(novCarried.ytdBefore).toEqual(carried.fiscal.ytdAfter);
    expect(novCarried.ytdBefore!.periods).toContain('2026-10');
    // fees accumulate: October's fees + November's (by hand from the two results)
    expect(novCarried.fiscal.ytdAfter.values['fees']).toBe(new Decimal(carried.fiscal.totals.fees).plus(novCarried.fiscal.totals.fees).toFixed(2));
    const novCapped = await fiscalOf('2026-11', CAPPED);
    expect(novCapped.ytdBefore!.values['enasarco.base']).toBe(capped.fiscal.ytdAfter.values['enasarco.base']);
  }, 900_000); // two PGlite period calculations: minutes on a loaded 2-core machine

  it('covers them by validation and approval: a partner whose fiscal items fail is blocked, the others go on', async () => {
    const nov = { db, period: '2026-11' };
    const before = (await fiscalOf('2026-11', CARRIED)).run.outputHash;

    // a different paying company (split payment) changes the fiscal items, hence the run's output hash
    const principal = join(dir, 'principal-split.json');
    await writeFile(principal, JSON.stringify({ ...JSON.parse(await readFile(inputs.principal, 'utf8')), splitPayment: true }));
    // and one partner with a fiscal profile no pack knows
    const partners = JSON.parse(await readFile(inputs.partners, 'utf8')) as { id: string; fiscalProfile?: string }[];
    const broken = partners.find((p) => p.id === 'AGT-0003')!;
    broken.fiscalProfile = 'xx:unknown';
    const partnersFile = join(dir, 'partners-broken.json');
    await writeFile(partnersFile, JSON.stringify(partners));

    let c = capture();
    expect(await periodCalculate({ ...nov, ...inputs, partners: partnersFile, principal, as: 'carla', at: '2026-12-01T11:00:00Z' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/blocked partners \(fiscal items cannot be computed\): AGT-0003/);
    const after = await fiscalOf('2026-11', CARRIED);
    expect(after.run.outputHash).not.toBe(before);
    expect(after.fiscal.totals.splitPaymentVat).toBe(after.fiscal.totals.vatTotal);

    c = capture();
    expect(await periodValidate({ ...nov, as: 'carla', at: '2026-12-01T12:00:00Z' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/blocked AGT-0003: .*no jurisdiction pack "xx"/);
    c = capture();
    expect(await periodApprove({ ...nov, as: 'anna', at: '2026-12-02T10:00:00Z' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/blocked AGT-0003: .*no jurisdiction pack "xx"/);
    const run = (await fiscalOf('2026-11', CARRIED)).run;
    expect(run.state).toBe('approved');
    expect(run.partners!.approved).toContain(CARRIED);
    expect(run.partners!.approved).not.toContain('AGT-0003');
  }, 900_000);
});
