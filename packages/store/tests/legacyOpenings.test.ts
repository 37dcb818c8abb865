import { describe, expect, it } from 'vitest';
import { importFiscalOpenings, listFiscalOpenings } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';

/**
 * Opening balances imported before core bounded a year-to-date state's year and refused empty value names stay in
 * their append-only table. Reading them must not stop every fiscal calculation of the store: an opening of a year no
 * period can end in is left out, a value without a name is dropped, and the rest of each opening is read as it was.
 */
const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';

describe.each(ENGINES)('opening balances stored before the stricter schema, on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  /** An opening written as an older store wrote it: the state as given, no check. */
  const legacy = (state: { partnerId: string; year: number; values: Record<string, string> }) =>
    suite.db.query(`INSERT INTO provvigo_fiscal_openings (partner_id, year, state, source, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      state.partnerId,
      state.year,
      JSON.stringify({ ...state, periods: [] }),
      'ERP',
      'carla',
      AT,
    ]);

  it.skipIf(skip)('reads the valid ones whole, leaves out a year no period has, and drops a value without a name', async () => {
    await importFiscalOpenings(suite.store, { states: [{ partnerId: 'P1', year: 2026, values: { 'enasarco.base': '100.00' } }], source: 'ERP', actor: 'carla', at: AT });
    await legacy({ partnerId: 'P2', year: -1, values: { 'enasarco.base': '5.00' } });
    await legacy({ partnerId: 'P3', year: 20260, values: { 'enasarco.base': '6.00' } });
    await legacy({ partnerId: 'P4', year: 2026, values: { '': '7.00', 'enasarco.base': '8.00' } });
    expect(await listFiscalOpenings(suite.store)).toEqual([
      { partnerId: 'P1', year: 2026, values: { 'enasarco.base': '100.00' }, periods: [] },
      { partnerId: 'P4', year: 2026, values: { 'enasarco.base': '8.00' }, periods: [] },
    ]);
  });

  it.skipIf(skip)('still refuses a stored opening that was never valid', async () => {
    await suite.db.query(`INSERT INTO provvigo_fiscal_openings (partner_id, year, state, source, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      'P5',
      2026,
      JSON.stringify({ partnerId: 'P5', year: 2026, values: { 'enasarco.base': 'lots' }, periods: [] }),
      'ERP',
      'carla',
      AT,
    ]);
    await expect(listFiscalOpenings(suite.store)).rejects.toThrow(/values/);
  });
});
