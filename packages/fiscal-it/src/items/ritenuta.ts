/** Ritenuta d'acconto: art. 25-bis (agents, 23% on 50% or 20%), art. 25 (professionals), occasional work. */
import type { FiscalTraceInput, FiscalTraceRounding } from '@provvigo/core';
import { CITATIONS } from '../citations.js';
import { pct2, push, str, table, tin, warn, type Ctx, type TableRow } from '../context.js';
import { cents, type D, pct, plain, roundCent } from '../euro.js';
import { causaleOf } from '../settings.js';

export function ritenutaItem(ctx: Ctx, base: D, fees: D, rivalsa: D, excluded: boolean): void {
  const { s } = ctx;
  if (excluded) {
    if (s.ritenuta !== 'none' && ctx.principal.settings['agriculturalEnterprise'] === true) {
      const text = { en: 'no ritenuta, the principal is an agricultural enterprise', it: "nessuna ritenuta: il committente è un'impresa agricola" };
      warn(ctx, 'invalid_input', text, ['principal', 'settings', 'agriculturalEnterprise']);
    }
    return;
  }
  if (base.isZero()) return;
  const t = table(ctx, 'it.ritenuta');
  if (!t) return;
  if (s.ritenuta === 'art25bis') art25bis(ctx, t, base);
  else flatRate(ctx, t, base, fees, rivalsa);
}

const f24 = (t: TableRow, key: string): Record<string, string> => (typeof t.values[key] === 'string' ? { f24Tributo: t.values[key] as string } : {});

function art25bis(ctx: Ctx, t: TableRow, base: D): void {
  const { s } = ctx;
  const rate = str(ctx, t, 'art25bisPercent');
  const shareKey = s.employeesDeclaration ? 'art25bisBaseShareEmployeesPercent' : 'art25bisBaseSharePercent';
  const share = str(ctx, t, shareKey);
  if (!rate || !share) return;
  const rounding: FiscalTraceRounding[] = [];
  const taxedBase = pct(base, share);
  const exact = pct(taxedBase, rate);
  const causale = causaleOf(s);
  push(ctx, {
    id: 'RITENUTA',
    code: 'RITENUTA',
    label: { it: "Ritenuta d'acconto", en: 'Withholding tax' },
    base,
    baseSharePercent: share,
    ratePercent: rate,
    amount: roundCent(exact, 'ritenuta 25-bis', rounding),
    payer: 'partner',
    effect: 'withheld',
    rule: s.employeesDeclaration ? 'it.ritenuta.art25bis.employees' : 'it.ritenuta.art25bis',
    citation: CITATIONS.art25bis,
    codes: { tipoRitenuta: s.tipoRitenuta, aliquotaRitenuta: pct2(rate), causalePagamento: causale, ...f24(t, 'f24Art25bis') },
    trace: {
      inputs: [...common(ctx, base), { name: 'employeesDeclaration', kind: 'setting', value: s.employeesDeclaration }, tin(shareKey, t, share), tin('art25bisPercent', t, rate)],
      steps: [
        { what: 'taxed share of the base', expr: `${cents(base)} × ${share}%`, value: plain(taxedBase) },
        { what: 'ritenuta', expr: `${plain(taxedBase)} × ${rate}%`, value: plain(exact) },
      ],
      rounding,
    },
  });
}

function flatRate(ctx: Ctx, t: TableRow, base: D, fees: D, rivalsa: D): void {
  const { s } = ctx;
  const key = s.ritenuta === 'art25' ? 'art25Percent' : 'occasionalPercent';
  const rate = str(ctx, t, key);
  if (!rate) return;
  const rounding: FiscalTraceRounding[] = [];
  const exact = pct(base, rate);
  push(ctx, {
    id: 'RITENUTA',
    code: 'RITENUTA',
    label: { it: "Ritenuta d'acconto", en: 'Withholding tax' },
    base,
    ratePercent: rate,
    amount: roundCent(exact, `ritenuta ${s.ritenuta}`, rounding),
    payer: 'partner',
    effect: 'withheld',
    rule: s.ritenuta === 'art25' ? 'it.ritenuta.art25' : 'it.ritenuta.occasional',
    citation: CITATIONS.art25,
    codes: { tipoRitenuta: s.tipoRitenuta, aliquotaRitenuta: pct2(rate), causalePagamento: causaleOf(s), ...f24(t, 'f24Art25') },
    trace: {
      inputs: [...common(ctx, base), { name: 'fees', kind: 'line', value: cents(fees) }, { name: 'inpsRivalsa', kind: 'derived', value: cents(rivalsa) }, tin(key, t, rate)],
      steps: [{ what: 'ritenuta', expr: `${cents(base)} × ${rate}%`, value: plain(exact) }],
      rounding,
    },
  });
}

function common(ctx: Ctx, base: D): FiscalTraceInput[] {
  return [
    { name: 'base', kind: 'derived', value: cents(base) },
    { name: 'ritenuta', kind: 'setting', value: ctx.s.ritenuta },
    { name: 'causalePagamento', kind: 'setting', value: ctx.s.causalePagamento ?? `derived: ${causaleOf(ctx.s)}` },
  ];
}
