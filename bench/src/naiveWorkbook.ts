import type { Workload } from './data.js';

/**
 * The naive spreadsheet port of plan (a), as a commission analyst builds it today: one formula per cell in one
 * workbook, per-partner totals with SUMIFS/COUNTIFS over the whole period. Used by baseline (N) in HyperFormula and
 * baseline (S) in LibreOffice Calc. Cells are A1-style values or formulas (strings starting with "=").
 */
export interface NaiveWorkbook {
  /** Sheet name → rows of cells. The partner sheet comes first (LibreOffice's CSV export writes the first sheet). */
  sheets: Record<string, Array<Array<string | number | boolean | null>>>;
  partnerIds: string[];
  rows: number;
}

export function naiveWorkbook(w: Workload, textPrefix = ''): NaiveWorkbook {
  const plan = w.plan;
  const rates = plan.tables.Rates;
  const tiers = plan.tables.VolumeTiers;
  if (rates?.kind !== 'lookup' || tiers?.kind !== 'tier') throw new Error('plan (a) changed shape');
  const t = (s: unknown) => `${textPrefix}${String(s)}`;
  const rateRows = rates.rows.map((r) => [t(`${String(r.category).toLowerCase()}|${String(r.territory).toLowerCase()}`), Number(r.Rate), Number(r.Fixed)]);
  let base = 0;
  const tierRows = tiers.bands.map((b, i) => {
    if (i > 0) base += (Number(b.from) - Number(tiers.bands[i - 1]!.from)) * Number(tiers.bands[i - 1]!.rate);
    return [Number(b.from), Number(b.rate), base];
  });
  const nr = rateRows.length;
  const nt = tierRows.length;
  const ee = Number(plan.parameters.EfficiencyBonus!.value);
  const lines = w.contracts.map((c, i) => {
    const r = i + 1;
    return [
      t(c.partnerId),
      t(c.commodity),
      c.annualKwh === undefined ? null : Number(c.annualKwh),
      c.annualSmc === undefined ? null : Number(c.annualSmc),
      t(c.category),
      t(c.territory),
      c.energyEfficiency === true,
      c.qualityOk === true,
      `=IF(B${r}="gas",D${r},IF(B${r}="power",C${r},0))`,
      `=INDEX(Rates!$B$1:$B$${nr},MATCH(LOWER(E${r}&"|"&F${r}),Rates!$A$1:$A$${nr},0))`,
      `=INDEX(Rates!$C$1:$C$${nr},MATCH(LOWER(E${r}&"|"&F${r}),Rates!$A$1:$A$${nr},0))`,
      `=IF(H${r},ROUND(I${r}*J${r}+K${r},2),0)`,
      `=IF(AND(H${r},G${r}),${ee},0)`,
    ];
  });
  const n = lines.length;
  const partnerIds = w.partners.map((p) => p.id);
  const partners = partnerIds.map((id, i) => {
    const r = i + 1;
    const target = Number(plan.overrides[id]?.BonusTarget ?? plan.parameters.BonusTarget!.value);
    const m = `MATCH(C${r},Tiers!$A$1:$A$${nt},1)`;
    return [
      t(id),
      target,
      `=COUNTIFS(Lines!$A$1:$A$${n},A${r},Lines!$H$1:$H$${n},TRUE())`,
      `=SUMIFS(Lines!$L$1:$L$${n},Lines!$A$1:$A$${n},A${r})`,
      `=SUMIFS(Lines!$M$1:$M$${n},Lines!$A$1:$A$${n},A${r})`,
      `=IF(C${r}>=B${r},ROUND(INDEX(Tiers!$C$1:$C$${nt},${m})+(C${r}-INDEX(Tiers!$A$1:$A$${nt},${m}))*INDEX(Tiers!$B$1:$B$${nt},${m}),2),0)`,
    ];
  });
  return { sheets: { Partners: partners, Lines: lines, Rates: rateRows, Tiers: tierRows }, partnerIds, rows: n };
}
