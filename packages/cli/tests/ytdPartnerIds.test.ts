import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, readYtd, type InvoicesOptions } from '../src/commands/invoices.js';
import { capture } from './helpers/capture.js';
import { monomandatario, principal } from './helpers/italianParties.js';

/**
 * The year-to-date file of `provvigo invoices --ytd` is keyed by partner id, and partner ids are the caller's: a
 * partner called `__proto__` or `constructor` carries its Enasarco base across periods like any other (a plain
 * object made the `__proto__` partner's state the object's prototype, so it was never written back, and read
 * Object itself as the `constructor` partner's state).
 */
const IDS = ['AGT-1', '__proto__', 'constructor'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-ytd-ids-'));
  await writeFile(join(dir, 'principal.json'), JSON.stringify(principal));
  await writeFile(join(dir, 'partners.json'), JSON.stringify(IDS.map(monomandatario)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('year-to-date state by partner id', () => {
  it('reads a partner named __proto__ from the file as an entry', async () => {
    const file = join(dir, 'read.json');
    await writeFile(file, '{"__proto__": {"partnerId": "__proto__", "year": 2026, "periods": ["2026-03"], "values": {"fees": "1.00"}}}');
    const ytd = await readYtd(file);
    expect(Object.getPrototypeOf(ytd)).toBe(Object.prototype);
    expect(Object.keys(ytd)).toEqual(['__proto__']);
  });

  it('carries the Enasarco base of partners named __proto__ and constructor across periods: the cap stops the contribution', async () => {
    const ytd = join(dir, 'ytd.json');
    const runPeriod = async (period: string, amount: string) => {
      const statements = join(dir, `st-${period}.json`);
      const lines = [{ id: 'l1', component: 'commission', label: 'Provvigioni', amount, currency: 'EUR', source: { system: 'salesforce', table: 'contracts', id: 'C-1' } }];
      await writeFile(statements, JSON.stringify(IDS.map((partnerId) => ({ partnerId, currency: 'EUR', lines }))));
      const out = join(dir, `out-${period}`);
      const options: InvoicesOptions = {
        ...{ period, partners: join(dir, 'partners.json'), principal: join(dir, 'principal.json'), statements, out, ytd },
        ...{ date: '2026-11-05', numberPrefix: 'PV', paymentDays: 30, selfBilling: true, xml: false },
      };
      const c = capture();
      expect(await invoices(options, c.io), c.err.join('')).toBe(0);
      const index = JSON.parse(await readFile(join(out, 'invoices.json'), 'utf8')) as { invoices: Array<{ partnerId: string; fiscal: { items: Array<{ codes: Record<string, string>; amount: string }> } }> };
      return Object.fromEntries(index.invoices.map((inv) => [inv.partnerId, inv.fiscal.items.find((i) => i.codes['tipoRitenuta'] === 'RT04')?.amount]));
    };
    // 2026 monomandatario cap €45,717: 45,000 then 2,000 → Enasarco on 45,000 (3,825.00) and on 717 only (60.95).
    const first = await runPeriod('2026-03', '45000.00');
    expect(Object.entries(first)).toEqual(IDS.map((id) => [id, '3825.00']));
    const second = await runPeriod('2026-04', '2000.00');
    expect(Object.entries(second)).toEqual(IDS.map((id) => [id, '60.95']));
    const state = JSON.parse(await readFile(ytd, 'utf8')) as Record<string, { periods: string[] }>;
    expect(Object.keys(state)).toEqual(IDS);
    for (const id of IDS) expect(Object.getOwnPropertyDescriptor(state, id)?.value.periods).toEqual(['2026-03', '2026-04']);
  }, 120_000);
});
