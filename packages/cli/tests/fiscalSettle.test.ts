/**
 * `provvigo fiscal settle-quarter | settle-year` read the year to date from the store (issue 13): approved periods,
 * imported opening balances and earlier settlements, on PGlite and on PostgreSQL; the settlement is recorded in the
 * store with its audit entry and carried into the next period. Figures by hand from italy-tax.md §1.3–1.4.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFiscalOrThrow } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { Store, approvePeriod, calculatePeriod, listFiscalSettlements, openDatabase, openPeriod, validatePeriod, ytdBeforePeriod } from '@provvigo/store';
import { fiscalSettle } from '../src/commands/fiscal.js';
import { fiscalOpeningsImport } from '../src/commands/fiscalOpenings.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from '../../store/tests/helpers/engines.js';
import { OCTOBER, sampleInputs } from '../../store/tests/helpers/inputs.js';
import { capture } from './helpers/capture.js';

const pgUp = await postgresAvailable();
const partner = {
  id: 'AGT-CAP',
  name: 'Mario Rossi',
  kind: 'agent' as const,
  territory: 'Lazio',
  fiscalProfile: 'it:agent-individual-mono' as const,
  language: 'it' as const,
  billing: { firstName: 'Mario', lastName: 'Rossi', vatId: 'IT09876543217', taxCode: 'RSSMRA80A01H501U', address: { street: 'Via Roma', number: '1', zip: '00100', city: 'Roma', province: 'RM', country: 'IT' }, iban: 'IT60X0542811101000000123456' },
};

describe.each(ENGINES)('fiscal settlements from the store on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  let dir: string;
  let loc: TestLocation;
  let pf: string;
  beforeAll(async () => {
    if (skip) return;
    dir = await mkdtemp(join(tmpdir(), 'provvigo-settle-'));
    loc = await newLocation(engine);
    pf = join(dir, 'partners.json');
    await writeFile(pf, JSON.stringify([partner]));
    // The partner's year so far, from another system: March 45,000.00 (its statement closed Q1) and April 2,000.00,
    // imported as the opening balance of 2026 (the state the pack itself would have carried).
    const march = computeFiscalOrThrow([itPack], { partner, period: { id: '2026-03', start: '2026-03-01', end: '2026-03-31' }, currency: 'EUR', lines: [{ component: 'commission', amount: '45000.00' }] });
    const april = computeFiscalOrThrow([itPack], { partner, period: { id: '2026-04', start: '2026-04-01', end: '2026-04-30' }, currency: 'EUR', lines: [{ component: 'commission', amount: '2000.00' }], ytd: march.ytdAfter });
    const openings = join(dir, 'openings.json');
    await writeFile(openings, JSON.stringify([april.ytdAfter]));
    expect(await fiscalOpeningsImport({ db: loc.target, file: openings, as: 'carla', at: '2026-07-01T08:00:00Z' }, capture().io)).toBe(0);
  });
  afterAll(async () => {
    if (skip) return;
    await loc.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('settles Q2 once from the store, records it with its audit entry, and carries it into July', async () => {
    // Q2 total contributions: round(45,717 × 17%) − round(45,000 × 17%) = 7,771.89 − 7,650.00 = 121.89 (2026
    // monomandatario cap €45,717); the minimum (2 × 256.50) is long exceeded, so no top-up. Due 20 August 2026.
    const q2 = capture();
    expect(await fiscalSettle('quarter', { db: loc.target, year: '2026', quarter: '2', partners: pf, as: 'carla', at: '2026-07-02T08:00:00Z' }, q2.io), q2.err.join('')).toBe(0);
    expect(q2.out.join('')).toMatch(/AGT-CAP\s+ENASARCO_SETTLEMENT\s+€121\.89\s+due 2026-08-20/);
    expect(q2.out.join('')).toMatch(/1 settlement\(s\) recorded in the store by carla/);
    expect(q2.out.join('')).not.toMatch(/MINIMUM_TOPUP/);

    // Again: the store already holds the settlement → nothing to do, nothing recorded.
    const again = capture();
    expect(await fiscalSettle('quarter', { db: loc.target, year: '2026', quarter: '2', partners: pf, as: 'carla', at: '2026-07-02T09:00:00Z' }, again.io), again.err.join('')).toBe(0);
    expect(again.err.join('')).toMatch(/partner AGT-CAP: .*already settled/);
    expect(again.out.join('')).toMatch(/0 settlement\(s\) recorded/);

    const store = await Store.open(await openDatabase(loc.target));
    try {
      const settlements = await listFiscalSettlements(store);
      expect(settlements.map((s) => [s.partnerId, s.settles, s.asOf, s.settledBy])).toEqual([['AGT-CAP', '2026-Q2', '2026-06-30', 'carla']]);
      expect((await store.auditLog()).filter((a) => a.action === 'fiscal.settle')).toHaveLength(1);
      // July's run starts from the settled state: Q2 is settled in the year to date it carries.
      const july = await ytdBeforePeriod(store, { id: '2026-07', start: '2026-07-01', end: '2026-07-31' });
      expect(july.get('AGT-CAP')?.values['enasarco.settledQuarter']).toBe('2');
    } finally {
      await store.close();
    }

    // FIRR mono on 47,000: 12,400 × 4% + 6,200 × 2% + 28,400 × 1% = 496 + 124 + 284 = 904.00, due 31 March 2027.
    const y = capture();
    expect(await fiscalSettle('year', { db: loc.target, year: '2026', partners: pf, as: 'carla', at: '2027-01-05T08:00:00Z' }, y.io)).toBe(0);
    expect(y.out.join('')).toMatch(/AGT-CAP\s+FIRR\s+€904\.00\s+due 2027-03-31/);
  });
});

/**
 * The guard of `ytdForSettlement`: a period of the same year approved after the quarter's end carried its year to date
 * without the settlement, so settling that quarter now would come too late to count — refused per partner with a
 * message naming the partner, the approved period and the quarter; nothing is recorded. A quarter that ends after
 * (or with) the approved period is not affected. Real sample run of October 2026 (one Italian agent), on PGlite.
 */
describe('settling a quarter after a later period was approved', () => {
  const AGENT = 'AGT-0002'; // it:agent-individual-mono in the sample
  let dir: string;
  let loc: TestLocation;
  let pf: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provvigo-settle-late-'));
    loc = await newLocation('pglite');
    const all = sampleInputs();
    const partners = all.partners.filter((p) => p.id === AGENT);
    const facts = Object.fromEntries(Object.entries(all.facts).map(([t, rows]) => [t, rows.filter((r) => r['partnerId'] === AGENT)]));
    pf = join(dir, 'partners.json');
    await writeFile(pf, JSON.stringify(partners));
    const carla = { id: 'carla', roles: ['calculator' as const] };
    const anna = { id: 'anna', roles: ['approver' as const] };
    const store = await Store.open(await openDatabase(loc.target));
    try {
      await openPeriod(store, { period: OCTOBER, actor: carla, at: '2026-11-01T08:00:00Z' });
      const inputs = { ...all, partners, facts, fiscal: { packs: [itPack], principal: { country: 'IT', splitPayment: false } } };
      await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor: carla, at: '2026-11-01T09:00:00Z' });
      await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at: '2026-11-01T10:00:00Z' });
      const approved = await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-02T10:00:00Z' });
      expect(approved.approved).toEqual([AGENT]);
    } finally {
      await store.close();
    }
  }, 240_000);
  afterAll(async () => {
    await loc.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses Q3 2026 once October 2026 is approved, names partner, period and quarter, and records nothing', async () => {
    // Q3 ends 2026-09-30, before October's end (2026-10-31): October's year to date left Q3 unsettled → refused.
    const q3 = capture();
    expect(await fiscalSettle('quarter', { db: loc.target, year: '2026', quarter: '3', partners: pf, as: 'carla', at: '2026-11-03T08:00:00Z' }, q3.io)).toBe(1);
    expect(q3.err.join('')).toContain(`partner ${AGENT}: period 2026-10 of 2026 is already approved, so 2026-Q3 can no longer be settled (settle a quarter before approving the next period)`);
    expect(q3.out.join('')).toMatch(/2026-Q3: 0 partner\(s\), 0 item\(s\); 0 settlement\(s\) recorded/);

    // Q4 ends 2026-12-31, after October: October is part of it, so the guard does not apply.
    const q4 = capture();
    expect(await fiscalSettle('quarter', { db: loc.target, year: '2026', quarter: '4', partners: pf, as: 'carla', at: '2027-01-05T08:00:00Z' }, q4.io), q4.err.join('')).toBe(0);
    expect(q4.err.join('')).not.toMatch(/already approved/);
    expect(q4.out.join('')).toMatch(/2026-Q4: 1 partner\(s\)/);

    const store = await Store.open(await openDatabase(loc.target));
    try {
      expect((await listFiscalSettlements(store)).filter((s) => s.settles === '2026-Q3')).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
