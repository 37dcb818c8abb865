/**
 * Invariants of the Italian pack, as fast-check properties (integer cents on the test side: no float arithmetic).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FiscalResultSchema, type FiscalResult, type YtdState } from '@provvigo/core';
import { fromCents, month, run, toCents } from './helpers.js';
import { IT_PROFILES, profileDefaults } from '../src/index.js';

const PROFILE_IDS = IT_PROFILES.map((p) => p.id);
const COMPONENTS = ['commission', 'bonus', 'adjustment', 'clawback'];

const lineArb = fc.tuple(fc.constantFrom(...COMPONENTS), fc.integer({ min: -500_000, max: 5_000_000 }));
const linesArb = fc.array(lineArb, { minLength: 0, maxLength: 5 });

const sumCents = (xs: string[]) => xs.reduce((a, x) => a + toCents(x), 0);

/**
 * The identities every result keeps, exactly in cents:
 *   fees          = Σ statement lines
 *   taxable       = fees + contributions (INPS rivalsa, cassa)
 *   documentTotal = taxable + vatTotal + stampDutyCharged
 *   netToPay      = taxable + vatTotal + stampDutyCharged − withholdingsTotal − splitPaymentVat
 *   withholdingsTotal = Σ items withheld;   principalCostsTotal = Σ items principalCost
 *   Σ vatSummary.taxable = taxable + stampDutyCharged;   Σ vatSummary.vat = vatTotal
 */
function assertIdentities(r: FiscalResult, lines: [string, number][]): void {
  const t = r.totals;
  const c = (s: string) => toCents(s);
  expect(c(t.fees)).toBe(lines.reduce((a, [, v]) => a + v, 0));
  expect(c(t.taxable)).toBe(c(t.fees) + c(t.contributions));
  expect(c(t.documentTotal)).toBe(c(t.taxable) + c(t.vatTotal) + c(t.stampDutyCharged));
  expect(c(t.netToPay)).toBe(c(t.taxable) + c(t.vatTotal) + c(t.stampDutyCharged) - c(t.withholdingsTotal) - c(t.splitPaymentVat));
  expect(c(t.withholdingsTotal)).toBe(sumCents(r.items.filter((i) => i.effect === 'withheld').map((i) => i.amount)));
  expect(c(t.principalCostsTotal)).toBe(sumCents(r.items.filter((i) => i.effect === 'principalCost').map((i) => i.amount)));
  expect(sumCents(t.vatSummary.map((v) => v.taxable))).toBe(c(t.taxable) + c(t.stampDutyCharged));
  expect(sumCents(t.vatSummary.map((v) => v.vat))).toBe(c(t.vatTotal));
  expect(sumCents(r.invoiceLines.map((l) => l.amount))).toBe(c(t.taxable) + c(t.stampDutyCharged));
}

describe('invoice identities (every profile)', () => {
  it('net to pay = taxable + IVA + charged stamp − withholdings − split-payment IVA, exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_IDS),
        linesArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (profile, lines, split, m, priorBaseCents) => {
          const ytd: YtdState = { partnerId: 'P-1', year: 2026, values: { 'enasarco.base': fromCents(priorBaseCents), 'firr.base': fromCents(priorBaseCents) }, periods: ['2026-00'] };
          const r = run({
            profile,
            period: month(2026, m),
            lines: lines.map(([comp, v]) => [comp, fromCents(v)] as [string, string]),
            principal: { splitPayment: split },
            ytd,
          });
          expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
          expect(FiscalResultSchema.safeParse(r).success).toBe(true);
          assertIdentities(r, lines);
        },
      ),
      { seed: 1892339169, numRuns: 300 },
    );
  });
});

const settingsArb = fc.record(
  {
    regime: fc.constantFrom('ordinario', 'forfettario'),
    vat: fc.constantFrom('standard', 'reverseChargeN67', 'none'),
    employeesDeclaration: fc.boolean(),
    inpsRivalsa: fc.boolean(),
    cassa: fc.constantFrom(null, 'inarcassa', 'eppi'),
    stampDutyRecharged: fc.boolean(),
    enasarcoBaseIncludesStamp: fc.boolean(),
    legalForm: fc.constantFrom('individual', 'snc', 'srl'),
    mandate: fc.constantFrom('mono', 'pluri'),
  },
  { requiredKeys: [] },
);

describe('invoice identities (any combination of settings)', () => {
  it('hold for every profile with random setting overrides', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILE_IDS), settingsArb, linesArb, fc.boolean(), fc.integer({ min: 1, max: 12 }), (profile, settings, lines, split, m) => {
        const r = run({ profile, settings, period: month(2026, m), lines: lines.map(([c, v]) => [c, fromCents(v)] as [string, string]), principal: { splitPayment: split } });
        // Only natural persons can be forfettari (L. 190/2014 c.54): a company profile set to forfettario is refused.
        const effectiveForm = settings.legalForm ?? profileDefaults(profile)!.legalForm;
        const effectiveRegime = settings.regime ?? profileDefaults(profile)!.regime;
        if (effectiveRegime === 'forfettario' && !['individual', 'professional'].includes(effectiveForm)) {
          expect(r.issues.map((i) => i.message).join()).toMatch(/forfettario regime is only for individuals/);
          expect(r.invoiceable).toBe(false);
          return;
        }
        expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(r.invoiceable).toBe(true);
        expect(FiscalResultSchema.safeParse(r).success).toBe(true);
        assertIdentities(r, lines);
      }),
      { seed: 130940279, numRuns: 300 },
    );
  });
});

describe('Enasarco year to date never exceeds the cap, whatever the statement sequence', () => {
  const CAPS = { 2025: { mono: 4508500, pluri: 3005700 }, 2026: { mono: 4571700, pluri: 3047800 } } as const;

  it('cumulative base, amounts and rounding stay within the cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2025, 2026) as fc.Arbitrary<2025 | 2026>,
        fc.constantFrom('mono', 'pluri') as fc.Arbitrary<'mono' | 'pluri'>,
        fc.array(fc.integer({ min: -2_000_000, max: 3_000_000 }), { minLength: 1, maxLength: 12 }),
        (year, mandate, statements) => {
          const cap = CAPS[year][mandate];
          // Enasarco's published maximum: cap × 17% rounded once (cents, half-up, integer arithmetic).
          const capTotal = Math.floor((cap * 170 + 500) / 1000);
          let ytd: YtdState | null = null;
          let base = 0;
          let paidAgent = 0;
          let paidPrincipal = 0;
          statements.forEach((cents, i) => {
            const r = run({
              profile: mandate === 'mono' ? 'it:agent-individual-mono' : 'it:agent-individual-pluri',
              period: month(year, i + 1),
              lines: { commission: fromCents(cents) },
              ytd,
            });
            expect(r.issues.filter((x) => x.severity === 'error')).toEqual([]);
            base += cents;
            paidAgent += toCents(r.items.find((x) => x.id === 'ENASARCO_AGENT')!.amount);
            paidPrincipal += toCents(r.items.find((x) => x.id === 'ENASARCO_PRINCIPAL')!.amount);
            const contributable = Math.min(Math.max(base, 0), cap);
            // Year to date: total = round(contributable × 17%) once; agent = round(contributable × 8.5%) half-up;
            // principal = total − agent. Statement amounts sum to exactly these, so never above the maximum.
            const total = Math.floor((contributable * 170 + 500) / 1000);
            const agent = Math.floor((contributable * 85 + 500) / 1000);
            expect(toCents(r.ytdAfter.values['enasarco.total']!)).toBe(total);
            expect(toCents(r.ytdAfter.values['enasarco.agent']!)).toBe(agent);
            expect(toCents(r.ytdAfter.values['enasarco.principal']!)).toBe(total - agent);
            expect(paidAgent).toBe(agent);
            expect(paidPrincipal).toBe(total - agent);
            expect(paidAgent + paidPrincipal).toBeLessThanOrEqual(capTotal);
            ytd = r.ytdAfter;
          });
        },
      ),
      { seed: 516205773, numRuns: 150 },
    );
  });
});

describe('determinism', () => {
  it('the same input gives byte-identical results; a chained year gives the same year-to-date twice', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILE_IDS), fc.array(linesArb, { minLength: 1, maxLength: 4 }), (profile, months) => {
        const chain = () => {
          let ytd: YtdState | null = null;
          const out: string[] = [];
          months.forEach((lines, i) => {
            const r = run({ profile, period: month(2026, i * 3 + 3), lines: lines.map(([c, v]) => [c, fromCents(v)] as [string, string]), ytd });
            out.push(JSON.stringify(r));
            ytd = r.ytdAfter;
          });
          return out;
        };
        expect(chain()).toEqual(chain());
      }),
      { seed: 1774427227, numRuns: 300 },
    );
  });

  it('the order of the statement lines changes no amount', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILE_IDS), linesArb, fc.integer({ min: 1, max: 12 }), (profile, lines, m) => {
        const a = run({ profile, period: month(2026, m), lines: lines.map(([c, v]) => [c, fromCents(v)] as [string, string]) });
        const b = run({ profile, period: month(2026, m), lines: [...lines].reverse().map(([c, v]) => [c, fromCents(v)] as [string, string]) });
        const { vatSummary: va, ...ta } = a.totals;
        const { vatSummary: vb, ...tb } = b.totals;
        expect(tb).toEqual(ta);
        expect([...vb].sort((x, y) => (x.natura ?? '').localeCompare(y.natura ?? ''))).toEqual([...va].sort((x, y) => (x.natura ?? '').localeCompare(y.natura ?? '')));
        expect(Object.fromEntries(b.items.map((i) => [i.id, i.amount]))).toEqual(Object.fromEntries(a.items.map((i) => [i.id, i.amount])));
        expect(b.ytdAfter).toEqual(a.ytdAfter);
      }),
      { seed: 2007435768, numRuns: 100 },
    );
  });
});

describe('FIRR', () => {
  it('is non-decreasing in the base and between 1% and 4% of it (full year)', () => {
    const firr = (mandate: string, cents: number) =>
      toCents(run({ profile: 'it:agent-individual-pluri', settings: { mandate }, period: month(2026, 12), lines: { commission: fromCents(cents) } }).items.find((i) => i.code === 'FIRR')!.amount);
    fc.assert(
      fc.property(fc.constantFrom('mono', 'pluri'), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (mandate, a, d) => {
        const fa = firr(mandate, a);
        const fb = firr(mandate, a + d);
        expect(fb).toBeGreaterThanOrEqual(fa);
        expect(fa).toBeLessThanOrEqual(Math.ceil((a * 4) / 100) + 1);
        expect(fa).toBeGreaterThanOrEqual(Math.floor(a / 100) - 3);
      }),
      { seed: 10500462, numRuns: 100 },
    );
  });
});
