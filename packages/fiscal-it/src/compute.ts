/**
 * The Italian pack's computation for one statement: invoice lines, IVA / reverse charge / forfettario, stamp duty,
 * INPS rivalsa and cassa, ritenuta d'acconto, Enasarco (cap, minimum top-up), FIRR, totals and the year-to-date
 * state after. Pure and deterministic; every amount is rounded half-up to the cent at one named point, recorded.
 */
import {
  buildTotals,
  endsQuarter,
  endsYear,
  FiscalTableError,
  fiscalIssue,
  mergeTables,
  periodQuarter,
  resolveRow,
  ytdForPeriod,
  groupVat,
  emptyFiscalResult,
  type BilingualText,
  type FiscalInput,
  type FiscalItem,
  type FiscalItemTrace,
  type FiscalResult,
  type FiscalTables,
  type FiscalTraceInput,
  type FiscalTraceRounding,
  type InvoiceLine,
  type Issue,
  type YtdState,
} from '@provvigo/core';
import { IT_PROFILES, type ItSettings } from './settings.js';
import { IT_TABLES } from './tables.js';
import { cents, clamp, dec, D, pct, plain, round2, sum, ZERO } from './decimal.js';

type TableRef = { id: string; validFrom: string; validTo: string | null };

/** Citations used by the items (italy-tax.md). */
export const CITATIONS = {
  iva: 'art. 16 DPR 633/72',
  reverseCharge: 'art. 17 c.6 lett. a-ter DPR 633/72',
  splitPayment: 'art. 17-ter DPR 633/72',
  forfettario: 'art. 1 c.54-89 L. 190/2014',
  outOfScope: 'art. 5 DPR 633/72',
  bollo: 'art. 13 Tariffa DPR 642/72; DM 17.6.2014',
  art25bis: 'art. 25-bis DPR 600/73',
  art25: 'art. 25 DPR 600/73',
  enasarco: 'art. 1742 c.c.; L. 12/1973; Regolamento Enasarco',
  enasarcoMinimum: 'Regolamento Enasarco (minimale contributivo)',
  firr: 'Accordi Economici Collettivi agenti; Regolamento FIRR Enasarco',
  inpsRivalsa: 'art. 1 c.212 L. 662/1996',
  cassa: 'contributo integrativo cassa professionale (art. 16 DL 41/1995: escluso da ritenuta)',
} as const;

const LEGAL_REFERENCES: Record<string, string> = {
  'N6.7': 'Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72',
  N1: 'Escluso art. 15 DPR 633/72',
};

interface Ctx {
  input: FiscalInput;
  s: ItSettings;
  tables: FiscalTables;
  date: string;
  year: number;
  quarter: number;
  currency: string;
  refs: Map<string, TableRef>;
  issues: Issue[];
  items: FiscalItem[];
  before: YtdState;
  after: Record<string, string>;
  settingsInputs: FiscalTraceInput[];
}

function fail(ctx: Ctx, err: unknown, field?: string): undefined {
  const message = err instanceof Error ? err.message : String(err);
  ctx.issues.push(
    fiscalIssue('error', err instanceof FiscalTableError ? 'missing_input' : 'invalid_input', `partner "${ctx.input.partner.id}": ${message}`, ctx.input.partner.id, ['fiscal', 'tables'], field),
  );
  return undefined;
}

/** The values of a table row in force on the statement date; records the row in the trace. */
function table(ctx: Ctx, id: string): { values: Record<string, unknown>; ref: TableRef } | undefined {
  try {
    const r = resolveRow(ctx.tables, id, ctx.date);
    ctx.refs.set(id, r.ref);
    return { values: r.row.values, ref: r.ref };
  } catch (err) {
    return fail(ctx, err, id);
  }
}

function str(ctx: Ctx, t: { values: Record<string, unknown>; ref: TableRef }, key: string): string | undefined {
  const v = t.values[key];
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return v;
  return fail(ctx, new FiscalTableError(`fiscal table "${t.ref.id}" row ${t.ref.validFrom}: "${key}" must be a decimal string`, t.ref.id, ctx.date));
}

function tin(name: string, t: { ref: TableRef }, value: string): FiscalTraceInput {
  return { name, kind: 'table', value, table: t.ref };
}

function ytd(ctx: Ctx, key: string): D {
  return dec(ctx.before.values[key] ?? '0');
}

interface ItemSpec {
  id: string;
  code: string;
  label: BilingualText;
  base: D;
  baseSharePercent?: string;
  ratePercent: string;
  fixedAmount?: boolean;
  baseLabel?: BilingualText;
  amount: D;
  payer: FiscalItem['payer'];
  effect: FiscalItem['effect'];
  rule: string;
  citation: string;
  codes?: Record<string, string>;
  dueDate?: string;
  bands?: FiscalItem['bands'];
  trace: FiscalItemTrace;
}

function push(ctx: Ctx, spec: ItemSpec): FiscalItem {
  const item: FiscalItem = {
    id: spec.id,
    code: spec.code,
    label: spec.label,
    base: cents(spec.base),
    ratePercent: spec.ratePercent,
    amount: cents(spec.amount),
    currency: ctx.currency,
    payer: spec.payer,
    effect: spec.effect,
    rule: spec.rule,
    citation: spec.citation,
    codes: spec.codes ?? {},
    trace: spec.trace,
  };
  if (spec.baseSharePercent !== undefined) item.baseSharePercent = spec.baseSharePercent;
  if (spec.fixedAmount) item.fixedAmount = true;
  if (spec.baseLabel) item.baseLabel = spec.baseLabel;
  if (spec.dueDate) item.dueDate = spec.dueDate;
  if (spec.bands) item.bands = spec.bands;
  ctx.items.push(item);
  return item;
}

const pct2 = (p: string) => dec(p).toFixed(2);

// ------------------------------------------------------------------------------------------------------------
// Mandate months and quarters
// ------------------------------------------------------------------------------------------------------------

/** [first, last] month (1..12) of the year covered by the mandate; null when the mandate does not touch the year. */
function mandateMonths(s: ItSettings, year: number): [number, number] | null {
  const start = s.mandateStart && s.mandateStart > `${year}-01-01` ? s.mandateStart : `${year}-01-01`;
  const end = s.mandateEnd && s.mandateEnd < `${year}-12-31` ? s.mandateEnd : `${year}-12-31`;
  if (start > end) return null;
  // One day in a month counts as the whole month (Enasarco FIRR rule).
  return [Number(start.slice(5, 7)), Number(end.slice(5, 7))];
}

// ------------------------------------------------------------------------------------------------------------
// Marginal bands
// ------------------------------------------------------------------------------------------------------------

interface Band {
  upTo: D | null;
  percent: string;
}

/** Portions of `amount` (≥ 0) falling into each marginal band. */
function bandPortions(amount: D, bands: Band[]): { from: D; to: D | null; percent: string; portion: D }[] {
  const out: { from: D; to: D | null; percent: string; portion: D }[] = [];
  let from = ZERO;
  for (const b of bands) {
    if (amount.lte(from)) break;
    const top = b.upTo === null ? amount : D.min(amount, b.upTo);
    out.push({ from, to: b.upTo, percent: b.percent, portion: top.minus(from) });
    if (b.upTo === null) break;
    from = b.upTo;
  }
  return out;
}

function parseBands(ctx: Ctx, t: { values: Record<string, unknown>; ref: TableRef }, key: string, percentKey: string): Band[] | undefined {
  const raw = t.values[key];
  if (!Array.isArray(raw) || raw.length === 0) {
    return fail(ctx, new FiscalTableError(`fiscal table "${t.ref.id}": "${key}" must be a non-empty array of bands`, t.ref.id, ctx.date));
  }
  const bands: Band[] = [];
  for (const b of raw as Record<string, unknown>[]) {
    const upTo = b['upTo'];
    const p = b[percentKey];
    if ((upTo !== null && typeof upTo !== 'string') || typeof p !== 'string') {
      return fail(ctx, new FiscalTableError(`fiscal table "${t.ref.id}": band of "${key}" needs upTo (string|null) and ${percentKey}`, t.ref.id, ctx.date));
    }
    bands.push({ upTo: upTo === null ? null : dec(upTo), percent: p });
  }
  return bands;
}

// ------------------------------------------------------------------------------------------------------------
// The computation
// ------------------------------------------------------------------------------------------------------------

function vatTreatment(s: ItSettings): { rate: string | null; natura: string | undefined } {
  if (s.regime === 'forfettario' || s.vat === 'none') return { rate: '0', natura: 'N2.2' };
  if (s.vat === 'reverseChargeN67') return { rate: '0', natura: 'N6.7' };
  return { rate: null, natura: undefined };
}

export function computeIt(input: FiscalInput, overrides?: FiscalTables): FiscalResult {
  const partnerId = input.partner.id;
  const profileId = input.partner.fiscalProfile ?? '';
  const profile = IT_PROFILES.find((p) => p.id === profileId);
  if (!profile) {
    return emptyFiscalResult(input, 'it', [
      fiscalIssue('error', 'unknown_reference', `partner "${partnerId}": unknown Italian fiscal profile "${profileId}" (known: ${IT_PROFILES.map((p) => p.id).join(', ')})`, partnerId, ['partners', partnerId, 'fiscalProfile'], 'fiscalProfile'),
    ]);
  }
  const parsed = profile.settings.safeParse(input.partner.fiscalSettings ?? {});
  if (!parsed.success) {
    return emptyFiscalResult(input, 'it', [
      fiscalIssue('error', 'invalid_input', `partner "${partnerId}": fiscalSettings invalid for profile "${profileId}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, partnerId, ['partners', partnerId, 'fiscalSettings']),
    ]);
  }
  const s = parsed.data as unknown as ItSettings;
  const before = ytdForPeriod(input.ytd, partnerId, input.period);
  const ctx: Ctx = {
    input,
    s,
    tables: mergeTables(IT_TABLES, overrides),
    date: input.period.end,
    year: before.year,
    quarter: periodQuarter(input.period),
    currency: input.currency,
    refs: new Map(),
    issues: [],
    items: [],
    before,
    after: { ...before.values },
    settingsInputs: [],
  };
  if (input.currency !== 'EUR') {
    ctx.issues.push(fiscalIssue('error', 'currency_mismatch', `partner "${partnerId}": the Italian pack computes in EUR, not ${input.currency}`, partnerId, ['fiscal', 'currency']));
  }
  const duplicate = before.periods.includes(input.period.id);
  if (duplicate) {
    ctx.issues.push(fiscalIssue('error', 'duplicate_record', `partner "${partnerId}": period "${input.period.id}" is already in the year-to-date state; computing it again would count its bases twice`, partnerId, ['fiscal', 'ytd', 'periods']));
  }

  // 1. Fee lines, rounded to the cent (statement lines normally already are).
  const lineRounding: FiscalTraceRounding[] = [];
  const vt = vatTreatment(s);
  const iva = vt.rate === null ? table(ctx, 'it.iva') : undefined;
  const standardRate = iva ? str(ctx, iva, 'standardPercent') : undefined;
  const lineRate = vt.rate ?? standardRate ?? '0';
  const ritenutaExcluded = s.regime === 'forfettario' || s.ritenuta === 'none' || input.principal.settings['agriculturalEnterprise'] === true;
  const invoiceLines: InvoiceLine[] = [];
  const lineWith = (l: Omit<InvoiceLine, 'vatRatePercent' | 'natura'>, natura = vt.natura, rate = lineRate): InvoiceLine => {
    const line: InvoiceLine = { ...l, vatRatePercent: rate };
    if (natura) line.natura = natura;
    return line;
  };
  for (const l of input.lines) {
    const amount = round2(dec(l.amount), `line ${l.component}`, lineRounding);
    invoiceLines.push(
      lineWith({
        component: l.component,
        description: l.description ?? componentLabel(l.component),
        amount: cents(amount),
        withholding: !ritenutaExcluded,
        kind: 'fee',
      }),
    );
  }
  const fees = sum(invoiceLines.map((l) => l.amount));

  // 2. Professionals: INPS rivalsa and cassa contributions, added to the IVA base.
  let rivalsa = ZERO;
  if (s.inpsRivalsa) {
    const t = table(ctx, 'it.inps.rivalsa');
    const p = t && str(ctx, t, 'percent');
    if (t && p) {
      const rounding: FiscalTraceRounding[] = [];
      const exact = pct(fees, p);
      rivalsa = round2(exact, 'INPS rivalsa', rounding);
      invoiceLines.push(lineWith({ component: 'inps_rivalsa', description: { it: `Rivalsa INPS ${p}%`, en: `INPS rivalsa ${p}%` }, amount: cents(rivalsa), withholding: !ritenutaExcluded && s.ritenuta === 'art25', kind: 'contribution' }));
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
    }
  }
  let cassa = ZERO;
  if (s.cassa) {
    const t = table(ctx, 'it.cassa');
    const entry = t?.values[s.cassa] as Record<string, unknown> | undefined;
    const p = s.cassaPercent ?? (typeof entry?.['percent'] === 'string' ? (entry['percent'] as string) : undefined);
    const tipo = s.tipoCassa ?? (typeof entry?.['tipoCassa'] === 'string' ? (entry['tipoCassa'] as string) : undefined);
    if (t && p && tipo) {
      const rounding: FiscalTraceRounding[] = [];
      const exact = pct(fees, p);
      cassa = round2(exact, 'cassa', rounding);
      const name = typeof entry?.['label'] === 'string' ? (entry['label'] as string) : s.cassa;
      invoiceLines.push(lineWith({ component: 'cassa', description: { it: `Contributo integrativo ${name} ${p}%`, en: `${name} contribution ${p}%` }, amount: cents(cassa), withholding: false, kind: 'contribution' }));
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
    } else if (t) {
      ctx.issues.push(fiscalIssue('error', 'missing_input', `partner "${partnerId}": cassa "${s.cassa}" has no percent / TipoCassa in table it.cassa; set fiscalSettings.cassaPercent and tipoCassa`, partnerId, ['partners', partnerId, 'fiscalSettings', 'cassa'], 'cassa'));
    }
  }

  // 3. Stamp duty on amounts not subject to IVA above the threshold.
  const nonVat = sum(invoiceLines.filter((l) => l.natura && /^N[1-4]/.test(l.natura)).map((l) => l.amount));
  let stampCharged = ZERO;
  if (!nonVat.isZero()) {
    const t = table(ctx, 'it.bollo');
    const amount = t && str(ctx, t, 'amount');
    const threshold = t && str(ctx, t, 'threshold');
    if (t && amount && threshold && nonVat.gt(threshold)) {
      if (s.stampDutyRecharged) {
        stampCharged = dec(amount);
        invoiceLines.push(lineWith({ component: 'stamp_duty', description: { it: 'Rimborso imposta di bollo', en: 'Stamp duty recharged' }, amount: cents(stampCharged), withholding: false, kind: 'stamp' }, 'N1', '0'));
      }
      push(ctx, {
        id: 'BOLLO',
        code: 'BOLLO',
        label: { it: 'Imposta di bollo', en: 'Stamp duty' },
        base: nonVat,
        ratePercent: '0',
        fixedAmount: true,
        baseLabel: { it: 'importo non soggetto a IVA di', en: 'an amount not subject to VAT of' },
        amount: dec(amount),
        payer: s.stampDutyRecharged ? 'principal' : 'partner',
        effect: s.stampDutyRecharged ? 'addsToDocument' : 'informational',
        rule: 'it.bollo.nonVat',
        citation: CITATIONS.bollo,
        codes: { bolloVirtuale: 'SI', importoBollo: cents(dec(amount)) },
        trace: {
          inputs: [{ name: 'amountNotSubjectToVat', kind: 'derived', value: cents(nonVat) }, tin('threshold', t, threshold), tin('amount', t, amount), { name: 'stampDutyRecharged', kind: 'setting', value: s.stampDutyRecharged }],
          steps: [{ what: 'threshold', expr: `${cents(nonVat)} > ${threshold}`, value: 'true' }],
          rounding: [],
        },
      });
    }
  }

  // 4. IVA per group of lines (rate, Natura).
  const splitPayment = input.principal.splitPayment && s.ritenuta !== 'art25' && vt.natura === undefined;
  for (const g of groupVat(invoiceLines)) {
    if (g.natura && g.natura !== 'N6.7') continue;
    const rounding: FiscalTraceRounding[] = [];
    if (g.natura === 'N6.7') {
      // The principal self-assesses the IVA (TD16 integration): shown, not charged on the partner's invoice.
      const t = table(ctx, 'it.iva');
      const p = t && str(ctx, t, 'standardPercent');
      if (!t || !p) continue;
      const exact = pct(dec(g.taxable), p);
      push(ctx, {
        id: `IVA:${g.key}`,
        code: 'IVA',
        label: { it: 'IVA in inversione contabile (a carico del committente)', en: 'Reverse-charge VAT (self-assessed by the principal)' },
        base: dec(g.taxable),
        ratePercent: p,
        amount: round2(exact, 'IVA reverse charge', rounding),
        payer: 'principal',
        effect: 'informational',
        rule: 'it.iva.reverseCharge.n67',
        citation: CITATIONS.reverseCharge,
        codes: { vatGroup: g.key, natura: 'N6.7', aliquotaIVA: pct2(p), tipoDocumentoIntegrazione: 'TD16' },
        trace: { inputs: [{ name: 'taxable', kind: 'derived', value: g.taxable }, tin('standardPercent', t, p), { name: 'vat', kind: 'setting', value: s.vat }], steps: [{ what: 'IVA', expr: `${g.taxable} × ${p}%`, value: plain(exact) }], rounding },
      });
      continue;
    }
    const exact = pct(dec(g.taxable), g.vatRatePercent);
    push(ctx, {
      id: `IVA:${g.key}`,
      code: 'IVA',
      label: splitPayment ? { it: 'IVA (scissione dei pagamenti)', en: 'VAT (split payment)' } : { it: 'IVA', en: 'VAT' },
      base: dec(g.taxable),
      ratePercent: g.vatRatePercent,
      amount: round2(exact, 'IVA', rounding),
      payer: 'principal',
      effect: 'addsToDocument',
      rule: splitPayment ? 'it.iva.splitPayment' : 'it.iva.standard',
      citation: splitPayment ? `${CITATIONS.iva}; ${CITATIONS.splitPayment}` : CITATIONS.iva,
      codes: { vatGroup: g.key, aliquotaIVA: pct2(g.vatRatePercent), esigibilitaIVA: splitPayment ? 'S' : 'I' },
      trace: { inputs: [{ name: 'taxable', kind: 'derived', value: g.taxable }, ...(iva && standardRate ? [tin('standardPercent', iva, standardRate)] : [])], steps: [{ what: 'IVA', expr: `${g.taxable} × ${g.vatRatePercent}%`, value: plain(exact) }], rounding },
    });
  }

  // 5. Ritenuta d'acconto.
  const ritenutaBase = sum(invoiceLines.filter((l) => l.withholding).map((l) => l.amount));
  if (!ritenutaExcluded && !ritenutaBase.isZero()) {
    const t = table(ctx, 'it.ritenuta');
    if (t) ritenuta(ctx, t, ritenutaBase, fees, rivalsa);
  } else if (s.ritenuta !== 'none' && ritenutaExcluded && input.principal.settings['agriculturalEnterprise'] === true) {
    ctx.issues.push(fiscalIssue('warning', 'invalid_input', `partner "${partnerId}": no ritenuta, the principal is an agricultural enterprise`, partnerId, ['principal', 'settings', 'agriculturalEnterprise']));
  }
  ctx.after['ritenuta.base'] = cents(ytd(ctx, 'ritenuta.base').plus(ritenutaExcluded ? ZERO : ritenutaBase));
  ctx.after['fees'] = cents(ytd(ctx, 'fees').plus(fees));

  // 6. Enasarco, minimum top-up, FIRR.
  const quarterSettles = input.settle.quarter ?? endsQuarter(input.period);
  const yearSettles = input.settle.year ?? endsYear(input.period);
  if (s.enasarco) {
    const base = fees.plus(s.enasarcoBaseIncludesStamp ? stampCharged : ZERO);
    const company = s.legalForm === 'srl' || s.legalForm === 'spa';
    if (company) enasarcoCompany(ctx, base);
    else enasarcoIndividual(ctx, base);
    const qKey = `enasarco.q${ctx.quarter}`;
    const contributions = sum(ctx.items.filter((i) => i.code === 'ENASARCO_AGENT' || i.code === 'ENASARCO_PRINCIPAL').map((i) => i.amount));
    ctx.after[qKey] = cents(ytd(ctx, qKey).plus(contributions));
    ctx.after[`${qKey}.base`] = cents(ytd(ctx, `${qKey}.base`).plus(base));
    if (!company && s.enasarcoMinimum && quarterSettles) enasarcoMinimum(ctx);
    if (quarterSettles) enasarcoSettlement(ctx);
  }
  if (s.firr) {
    ctx.after['firr.base'] = cents(ytd(ctx, 'firr.base').plus(fees));
    if (yearSettles && ctx.before.values['firr.settled'] !== '1') firr(ctx);
  }

  // 7. Occasional work: INPS gestione separata threshold (reported, not computed ⚠).
  if (isOccasional(s)) {
    const t = table(ctx, 'it.occasional');
    const threshold = t && str(ctx, t, 'inpsThreshold');
    if (threshold && dec(ctx.after['fees'] ?? '0').gt(threshold)) {
      ctx.issues.push(fiscalIssue('warning', 'limit_exceeded', `partner "${partnerId}": occasional income this year ${ctx.after['fees']} exceeds ${threshold}: INPS gestione separata applies (not computed; check with the payroll consultant)`, partnerId, ['fiscal', 'occasional', 'inpsThreshold']));
    }
  }

  // 8. Totals, document, year-to-date.
  const totals = buildTotals({
    currency: ctx.currency,
    invoiceLines,
    items: ctx.items,
    esigibilita: splitPayment ? 'S' : 'I',
    legalReferences: { ...LEGAL_REFERENCES, 'N2.2': isOccasional(s) ? `Fuori campo IVA ${CITATIONS.outOfScope}` : `Regime forfettario ${CITATIONS.forfettario}` },
  });
  const ytdAfter: YtdState = duplicate
    ? before
    : { partnerId, year: before.year, values: sortKeys(ctx.after), periods: [...before.periods, input.period.id] };
  const document = documentOf(ctx, totals.taxable, ctx.items.some((i) => i.code === 'BOLLO'), splitPayment);
  return {
    pack: 'it',
    profile: profileId,
    partnerId,
    period: input.period.id,
    currency: ctx.currency,
    items: ctx.items,
    invoiceLines,
    totals,
    document,
    ytdAfter,
    issues: ctx.issues,
    trace: {
      pack: 'it',
      profile: profileId,
      partnerId,
      period: input.period.id,
      settings: { ...s } as Record<string, string | number | boolean | null>,
      lines: input.lines,
      tables: [...ctx.refs.values()].sort((a, b) => a.id.localeCompare(b.id)),
      ytdBefore: input.ytd,
      items: ctx.items.map((i) => ({ id: i.id, trace: i.trace })),
    },
  };
}

/** No VAT number and not forfettario: an occasional worker (receipt, out of the scope of IVA). */
function isOccasional(s: ItSettings): boolean {
  return s.regime !== 'forfettario' && s.vat === 'none';
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

const COMPONENT_LABELS: Record<string, BilingualText> = {
  commission: { it: 'Provvigioni', en: 'Commissions' },
  bonus: { it: 'Premi', en: 'Bonuses' },
  adjustment: { it: 'Rettifiche periodi precedenti', en: 'Adjustments of past periods' },
  clawback: { it: 'Storni provvigionali', en: 'Clawbacks' },
  advance: { it: 'Anticipi', en: 'Advances' },
  advance_recovery: { it: 'Recupero anticipi', en: 'Advance recovery' },
  fee: { it: 'Compensi', en: 'Fees' },
};

export function componentLabel(component: string): BilingualText {
  return COMPONENT_LABELS[component] ?? { it: component, en: component };
}

function ritenuta(ctx: Ctx, t: { values: Record<string, unknown>; ref: TableRef }, base: D, fees: D, rivalsa: D): void {
  const { s } = ctx;
  const rounding: FiscalTraceRounding[] = [];
  const inputs: FiscalTraceInput[] = [{ name: 'base', kind: 'derived', value: cents(base) }, { name: 'ritenuta', kind: 'setting', value: s.ritenuta }];
  const f24 = (key: string): Record<string, string> =>
    typeof t.values[key] === 'string' ? { f24Tributo: t.values[key] as string } : {};
  if (s.ritenuta === 'art25bis') {
    const rate = str(ctx, t, 'art25bisPercent');
    const shareKey = s.employeesDeclaration ? 'art25bisBaseShareEmployeesPercent' : 'art25bisBaseSharePercent';
    const share = str(ctx, t, shareKey);
    if (!rate || !share) return;
    const taxedBase = pct(base, share);
    const exact = pct(taxedBase, rate);
    push(ctx, {
      id: 'RITENUTA',
      code: 'RITENUTA',
      label: { it: "Ritenuta d'acconto", en: 'Withholding tax' },
      base,
      baseSharePercent: share,
      ratePercent: rate,
      amount: round2(exact, 'ritenuta 25-bis', rounding),
      payer: 'partner',
      effect: 'withheld',
      rule: s.employeesDeclaration ? 'it.ritenuta.art25bis.employees' : 'it.ritenuta.art25bis',
      citation: CITATIONS.art25bis,
      codes: { tipoRitenuta: s.tipoRitenuta, aliquotaRitenuta: pct2(rate), causalePagamento: s.causalePagamento, ...f24('f24Art25bis') },
      trace: {
        inputs: [...inputs, { name: 'employeesDeclaration', kind: 'setting', value: s.employeesDeclaration }, tin(shareKey, t, share), tin('art25bisPercent', t, rate)],
        steps: [
          { what: 'taxed share of the base', expr: `${cents(base)} × ${share}%`, value: plain(taxedBase) },
          { what: 'ritenuta', expr: `${plain(taxedBase)} × ${rate}%`, value: plain(exact) },
        ],
        rounding,
      },
    });
    return;
  }
  const key = s.ritenuta === 'art25' ? 'art25Percent' : 'occasionalPercent';
  const rate = str(ctx, t, key);
  if (!rate) return;
  const exact = pct(base, rate);
  push(ctx, {
    id: 'RITENUTA',
    code: 'RITENUTA',
    label: { it: "Ritenuta d'acconto", en: 'Withholding tax' },
    base,
    ratePercent: rate,
    amount: round2(exact, `ritenuta ${s.ritenuta}`, rounding),
    payer: 'partner',
    effect: 'withheld',
    rule: s.ritenuta === 'art25' ? 'it.ritenuta.art25' : 'it.ritenuta.occasional',
    citation: CITATIONS.art25,
    codes: { tipoRitenuta: s.tipoRitenuta, aliquotaRitenuta: pct2(rate), causalePagamento: s.causalePagamento, ...f24('f24Art25') },
    trace: {
      inputs: [...inputs, { name: 'fees', kind: 'line', value: cents(fees) }, { name: 'inpsRivalsa', kind: 'derived', value: cents(rivalsa) }, tin(key, t, rate)],
      steps: [{ what: 'ritenuta', expr: `${cents(base)} × ${rate}%`, value: plain(exact) }],
      rounding,
    },
  });
}

function dueDateOf(ctx: Ctx, quarter: number): string | undefined {
  try {
    const r = resolveRow(ctx.tables, 'it.enasarco.dueDates', ctx.date);
    const v = r.row.values[`q${quarter}`];
    if (typeof v === 'string') {
      ctx.refs.set('it.enasarco.dueDates', r.ref);
      return v;
    }
  } catch {
    // Due dates are informative: a missing year leaves dueDate unset rather than blocking the statement.
  }
  return undefined;
}

/**
 * Individual agents and partnerships: 17% (8.5 + 8.5) on the base up to the annual cap, tracked year to date.
 * Cumulative rounding: each share's year-to-date amount is always round(exact year-to-date), so cents never drift
 * and the year-to-date never exceeds round(cap × rate), however the statements fall (italy-tax.md §7 q.7).
 */
function enasarcoIndividual(ctx: Ctx, base: D): void {
  const { s } = ctx;
  const t = table(ctx, 'it.enasarco.individual');
  if (!t) return;
  const capStr = str(ctx, t, s.mandate === 'mono' ? 'monoCap' : 'pluriCap');
  const agentP = str(ctx, t, 'agentPercent');
  const principalP = str(ctx, t, 'principalPercent');
  if (!capStr || !agentP || !principalP) return;
  const cap = dec(capStr);
  const b0 = ytd(ctx, 'enasarco.base');
  const b1 = b0.plus(base);
  const c0 = clamp(b0, ZERO, cap);
  const c1 = clamp(b1, ZERO, cap);
  const delta = c1.minus(c0);
  ctx.after['enasarco.base'] = cents(b1);
  const due = dueDateOf(ctx, ctx.quarter);
  for (const share of ['agent', 'principal'] as const) {
    const p = share === 'agent' ? agentP : principalP;
    const rounding: FiscalTraceRounding[] = [];
    const exactBefore = ytd(ctx, `enasarco.${share}.exact`);
    const roundedBefore = ytd(ctx, `enasarco.${share}`);
    const exactAfter = exactBefore.plus(pct(delta, p));
    const roundedAfter = round2(exactAfter, `Enasarco ${share} share, year to date`, rounding);
    const amount = roundedAfter.minus(roundedBefore);
    ctx.after[`enasarco.${share}.exact`] = plain(exactAfter);
    ctx.after[`enasarco.${share}`] = cents(roundedAfter);
    const capped = !delta.equals(base);
    push(ctx, {
      id: share === 'agent' ? 'ENASARCO_AGENT' : 'ENASARCO_PRINCIPAL',
      code: share === 'agent' ? 'ENASARCO_AGENT' : 'ENASARCO_PRINCIPAL',
      label: share === 'agent' ? { it: 'Contributo Enasarco quota agente', en: 'Enasarco contribution, agent share' } : { it: 'Contributo Enasarco quota preponente', en: 'Enasarco contribution, principal share' },
      base: delta,
      ratePercent: p,
      amount,
      payer: share === 'agent' ? 'partner' : 'principal',
      effect: share === 'agent' ? 'withheld' : 'principalCost',
      rule: capped ? 'it.enasarco.individual.capped' : 'it.enasarco.individual',
      citation: CITATIONS.enasarco,
      codes: share === 'agent' ? { tipoRitenuta: 'RT04', aliquotaRitenuta: pct2(p), causalePagamento: 'ZO' } : {},
      ...(due ? { dueDate: due } : {}),
      trace: {
        inputs: [
          { name: 'periodBase', kind: 'derived', value: cents(base) },
          { name: 'enasarco.base (ytd before)', kind: 'ytd', value: cents(b0) },
          { name: 'mandate', kind: 'setting', value: s.mandate },
          tin(s.mandate === 'mono' ? 'monoCap' : 'pluriCap', t, capStr),
          tin(`${share}Percent`, t, p),
          { name: `enasarco.${share}.exact (ytd before)`, kind: 'ytd', value: plain(exactBefore) },
          { name: `enasarco.${share} (ytd before)`, kind: 'ytd', value: cents(roundedBefore) },
        ],
        steps: [
          { what: 'base within the cap', expr: `min(max(${cents(b1)}, 0), ${capStr}) − min(max(${cents(b0)}, 0), ${capStr})`, value: cents(delta) },
          { what: 'exact year to date', expr: `${plain(exactBefore)} + ${cents(delta)} × ${p}%`, value: plain(exactAfter) },
          { what: 'amount', expr: `${cents(roundedAfter)} − ${cents(roundedBefore)}`, value: cents(amount) },
        ],
        rounding,
      },
    });
  }
}

/** Società di capitali: marginal bands on the year's base, no cap, no minimum; cumulative rounding as above. */
function enasarcoCompany(ctx: Ctx, base: D): void {
  const t = table(ctx, 'it.enasarco.company');
  if (!t) return;
  const agentBands = parseBands(ctx, t, 'bands', 'agentPercent');
  const principalBands = parseBands(ctx, t, 'bands', 'principalPercent');
  if (!agentBands || !principalBands) return;
  const b0 = ytd(ctx, 'enasarco.base');
  const b1 = b0.plus(base);
  ctx.after['enasarco.base'] = cents(b1);
  const due = dueDateOf(ctx, ctx.quarter);
  for (const share of ['agent', 'principal'] as const) {
    const bands = share === 'agent' ? agentBands : principalBands;
    const rounding: FiscalTraceRounding[] = [];
    const contribution = (x: D) => sum(bandPortions(D.max(x, ZERO), bands).map((b) => pct(b.portion, b.percent)));
    const exactBefore = ytd(ctx, `enasarco.${share}.exact`);
    const roundedBefore = ytd(ctx, `enasarco.${share}`);
    const exactAfter = exactBefore.plus(contribution(b1)).minus(contribution(b0));
    const roundedAfter = round2(exactAfter, `Enasarco ${share} share, year to date`, rounding);
    const amount = roundedAfter.minus(roundedBefore);
    ctx.after[`enasarco.${share}.exact`] = plain(exactAfter);
    ctx.after[`enasarco.${share}`] = cents(roundedAfter);
    // The band of the year-to-date base: its rate goes on the invoice (Assosoftware option a, italy-tax.md §5.5).
    const hit = bandPortions(D.max(b1, ZERO), bands).at(-1);
    const rate = hit?.percent ?? bands[0]!.percent;
    push(ctx, {
      id: share === 'agent' ? 'ENASARCO_AGENT' : 'ENASARCO_PRINCIPAL',
      code: share === 'agent' ? 'ENASARCO_AGENT' : 'ENASARCO_PRINCIPAL',
      label: share === 'agent' ? { it: 'Contributo Enasarco quota agente', en: 'Enasarco contribution, agent share' } : { it: 'Contributo Enasarco quota preponente', en: 'Enasarco contribution, principal share' },
      base,
      ratePercent: rate,
      amount,
      payer: share === 'agent' ? 'partner' : 'principal',
      effect: share === 'agent' ? 'withheld' : 'principalCost',
      rule: 'it.enasarco.company',
      citation: CITATIONS.enasarco,
      codes: share === 'agent' ? { tipoRitenuta: 'RT04', aliquotaRitenuta: pct2(rate), causalePagamento: 'ZO' } : {},
      ...(due ? { dueDate: due } : {}),
      trace: {
        inputs: [
          { name: 'periodBase', kind: 'derived', value: cents(base) },
          { name: 'enasarco.base (ytd before)', kind: 'ytd', value: cents(b0) },
          tin('bands', t, bands.map((b) => `${b.upTo ? plain(b.upTo) : '∞'}:${b.percent}%`).join(' ')),
        ],
        steps: [
          { what: 'contribution on ytd after', expr: `bands(${cents(b1)})`, value: plain(contribution(b1)) },
          { what: 'contribution on ytd before', expr: `bands(${cents(b0)})`, value: plain(contribution(b0)) },
          { what: 'exact year to date', expr: `${plain(exactBefore)} + difference`, value: plain(exactAfter) },
          { what: 'amount', expr: `${cents(roundedAfter)} − ${cents(roundedBefore)}`, value: cents(amount) },
        ],
        rounding,
      },
    });
  }
}

/**
 * Quarterly minimum (individuals and partnerships): at a quarter's settlement, if the year is productive so far,
 * the principal tops the year's contributions up to ¼ of the annual minimum per quarter of the mandate so far.
 * Cumulative, so unproductive quarters are caught up once the year becomes productive, and a cap reached early
 * never triggers a top-up.
 */
function enasarcoMinimum(ctx: Ctx): void {
  const { s } = ctx;
  const t = table(ctx, 'it.enasarco.individual');
  if (!t) return;
  const minStr = str(ctx, t, s.mandate === 'mono' ? 'monoMinimum' : 'pluriMinimum');
  if (!minStr) return;
  const months = mandateMonths(s, ctx.year);
  let quarters = 0;
  if (months) for (let q = 1; q <= ctx.quarter; q++) if (months[0] <= q * 3 && months[1] >= q * 3 - 2) quarters++;
  const rounding: FiscalTraceRounding[] = [];
  const quarterly = round2(dec(minStr).dividedBy(4), 'quarterly minimum', rounding);
  const required = quarterly.times(quarters);
  const b1 = dec(ctx.after['enasarco.base'] ?? '0');
  const paid = dec(ctx.after['enasarco.agent'] ?? '0').plus(ctx.after['enasarco.principal'] ?? '0');
  const topupBefore = ytd(ctx, 'enasarco.topup');
  const productive = b1.gt(0);
  const topup = productive ? D.max(ZERO, required.minus(paid).minus(topupBefore)) : ZERO;
  ctx.after['enasarco.topup'] = cents(topupBefore.plus(topup));
  ctx.after['enasarco.minimumSettledQuarter'] = String(ctx.quarter);
  if (topup.isZero()) return;
  const due = dueDateOf(ctx, ctx.quarter);
  push(ctx, {
    id: `ENASARCO_MINIMUM_TOPUP:${ctx.year}-Q${ctx.quarter}`,
    code: 'ENASARCO_MINIMUM_TOPUP',
    label: { it: 'Integrazione al minimale Enasarco (a carico del preponente)', en: 'Enasarco minimum top-up (borne by the principal)' },
    base: required,
    ratePercent: '0',
    fixedAmount: true,
    baseLabel: { it: 'contributi dovuti al minimale da inizio anno di', en: 'contributions due at the minimum so far of' },
    amount: topup,
    payer: 'principal',
    effect: 'principalCost',
    rule: 'it.enasarco.minimum.quarterly',
    citation: CITATIONS.enasarcoMinimum,
    ...(due ? { dueDate: due } : {}),
    trace: {
      inputs: [
        tin(s.mandate === 'mono' ? 'monoMinimum' : 'pluriMinimum', t, minStr),
        { name: 'quartersOfMandateSoFar', kind: 'derived', value: quarters },
        { name: 'enasarco.base (ytd)', kind: 'ytd', value: cents(b1) },
        { name: 'contributions (ytd)', kind: 'ytd', value: cents(paid) },
        { name: 'enasarco.topup (ytd before)', kind: 'ytd', value: cents(topupBefore) },
      ],
      steps: [
        { what: 'required so far', expr: `${minStr} / 4 × ${quarters}`, value: cents(required) },
        { what: 'top-up', expr: `max(0, ${cents(required)} − ${cents(paid)} − ${cents(topupBefore)})`, value: cents(topup) },
      ],
      rounding,
    },
  });
}

/**
 * At a quarter's settlement, what the principal pays Enasarco for the quarter (both shares of every statement of
 * the quarter, plus this quarter's minimum top-up), with the due date: informational, it moves no invoice money.
 */
function enasarcoSettlement(ctx: Ctx): void {
  const q = `enasarco.q${ctx.quarter}`;
  const contributions = dec(ctx.after[q] ?? '0');
  const topup = sum(ctx.items.filter((i) => i.code === 'ENASARCO_MINIMUM_TOPUP').map((i) => i.amount));
  const base = dec(ctx.after[`${q}.base`] ?? '0');
  const due = dueDateOf(ctx, ctx.quarter);
  push(ctx, {
    id: `ENASARCO_SETTLEMENT:${ctx.year}-Q${ctx.quarter}`,
    code: 'ENASARCO_SETTLEMENT',
    label: { it: `Versamento Enasarco ${ctx.quarter}° trimestre ${ctx.year}`, en: `Enasarco payment, Q${ctx.quarter} ${ctx.year}` },
    baseLabel: { it: 'provvigioni del trimestre', en: 'commissions of the quarter' },
    base,
    ratePercent: '0',
    fixedAmount: true,
    amount: contributions.plus(topup),
    payer: 'principal',
    effect: 'informational',
    rule: 'it.enasarco.quarterlySettlement',
    citation: 'art. 8 Regolamento Enasarco',
    codes: { quarter: `${ctx.year}-Q${ctx.quarter}`, contributions: cents(contributions), minimumTopup: cents(topup) },
    ...(due ? { dueDate: due } : {}),
    trace: {
      inputs: [
        { name: `${q} (contributions of the quarter)`, kind: 'ytd', value: cents(contributions) },
        { name: 'minimum top-up', kind: 'derived', value: cents(topup) },
      ],
      steps: [{ what: 'to pay', expr: `${cents(contributions)} + ${cents(topup)}`, value: cents(contributions.plus(topup)) }],
      rounding: [],
    },
  });
}

/** FIRR at the year's settlement: marginal bands reduced pro rata by the mandate's months, per band rounded. */
function firr(ctx: Ctx): void {
  const { s } = ctx;
  const t = table(ctx, 'it.firr');
  if (!t) return;
  const bands = parseBands(ctx, t, s.mandate, 'percent');
  if (!bands) return;
  const months = mandateMonths(s, ctx.year);
  const n = months ? months[1] - months[0] + 1 : 0;
  const rounding: FiscalTraceRounding[] = [];
  const scaled: Band[] = bands.map((b, i) => ({
    upTo: b.upTo === null ? null : n === 12 ? b.upTo : round2(b.upTo.times(n).dividedBy(12), `FIRR band ${i + 1} limit × ${n}/12`, rounding),
    percent: b.percent,
  }));
  const base = D.max(dec(ctx.after['firr.base'] ?? '0'), ZERO);
  const portions = bandPortions(base, scaled);
  const out = portions.map((p, i) => ({
    from: cents(p.from),
    to: p.to === null ? null : cents(p.to),
    ratePercent: p.percent,
    base: cents(p.portion),
    amount: cents(round2(pct(p.portion, p.percent), `FIRR band ${i + 1}`, rounding)),
  }));
  const amount = sum(out.map((b) => b.amount));
  ctx.after['firr.settled'] = '1';
  const dueMonthDay = typeof t.values['dueMonthDay'] === 'string' ? (t.values['dueMonthDay'] as string) : '03-31';
  const endsEarly = s.mandateEnd !== null && s.mandateEnd < `${ctx.year}-12-31`;
  if (endsEarly) {
    ctx.issues.push(fiscalIssue('warning', 'invalid_input', `partner "${ctx.input.partner.id}": the mandate ended on ${s.mandateEnd}: the last year's FIRR (${cents(amount)}) is paid directly to the agent, not to Enasarco`, ctx.input.partner.id, ['fiscal', 'firr']));
  }
  push(ctx, {
    id: `FIRR:${ctx.year}`,
    code: 'FIRR',
    label: { it: 'FIRR (accantonamento a carico del preponente)', en: 'FIRR (termination fund, borne by the principal)' },
    base,
    ratePercent: out.at(-1)?.ratePercent ?? bands[0]!.percent,
    amount,
    payer: 'principal',
    effect: 'principalCost',
    rule: n === 12 ? `it.firr.${s.mandate}` : `it.firr.${s.mandate}.proRata`,
    citation: CITATIONS.firr,
    codes: endsEarly ? { paidTo: 'agent', causalePagamento: 'H' } : { paidTo: 'enasarco' },
    dueDate: endsEarly ? (s.mandateEnd as string) : `${ctx.year + 1}-${dueMonthDay}`,
    bands: out,
    trace: {
      inputs: [
        { name: 'firr.base (year)', kind: 'ytd', value: cents(base) },
        { name: 'mandate', kind: 'setting', value: s.mandate },
        { name: 'monthsOfMandate', kind: 'derived', value: n },
        tin(s.mandate, t, bands.map((b) => `${b.upTo ? plain(b.upTo) : '∞'}:${b.percent}%`).join(' ')),
      ],
      steps: out.map((b, i) => ({ what: `band ${i + 1}`, expr: `${b.base} × ${b.ratePercent}%`, value: b.amount })),
      rounding,
    },
  });
}

function documentOf(ctx: Ctx, taxable: string, bollo: boolean, splitPayment: boolean): FiscalResult['document'] {
  const { s } = ctx;
  const notes: BilingualText[] = [];
  const codes: Record<string, string> = {};
  const occasional = isOccasional(s);
  const negative = dec(taxable).isNegative();
  codes['regimeFiscale'] = s.regime === 'forfettario' ? 'RF19' : 'RF01';
  if (!occasional) codes['tipoDocumento'] = negative ? 'TD04' : 'TD01';
  if (bollo) {
    codes['bolloVirtuale'] = 'SI';
    const b = ctx.items.find((i) => i.code === 'BOLLO');
    if (b) codes['importoBollo'] = b.amount;
  }
  if (s.regime === 'forfettario')
    notes.push({
      it: `Operazione effettuata ai sensi dell'${CITATIONS.forfettario} (regime forfettario): senza applicazione dell'IVA e non soggetta a ritenuta d'acconto.`,
      en: `Supply under ${CITATIONS.forfettario} (flat-rate regime): no VAT charged and no withholding tax.`,
    });
  if (s.vat === 'reverseChargeN67' && s.regime !== 'forfettario')
    notes.push({ it: `Inversione contabile, ${CITATIONS.reverseCharge}.`, en: `Reverse charge, ${CITATIONS.reverseCharge}.` });
  if (splitPayment) notes.push({ it: `Scissione dei pagamenti, ${CITATIONS.splitPayment}.`, en: `Split payment, ${CITATIONS.splitPayment}.` });
  if (occasional)
    notes.push({ it: `Prestazione occasionale fuori campo IVA, ${CITATIONS.outOfScope}.`, en: `Occasional service outside the scope of VAT, ${CITATIONS.outOfScope}.` });
  if (s.ritenuta === 'art25bis' && s.employeesDeclaration && s.regime !== 'forfettario')
    notes.push({
      it: "Ritenuta d'acconto sul 20% delle provvigioni: il percipiente si avvale in via continuativa di dipendenti o terzi (D.M. 16/4/1983).",
      en: 'Withholding on 20% of the commissions: the payee uses employees or third parties continuously (D.M. 16/4/1983).',
    });
  return { kind: occasional ? 'receipt' : negative ? 'creditNote' : 'invoice', codes, notes };
}
