import { evaluate } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { baselineL } from '../src/baselineL.js';
import { baselineLD } from '../src/baselineLD.js';
import { engineInput, workload, type Workload } from '../src/data.js';

/**
 * Baseline (LD), plan (a) by hand with a run's duties done by hand (src/baselineLD.ts): it must pay what the engine
 * pays, reject what the engine rejects, and hash its input independently of the records' order — or E/LD would
 * compare unlike work.
 */
const w = workload('ld', 20, 2_000);

/** Partner → component → amount, from the engine's own run of the workload. */
function engineTotals(x: Workload): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const s of evaluate(engineInput(x), { hashInputs: false }).statements) {
    out.set(s.partnerId, new Map([['commission', s.byComponent.commission ?? '0.00'], ['bonus', s.byComponent.bonus ?? '0.00']]));
  }
  return out;
}

describe('baseline (LD): plan (a) by hand, with the duties of a run', () => {
  it('pays every partner what the engine and (L) pay, to the cent, over as many lines', () => {
    const ld = baselineLD(w);
    expect(ld.rejected).toBe(0);
    expect(ld.byPartner).toEqual(engineTotals(w));
    expect(ld.byPartner).toEqual(baselineL(w).byPartner);
    expect(ld.lines).toBe(evaluate(engineInput(w), { hashInputs: false }).statements.reduce((n, s) => n + s.lines.length, 0));
  });

  it('rejects, as the engine does, a repeated id, an unknown partner, a date that is no calendar date or outside the period, a wrong type', () => {
    const c = w.contracts.find((x) => x.qualityOk === true)!;
    const bad = [
      { ...c }, // the same id again
      { ...c, id: `${String(c.id)}-p`, partnerId: 'NOBODY' },
      { ...c, id: `${String(c.id)}-d`, signedDate: '2026-10-32' },
      { ...c, id: `${String(c.id)}-o`, signedDate: '2026-11-01' },
      { ...c, id: `${String(c.id)}-k`, annualKwh: 'many' },
      { ...c, id: `${String(c.id)}-q`, qualityOk: { ok: true } },
      { ...c, id: `${String(c.id)}-b`, territory: '' },
    ];
    const withBad = { ...w, contracts: [...w.contracts, ...bad] };
    const ld = baselineLD(withBad);
    expect(ld.rejected).toBe(bad.length);
    // the engine rejects the same records (or leaves the out-of-period one out) and pays the same
    expect(ld.byPartner).toEqual(engineTotals(withBad));
    expect(ld.byPartner).toEqual(baselineLD(w).byPartner);
  });

  it('hashes its input and output independently of the records’ order, and a changed value changes the input hash', () => {
    const ld = baselineLD(w);
    const reversed = baselineLD({ ...w, contracts: [...w.contracts].reverse() });
    expect(reversed.inputHash).toBe(ld.inputHash);
    expect(reversed.outputHash).toBe(ld.outputHash);
    const changed = w.contracts.map((x, i) => (i === 0 ? { ...x, offer: `${String(x.offer)}!` } : x));
    expect(baselineLD({ ...w, contracts: changed }).inputHash).not.toBe(ld.inputHash);
  });

  it('writes each commission line’s trace values as the engine’s trace shows them: units, rate, fixed part, exact and rounded amount', () => {
    const written = new Map<string, string>();
    baselineLD(w, (partnerId, json) => written.set(partnerId, json));
    let compared = 0;
    for (const s of evaluate(engineInput(w), { hashInputs: false }).statements) {
      const ld = JSON.parse(written.get(s.partnerId)!) as {
        commission: { ids: string[]; amount: string[]; trace: { units: number[]; rate: string[]; fixed: string[]; exact: string[] } };
      };
      const lines = s.lines.filter((l) => l.payout === 'Commission');
      expect(ld.commission.ids).toEqual(lines.map((l) => l.source!.id));
      lines.forEach((l, i) => {
        const cell = (name: string) => l.trace.cells.find((c) => c.name === name)!.value;
        expect(ld.commission.trace.units[i]).toBe(cell('Units'));
        expect(Number(ld.commission.trace.rate[i])).toBe(cell('Rate'));
        expect(Number(ld.commission.trace.fixed[i])).toBe(cell('Fixed'));
        expect(ld.commission.trace.exact[i]).toBe(l.trace.exactValue);
        expect(ld.commission.amount[i]).toBe(l.amount);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(500);
  });
});
