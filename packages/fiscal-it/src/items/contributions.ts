/** Professionals' contributions added to the IVA base: INPS rivalsa (TC22) and a cassa's contributo integrativo. */
import type { FiscalTraceRounding, InvoiceLine } from '@provvigo/core';
import { CITATIONS } from '../citations.js';
import { pct2, push, report, str, table, tin, type Ctx } from '../context.js';
import { cents, type D, pct, plain, roundCent, ZERO } from '../euro.js';
import { ritenutaExcluded, type LineBuilder } from './lines.js';

/** INPS rivalsa 4% of the fees (art. 1 c.212 L. 662/1996): bears IVA and, for art. 25 professionals, ritenuta. */
export function inpsRivalsa(ctx: Ctx, fees: D, lb: LineBuilder, lines: InvoiceLine[]): D {
  const { s } = ctx;
  if (!s.inpsRivalsa) return ZERO;
  const t = table(ctx, 'it.inps.rivalsa');
  const p = t && str(ctx, t, 'percent');
  if (!t || !p) return ZERO;
  const rounding: FiscalTraceRounding[] = [];
  const exact = pct(fees, p);
  const rivalsa = roundCent(exact, 'INPS rivalsa', rounding);
  const withholding = !ritenutaExcluded(ctx) && s.ritenuta === 'art25';
  lines.push(lb.make({ component: 'inps_rivalsa', description: { it: `Rivalsa INPS ${p}%`, en: `INPS rivalsa ${p}%` }, amount: cents(rivalsa), withholding, kind: 'contribution' }));
  push(ctx, {
    id: 'INPS_RIVALSA',
    code: 'INPS_RIVALSA',
    label: { it: 'Rivalsa INPS', en: 'INPS rivalsa' },
    base: fees,
    ratePercent: p,
    amount: rivalsa,
    payer: 'principal',
    effect: 'addsToDocument',
    rule: 'it.inps.rivalsa',
    citation: CITATIONS.inpsRivalsa,
    codes: { tipoCassa: typeof t.values['tipoCassa'] === 'string' ? (t.values['tipoCassa'] as string) : 'TC22', aliquotaCassa: pct2(p), ritenuta: s.ritenuta === 'art25' ? 'SI' : 'NO', imponibileCassa: cents(fees) },
    trace: { inputs: [{ name: 'fees', kind: 'line', value: cents(fees) }, tin('percent', t, p)], steps: [{ what: 'rivalsa', expr: `${cents(fees)} × ${p}%`, value: plain(exact) }], rounding },
  });
  return rivalsa;
}

/** A cassa's contributo integrativo on the fees: bears IVA, never ritenuta (art. 16 DL 41/1995). */
export function cassaContribution(ctx: Ctx, fees: D, lb: LineBuilder, lines: InvoiceLine[]): D {
  const { s } = ctx;
  if (!s.cassa) return ZERO;
  const t = table(ctx, 'it.cassa');
  if (!t) return ZERO;
  const entry = t.values[s.cassa] as Record<string, unknown> | undefined;
  const p = s.cassaPercent ?? (typeof entry?.['percent'] === 'string' ? (entry['percent'] as string) : undefined);
  const tipo = s.tipoCassa ?? (typeof entry?.['tipoCassa'] === 'string' ? (entry['tipoCassa'] as string) : undefined);
  if (!p || !tipo) {
    const why = {
      en: `cassa "${s.cassa}" has no percent / TipoCassa in table it.cassa; set fiscalSettings.cassaPercent and tipoCassa`,
      it: `la cassa "${s.cassa}" non ha percentuale / TipoCassa nella tabella it.cassa; imposta fiscalSettings.cassaPercent e tipoCassa`,
    };
    report(ctx, 'error', 'missing_input', why, ['partners', ctx.partnerId, 'fiscalSettings', 'cassa'], 'cassa');
    return ZERO;
  }
  const rounding: FiscalTraceRounding[] = [];
  const exact = pct(fees, p);
  const cassa = roundCent(exact, 'cassa', rounding);
  const name = typeof entry?.['label'] === 'string' ? (entry['label'] as string) : s.cassa;
  lines.push(lb.make({ component: 'cassa', description: { it: `Contributo integrativo ${name} ${p}%`, en: `${name} contribution ${p}%` }, amount: cents(cassa), withholding: false, kind: 'contribution' }));
  push(ctx, {
    id: 'CASSA',
    code: 'CASSA',
    label: { it: `Contributo integrativo ${name}`, en: `${name} contribution` },
    base: fees,
    ratePercent: p,
    amount: cassa,
    payer: 'principal',
    effect: 'addsToDocument',
    rule: 'it.cassa.integrativo',
    citation: CITATIONS.cassa,
    codes: { tipoCassa: tipo, aliquotaCassa: pct2(p), imponibileCassa: cents(fees) },
    trace: {
      inputs: [
        { name: 'fees', kind: 'line', value: cents(fees) },
        { name: 'cassa', kind: 'setting', value: s.cassa },
        s.cassaPercent ? { name: 'cassaPercent', kind: 'setting', value: p } : tin(`${s.cassa}.percent`, t, p),
      ],
      steps: [{ what: 'cassa', expr: `${cents(fees)} × ${p}%`, value: plain(exact) }],
      rounding,
    },
  });
  return cassa;
}
