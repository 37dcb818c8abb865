import type { Totals } from './baselineL.js';

/** Every partner and component where two runs' totals differ, named `name: …` (empty when they agree to the cent). */
export function compareTotals(name: string, a: Totals, b: Totals): string[] {
  const problems: string[] = [];
  for (const [partner, comps] of a.byPartner) {
    const other = b.byPartner.get(partner);
    for (const [c, v] of comps) {
      const w = other?.get(c) ?? '0.00';
      if (w !== v) problems.push(`${name}: partner ${partner} ${c}: ${v} vs ${w}`);
    }
  }
  if (a.byPartner.size !== b.byPartner.size) problems.push(`${name}: ${a.byPartner.size} vs ${b.byPartner.size} partners`);
  return problems;
}
