import { PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import type { WhatIfData, WhatIfPartnerView } from '../src/index.js';
import { plans } from './sampleData.js';

/** Money of a story in cents, written back as a decimal string of the plan's scale (2): no floating point. */
const cents = (n: number) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

/**
 * The sample's agency plan grown long, for the long-data stories and the auto-scrolling drag test: `n` more line
 * columns (each a share of the commission, long labels), as many parameters and payouts, and a rate table of 60 rows.
 * Only schema-parsed when called; no engine runs.
 */
export function longPlan(n = 40): Plan {
  const base = plans['agency-agents']!;
  const lines = base.sheets['Lines'];
  if (lines?.kind !== 'lines') throw new Error('the sample agency plan has no Lines sheet');
  const extra = Array.from({ length: n }, (_, i) => `Share${String(i + 1).padStart(2, '0')}`);
  const columns = { ...lines.columns };
  const parameters = { ...base.parameters };
  const payouts = { ...base.payouts };
  for (const [i, name] of extra.entries()) {
    parameters[`${name}Pct`] = { type: 'number', overridable: false, value: `0.0${(i % 9) + 1}`, label: { it: `Quota ${i + 1} della provvigione per la campagna regionale di fine anno`, en: `Commission share ${i + 1} for the regional year-end campaign` } };
    columns[name] = { formula: `=[@Commission] * ${name}Pct`, type: 'money', role: 'value', label: { it: `Quota ${i + 1} della provvigione`, en: `Commission share ${i + 1}` } };
    payouts[name] = { label: { it: `Quota ${i + 1} della provvigione per la campagna regionale`, en: `Commission share ${i + 1} for the regional campaign` }, sheet: 'Lines', column: name, component: 'bonus' };
  }
  const rates = base.tables['Rates'];
  const tables = { ...base.tables };
  if (rates?.kind === 'lookup') {
    const rows = Array.from({ length: 60 }, (_, i) => ({ category: `CATEGORIA_${String(i + 1).padStart(2, '0')}`, territory: 'Emilia-Romagna', Rate: `0.0${100 + i}`, Fixed: `${20 + (i % 7)}.00` }));
    tables['Rates'] = { ...rates, rows };
  }
  return PlanSchema.parse({ ...base, id: 'long-plan', parameters, payouts, tables, sheets: { ...base.sheets, Lines: { ...lines, columns } } });
}

/** A what-if over `n` partners with two lines each; the figures are made up (cents), the shape is the studio's answer. */
export function longWhatIf(n = 60): WhatIfData {
  const partners: WhatIfPartnerView[] = Array.from({ length: n }, (_, i) => {
    const before = 10_000 + i * 1_237;
    const after = before + ((i * 7_919) % 5_000) - 2_000;
    const id = `P${String(i + 1).padStart(4, '0')}`;
    return {
      partnerId: id,
      name: `Agenzia ${i + 1} — Servizi energetici integrati per famiglie e imprese`,
      before: cents(before),
      after: cents(after),
      delta: cents(after - before),
      blocked: i % 17 === 5,
      lines: [
        { id: `${id}-1`, payout: 'Commission', label: 'Contract commission', source: `contracts/C${i}`, before: cents(before - 2_500), after: cents(after - 2_500), delta: cents(after - before) },
        { id: `${id}-2`, payout: 'EEBonus', label: 'Energy-efficiency bonus', source: `contracts/C${i}`, before: '25.00', after: '25.00', delta: '0.00' },
      ],
    };
  });
  const sum = (k: 'before' | 'after') => partners.reduce((s, p) => s + Math.round(Number(p[k]) * 100), 0);
  const movers = [...partners].sort((a, b) => Math.abs(Number(b.delta)) - Math.abs(Number(a.delta))).slice(0, 5).map((p) => p.partnerId);
  return { currency: 'EUR', scale: 2, baselineVersion: 3, baselineSource: 'approvedRun', partners, topMovers: movers, totals: { before: cents(sum('before')), after: cents(sum('after')), delta: cents(sum('after') - sum('before')) } };
}
