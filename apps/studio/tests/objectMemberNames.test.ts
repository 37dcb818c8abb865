import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerCalculationInput } from '@provvigo/core';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { recordFactsOf } from '../server/statementFacts.js';
import { demoUsers } from '../server/users.js';

/**
 * Names a user chooses (fact tables and their key columns, partner ids and periods in the URL) are looked up as own
 * entries: `toString`, `valueOf`, `constructor` or `__proto__` behave like any other name. Expected values are
 * written by hand from that rule.
 */

/** A calculation input whose only table is keyed by `key`; plan, partner and period are not read by recordFactsOf. */
function calcWith(table: string, key: string, records: Record<string, unknown>[]): PartnerCalculationInput {
  const factSchema = { tables: { [table]: { system: 'file', key, partner: 'partnerId', date: 'signedDate', columns: {} } } };
  return { factSchema, facts: { [table]: records } } as unknown as PartnerCalculationInput;
}

describe('recordFactsOf reads a record id from its own key column', () => {
  it('a record without its key column `toString` is no record of the id Object.prototype.toString prints', () => {
    const calc = calcWith('contracts', 'toString', [
      { toString: 'C1', partnerId: 'AG001', customerName: 'Rossi Srl' },
      { partnerId: 'AG001', customerName: 'Bianchi Spa' },
    ]);
    const sources = [
      { table: 'contracts', id: 'C1' },
      { table: 'contracts', id: 'function toString() { [native code] }' },
    ];
    expect(recordFactsOf(calc, sources)).toEqual({ 'contracts/C1': { customer: 'Rossi Srl' } });
  });

  it('the same for a key column `valueOf`', () => {
    const calc = calcWith('events', 'valueOf', [{ partnerId: 'AG001', productName: 'Luce Casa' }]);
    expect(recordFactsOf(calc, [{ table: 'events', id: 'function valueOf() { [native code] }' }])).toEqual({});
  });

  it('a source in a table the schema does not declare (`constructor`, `toString`, `__proto__`) has no facts', () => {
    const calc = calcWith('contracts', 'id', [{ id: 'C1', customerName: 'Rossi Srl' }]);
    const sources = ['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((table) => ({ table, id: 'C1' }));
    expect(recordFactsOf(calc, sources)).toEqual({});
  });
});

describe('route params named like Object members', () => {
  const sample = loadSample();
  const PASSWORD = 'test-password';
  let studio: StudioServer;
  const session = async (username: string) => {
    const r = await fetch(`${studio.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(r.status, username).toBe(200);
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const status = async (cookie: string, path: string) => (await fetch(`${studio.url}${path}`, { headers: { cookie } })).status;

  beforeAll(async () => {
    studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  });
  afterAll(async () => {
    await studio?.close();
  });

  it('a partner asking for a partner `constructor`, `toString` or `__proto__` is refused; staff find no such period or plan', async () => {
    const partner = await session(sample.partners[0]!.id.toLowerCase());
    const finance = await session('finance');
    for (const name of ['constructor', 'toString', '__proto__', 'valueOf']) {
      expect(await status(partner, `/api/periods/${sample.period.id}/statements/${name}`), name).toBe(403);
      expect(await status(finance, `/api/periods/${name}/statements`), name).toBe(404);
      expect(await status(finance, `/api/periods/${name}/review`), name).toBe(404);
      expect(await status(finance, `/api/plans/${name}/versions`), name).toBe(404);
    }
  });
});
