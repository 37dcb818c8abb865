import { describe, expect, it } from 'vitest';
import { amounts, item, run } from './helpers.js';
import { normalizeSettings } from '../src/settings.js';

describe('settings aliases used by partner files', () => {
  it('maps employees, reverseCharge, regime occasionale, cassa names and contract', () => {
    expect(normalizeSettings({ employees: true, reverseCharge: true, regime: 'occasionale', cassa: 'EPPI', contract: 'agency' })).toEqual({
      regime: 'ordinario',
      cassa: 'eppi',
      contract: 'agency',
      employeesDeclaration: true,
      vat: 'reverseChargeN67',
      enasarco: true,
      firr: true,
    });
    // An explicit setting wins over an alias.
    expect(normalizeSettings({ reverseCharge: true, vat: 'standard' })).toEqual({ vat: 'standard' });
  });

  // The settings the sample generator (examples/utility) writes, one per profile.
  const samples: [string, Record<string, string | number | boolean>][] = [
    ['it:agent-srl', { regime: 'ordinario', legalForm: 'srl', mandate: 'pluri', enasarco: true, employees: true }],
    ['it:agent-snc', { regime: 'ordinario', legalForm: 'snc', mandate: 'mono', enasarco: true, employees: true }],
    ['it:agent-individual-mono', { regime: 'ordinario', legalForm: 'individual', mandate: 'mono', enasarco: true, employees: false }],
    ['it:agent-individual-pluri', { regime: 'ordinario', legalForm: 'individual', mandate: 'pluri', enasarco: true, employees: true }],
    ['it:agent-forfettario', { regime: 'forfettario', legalForm: 'individual', mandate: 'mono', enasarco: true, employees: false }],
    ['it:occasional', { regime: 'occasionale', legalForm: 'individual', enasarco: false, employees: false }],
    ['it:technician-srl', { regime: 'ordinario', legalForm: 'srl', reverseCharge: true }],
    ['it:professional-inps', { regime: 'ordinario', legalForm: 'individual', inpsRivalsa: true }],
    ['it:professional-cassa', { regime: 'ordinario', legalForm: 'individual', cassa: 'EPPI' }],
    ['it:professional-cassa', { regime: 'ordinario', legalForm: 'individual', cassa: 'INARCASSA' }],
    ['it:professional-cassa', { regime: 'ordinario', legalForm: 'individual', cassa: 'CIPAG' }],
    ['it:call-centre-srl', { regime: 'ordinario', legalForm: 'srl', enasarco: false, employees: true, contract: 'procacciamento' }],
    ['it:installer-srl', { regime: 'ordinario', legalForm: 'srl', reverseCharge: true }],
  ];
  for (const [profile, settings] of samples) {
    it(`${profile} ${JSON.stringify(settings)} computes without errors`, () => {
      const r = run({ profile, settings, lines: { commission: '1000.00' } });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.items.length).toBeGreaterThan(0);
    });
  }

  it('EPPI cassa at 5% (TC17) ⚠ from the table', () => {
    const r = run({ profile: 'it:professional-cassa', settings: { cassa: 'EPPI' }, lines: { fee: '1000.00' } });
    expect(amounts(r)).toEqual({ CASSA: '50.00', 'IVA:22.00|': '231.00', RITENUTA: '200.00' });
    expect(item(r, 'CASSA').codes['tipoCassa']).toBe('TC17');
    expect(r.totals.netToPay).toBe('1081.00');
  });

  it('call centre under a real agency contract: Enasarco of companies and causale R', () => {
    const r = run({ profile: 'it:call-centre-srl', settings: { contract: 'agency' }, lines: { commission: '1000.00' } });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '220.00', RITENUTA: '46.00', ENASARCO_AGENT: '10.00', ENASARCO_PRINCIPAL: '30.00' });
    expect(item(r, 'RITENUTA').codes['causalePagamento']).toBe('R');
  });

  it('call centre under a service contract: IVA only', () => {
    const r = run({ profile: 'it:call-centre-srl', settings: { contract: 'service' }, lines: { commission: '1000.00' } });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '220.00' });
  });
});

describe('occasional intermediary', () => {
  it('25-bis with causale V1 on a receipt (no VAT number)', () => {
    // DERIVED: 400 × 50% × 23% = 46.00; receipt, no IVA, €2 stamp recharged.
    const r = run({ profile: 'it:occasional', settings: { ritenuta: 'art25bis', causalePagamento: 'V1' }, lines: { commission: '400.00' } });
    expect(amounts(r)).toEqual({ BOLLO: '2.00', RITENUTA: '46.00' });
    expect(item(r, 'RITENUTA').codes).toMatchObject({ causalePagamento: 'V1', tipoRitenuta: 'RT01' });
    expect(r.document.kind).toBe('receipt');
    expect(r.totals.netToPay).toBe('356.00');
  });
});
