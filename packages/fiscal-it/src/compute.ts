/**
 * The Italian pack's computation for one statement: one function per item (files in `items/`), called in the
 * order the invoice needs them — fee lines, INPS rivalsa and cassa, stamp duty, IVA, ritenuta, Enasarco, the
 * quarter's and the year's settlements when the period closes them — then the totals and the year-to-date state.
 * Pure and deterministic; every amount is rounded half-up to the cent at one named point, recorded in the trace.
 */
import {
  buildTotals,
  emptyFiscalResult,
  endsQuarter,
  endsYear,
  mergeTables,
  periodQuarter,
  ytdForPeriod,
  type FiscalInput,
  type FiscalResult,
  type FiscalTables,
  type YtdState,
} from '@provvigo/core';
import { CITATIONS } from './citations.js';
import { report, str, table, warn, type Ctx } from './context.js';
import { cents, dec, type D, IT_TAX_MONEY, sum, ZERO } from './euro.js';
import { documentOf, isOccasional } from './document.js';
import { cassaContribution, inpsRivalsa } from './items/contributions.js';
import { enasarcoCompany, enasarcoIndividual } from './items/enasarco.js';
import { firr } from './items/firr.js';
import { ivaItems, splitPaymentApplies } from './items/iva.js';
import { feeLines, lineBuilder, ritenutaExcluded } from './items/lines.js';
import { accumulateQuarter, enasarcoMinimum, enasarcoSettlement } from './items/minimum.js';
import { ritenutaItem } from './items/ritenuta.js';
import { stampDuty } from './items/stamp.js';
import { parseSettings } from './profile.js';
import { IT_TABLES } from './tables.js';

const LEGAL_REFERENCES: Record<string, string> = {
  'N6.7': 'Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72',
  N1: 'Escluso art. 15 DPR 633/72',
};

/** The pack's `compute`: the result with its issues as they are (callers use `computeFiscal` or `computeIt`). */
export function computeItResult(input: FiscalInput, overrides?: FiscalTables): FiscalResult {
  const partnerId = input.partner.id;
  const parsed = parseSettings(input.partner);
  if ('issue' in parsed) return emptyFiscalResult(input, 'it', [parsed.issue]);
  const settings = parsed.settings;
  const before = ytdForPeriod(input.ytd, partnerId, input.period);
  const ctx: Ctx = {
    partnerId,
    principal: input.principal,
    s: settings,
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
  };
  const duplicate = inputGuards(ctx, input);
  const lb = lineBuilder(ctx);
  const lines = feeLines(ctx, input, lb);
  const fees = sum(lines.map((l) => l.amount));
  const rivalsa = inpsRivalsa(ctx, fees, lb, lines);
  cassaContribution(ctx, fees, lb, lines);
  const stampCharged = stampDuty(ctx, lb, lines);
  const splitPayment = splitPaymentApplies(ctx) && lines.some((l) => l.kind !== 'stamp' && !l.natura);
  ivaItems(ctx, lines, lb, splitPayment);
  const excluded = ritenutaExcluded(ctx);
  const ritenutaBase = sum(lines.filter((l) => l.withholding).map((l) => l.amount));
  ritenutaItem(ctx, ritenutaBase, fees, rivalsa, excluded);
  ctx.after['ritenuta.base'] = cents(dec(ctx.before.values['ritenuta.base'] ?? '0').plus(excluded ? ZERO : ritenutaBase));
  ctx.after['fees'] = cents(dec(ctx.before.values['fees'] ?? '0').plus(fees));
  enasarcoAndSettlements(ctx, input, fees.plus(ctx.s.enasarcoBaseIncludesStamp ? stampCharged : ZERO), fees);
  occasionalThreshold(ctx);

  const totals = buildTotals({
    currency: ctx.currency,
    invoiceLines: lines,
    items: ctx.items,
    esigibilita: splitPayment ? 'S' : 'I',
    legalReferences: { ...LEGAL_REFERENCES, 'N2.2': isOccasional(ctx.s) ? `Fuori campo IVA ${CITATIONS.outOfScope}` : `Regime forfettario ${CITATIONS.forfettario}` },
  });
  const ytdAfter: YtdState = duplicate ? before : { partnerId, year: before.year, values: sortKeys(ctx.after), periods: [...before.periods, input.period.id] };
  return {
    pack: 'it',
    profile: input.partner.fiscalProfile ?? '',
    partnerId,
    period: input.period.id,
    currency: ctx.currency,
    items: ctx.items,
    invoiceLines: lines,
    totals,
    document: documentOf(ctx, totals.taxable, splitPayment),
    ytdAfter,
    issues: ctx.issues,
    invoiceable: !ctx.issues.some((i) => i.severity === 'error'),
    trace: {
      pack: 'it',
      profile: input.partner.fiscalProfile ?? '',
      partnerId,
      period: input.period.id,
      settings: { ...ctx.s } as Record<string, string | number | boolean | null>,
      lines: input.lines,
      tables: [...ctx.refs.values()].sort((a, b) => a.id.localeCompare(b.id)),
      ytdBefore: input.ytd,
      items: ctx.items.map((i) => ({ id: i.id, trace: i.trace })),
    },
  };
}

/** Currency, a period already folded into the year to date, commissions outside the mandate. True = duplicate. */
function inputGuards(ctx: Ctx, input: FiscalInput): boolean {
  const { partnerId: p, s } = ctx;
  const { id, start, end } = input.period;
  if (input.currency !== IT_TAX_MONEY.currency) {
    const why = { en: `the Italian pack computes in EUR, not ${input.currency}`, it: `il pacchetto fiscale italiano calcola in EUR, non in ${input.currency}` };
    report(ctx, 'error', 'currency_mismatch', why, ['fiscal', 'currency']);
  }
  const duplicate = ctx.before.periods.includes(id);
  if (duplicate) {
    const why = {
      en: `period "${id}" is already in the year-to-date state; computing it again would count its bases twice`,
      it: `il periodo "${id}" è già nello stato progressivo dell'anno; calcolarlo di nuovo conterebbe due volte i suoi imponibili`,
    };
    report(ctx, 'error', 'duplicate_record', why, ['fiscal', 'ytd', 'periods']);
  }
  if (s.enasarco && ((s.mandateStart && s.mandateStart > end) || (s.mandateEnd && s.mandateEnd < start))) {
    const [from, to] = [s.mandateStart ?? '…', s.mandateEnd ?? '…'];
    const why = {
      en: `period ${id} (${start} to ${end}) is outside the mandate (${from} to ${to}): Enasarco, its minimum and FIRR cannot be computed; check mandateStart / mandateEnd`,
      it: `il periodo ${id} (dal ${start} al ${end}) è fuori dal mandato (dal ${from} al ${to}): non si possono calcolare l'Enasarco, il suo minimale e il FIRR; verifica mandateStart / mandateEnd`,
    };
    report(ctx, 'error', 'invalid_input', why, ['partners', p, 'fiscalSettings', 'mandateStart'], 'mandateStart');
  }
  return duplicate;
}

/**
 * Enasarco for the statement, then the settlements the period closes (quarter end, 31 December, or `settle`
 * flags). The same settlements are available on their own as `settleQuarter` / `settleYear`; year-to-date markers
 * make each happen once.
 */
function enasarcoAndSettlements(ctx: Ctx, input: FiscalInput, enasarcoBase: D, fees: D): void {
  const { s } = ctx;
  const quarterSettles = (input.settle.quarter ?? endsQuarter(input.period)) && Number(ctx.before.values['enasarco.settledQuarter'] ?? '0') < ctx.quarter;
  const yearSettles = (input.settle.year ?? endsYear(input.period)) && ctx.before.values['firr.settled'] !== '1';
  if (s.enasarco) {
    const company = s.legalForm === 'srl' || s.legalForm === 'spa';
    if (company) enasarcoCompany(ctx, enasarcoBase);
    else enasarcoIndividual(ctx, enasarcoBase);
    accumulateQuarter(ctx, enasarcoBase);
    if (quarterSettles) {
      const topup = !company && s.enasarcoMinimum ? enasarcoMinimum(ctx) : ZERO;
      enasarcoSettlement(ctx, topup);
    }
  }
  if (s.firr) {
    ctx.after['firr.base'] = cents(dec(ctx.before.values['firr.base'] ?? '0').plus(fees));
    if (yearSettles) firr(ctx);
  }
}

/** Occasional work: INPS gestione separata above the yearly threshold (reported, not computed ⚠). */
function occasionalThreshold(ctx: Ctx): void {
  if (!isOccasional(ctx.s)) return;
  const t = table(ctx, 'it.occasional');
  const threshold = t && str(ctx, t, 'inpsThreshold');
  if (threshold && dec(ctx.after['fees'] ?? '0').gt(threshold)) {
    const fees = ctx.after['fees'];
    const why = {
      en: `occasional income this year ${fees} exceeds ${threshold}: INPS gestione separata applies (not computed; check with the payroll consultant)`,
      it: `il reddito da prestazione occasionale dell'anno, ${fees}, supera la soglia di ${threshold}: si applica la gestione separata INPS (non calcolata; verifica con il consulente del lavoro)`,
    };
    warn(ctx, 'limit_exceeded', why, ['fiscal', 'occasional', 'inpsThreshold']);
  }
}

export function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
