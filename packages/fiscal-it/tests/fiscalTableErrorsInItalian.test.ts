// A malformed fiscal table becomes an error issue of the statement, which the user reads: it carries `messages` in
// Italian and English beside its English `message` (unchanged), from core's FiscalTableError.
import type { FiscalTables } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { month, run } from './helpers.js';

/** The Enasarco company table with one 2026 row of these values (the caller's row replaces the default). */
function companyTable(values: Record<string, unknown>): FiscalTables {
  return { 'it.enasarco.company': { id: 'it.enasarco.company', rows: [{ validFrom: '2026-01-01', validTo: null, values }] } };
}

const agentSrl = (tables: FiscalTables) => run({ profile: 'it:agent-srl', period: month(2026, 3), lines: { commission: '1000.00' }, tables });

describe('fiscal table refusals of the Italian pack in both languages', () => {
  it('bands that are no array of bands', () => {
    const r = agentSrl(companyTable({ bands: [] }));
    const issue = r.issues.find((i) => i.severity === 'error');
    const en = 'partner "P-1": fiscal table "it.enasarco.company": "bands" must be a non-empty array of bands';
    expect(issue).toMatchObject({ code: 'missing_input', message: en });
    expect(issue?.messages).toEqual({ en, it: 'partner "P-1": tabella fiscale "it.enasarco.company": "bands" deve essere un array non vuoto di scaglioni' });
  });

  it('a band without its percent', () => {
    const r = agentSrl(companyTable({ bands: [{ upTo: null, principalPercent: '3' }] }));
    const issue = r.issues.find((i) => i.severity === 'error');
    const en = 'partner "P-1": fiscal table "it.enasarco.company": band of "bands" needs upTo (string|null) and agentPercent';
    expect(issue?.message).toBe(en);
    expect(issue?.messages).toEqual({ en, it: 'partner "P-1": tabella fiscale "it.enasarco.company": uno scaglione di "bands" richiede upTo (string|null) e agentPercent' });
  });

  it('a value that is not a decimal string, and a year with no row in force', () => {
    const base = { agentPercent: '8.5', principalPercent: '8.5', monoCap: 45717, monoMinimum: '1026', pluriCap: '30478', pluriMinimum: '515' };
    const tables: FiscalTables = { 'it.enasarco.individual': { id: 'it.enasarco.individual', rows: [{ validFrom: '2026-01-01', validTo: '2026-12-31', values: base }] } };
    const bad = run({ profile: 'it:agent-individual-mono', period: month(2026, 3), lines: { commission: '1000.00' }, tables });
    const en = 'partner "P-1": fiscal table "it.enasarco.individual" row 2026-01-01: "monoCap" must be a decimal string';
    const it = 'partner "P-1": tabella fiscale "it.enasarco.individual" riga 2026-01-01: "monoCap" deve essere un numero decimale scritto come stringa';
    expect(bad.issues.find((i) => i.severity === 'error')?.messages).toEqual({ en, it });
    // core's refusal of the lookup reaches the issue in Italian too
    const missing = run({ profile: 'it:agent-individual-mono', period: month(2027, 2), lines: { commission: '1000.00' } });
    expect(missing.issues[0]?.messages).toEqual({
      en: 'partner "P-1": fiscal table "it.enasarco.individual" has no row in force on 2027-02-28',
      it: 'partner "P-1": la tabella fiscale "it.enasarco.individual" non ha una riga in vigore il 2027-02-28',
    });
  });
});
