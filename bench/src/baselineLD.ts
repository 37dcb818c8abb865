import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import type { FactRecord } from '@provvigo/core';
import type { Totals } from './baselineL.js';
import type { Workload } from './data.js';
import { D, planA, rateKey } from './planA.js';

/**
 * Baseline (LD): plan (a) by hand, computed as (L) computes it, and with the duties of a run that (L) leaves out done
 * by hand too — so that E can be read against hand-written code doing the same work, not only against the bare
 * computation (issue 15 asks how much, and why, where a target is missed):
 *
 * 1. **checks**: every contract against the fact schema — each declared column's type (text, a finite number, a
 *    boolean, a real calendar date), a required field present, the key not repeated, the partner known, the date in
 *    the period; a record failing any is rejected and counted, never computed;
 * 2. **an input hash**: SHA-256 over the contracts in key order, each as its JSON;
 * 3. **traces**: per line, the values its computation read and made (for a commission: commodity, both volumes, the
 *    units, category, territory, rate, fixed part, the exact and the rounded amount; for the bonus: the flag and the
 *    amount; for the volume bonus: the activations, the target and the marginal bands used), kept as columns;
 * 4. **statements and digests**: each partner's statement (totals, lines and traces as columns) as JSON, its SHA-256,
 *    and an output hash over the digests in partner order.
 *
 * Written as a developer would for this one plan, and fast where that costs nothing: the checks field by field for
 * this table (no loop over the schema), native `JSON.stringify` and `node:crypto`, dates checked once per distinct
 * text. Its checks are stricter than the engine's in one way that costs it nothing: a value must already have its
 * type (the engine also reads a boolean written "yes" or a number written as text, as CSV gives them); the sample's
 * contracts have none. Its JSON is not the
 * engine's format, and carries no labels, formulas or issues: its bytes per line are printed beside E's, so the two
 * are seen to do comparable work.
 */


export interface DutiesResult extends Totals {
  inputHash: string;
  outputHash: string;
  /** Characters of statement JSON written, all partners. */
  jsonChars: number;
  rejected: number;
}

/** The contracts table's columns as the checks below are written for: type, and whether a value is required. */
const COLUMNS: Record<string, [type: string, required: boolean]> = {
  id: ['text', true],
  partnerId: ['text', true],
  signedDate: ['date', true],
  product: ['text', true],
  category: ['text', true],
  commodity: ['text', true],
  territory: ['text', true],
  annualKwh: ['number', false],
  annualSmc: ['number', false],
  offer: ['text', true],
  energyEfficiency: ['boolean', true],
  customerType: ['text', true],
  channel: ['text', true],
  confirmationCall: ['boolean', true],
  qualityOk: ['boolean', true],
};

/** The checks are written by hand for this table, field by field, as a developer would: stop if the schema moved. */
function assertSchema(w: Workload): void {
  const table = w.factSchema.tables['contracts'];
  const declared = table ? Object.entries(table.columns).map(([name, spec]) => `${name}:${spec.type}:${spec.required}`).sort() : [];
  const expected = Object.entries(COLUMNS).map(([name, [type, required]]) => `${name}:${type}:${required}`).sort();
  if (table?.key !== 'id' || table.partner !== 'partnerId' || table.date !== 'signedDate' || declared.join() !== expected.join()) {
    throw new Error('the sample fact schema changed shape: write baselineLD.ts\'s checks again');
  }
}

const text = (v: unknown) => typeof v === 'string' && v !== '';
const flag = (v: unknown) => typeof v === 'boolean';
/** An optional number: blank, or a finite number. */
const volume = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isFinite(v));

/** Step 1: the contracts that pass every check, and how many were rejected. */
function checked(w: Workload): { valid: FactRecord[]; rejected: number } {
  assertSchema(w);
  // A real calendar date, YYYY-MM-DD: checked once per distinct text (a month's contracts share a few dozen).
  const dates = new Map<string, boolean>();
  const date = (v: unknown): boolean => {
    if (typeof v !== 'string') return false;
    let ok = dates.get(v);
    if (ok === undefined) {
      const d = new Date(`${v}T00:00:00Z`);
      ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
      dates.set(v, ok);
    }
    return ok;
  };
  const partners = new Set(w.partners.map((p) => p.id));
  const { start, end } = w.period;
  const seen = new Set<string>();
  const valid: FactRecord[] = [];
  let rejected = 0;
  for (const c of w.contracts) {
    const ok =
      text(c.id) && text(c.partnerId) && date(c.signedDate) && text(c.product) && text(c.category) && text(c.commodity) && text(c.territory) &&
      volume(c.annualKwh) && volume(c.annualSmc) && text(c.offer) && flag(c.energyEfficiency) && text(c.customerType) && text(c.channel) &&
      flag(c.confirmationCall) && flag(c.qualityOk) &&
      partners.has(c.partnerId as string) && (c.signedDate as string) >= start && (c.signedDate as string) <= end;
    if (!ok || seen.has(c.id as string)) {
      rejected++;
      continue;
    }
    seen.add(c.id as string);
    valid.push(c);
  }
  return { valid, rejected };
}

/** Step 2: SHA-256 of the records in key order, each as its JSON, handed to the hash in chunks of ~64 KB. */
function hashInput(sorted: readonly FactRecord[]): string {
  const h = createHash('sha256');
  let chunk = '';
  for (const c of sorted) {
    chunk += JSON.stringify(c);
    if (chunk.length >= 1 << 16) {
      h.update(chunk);
      chunk = '';
    }
  }
  return h.update(chunk).digest('hex');
}

/** One partner's lines and the values their traces show, as columns. */
class PartnerLines {
  ids: string[] = [];
  commodity: unknown[] = [];
  annualSmc: unknown[] = [];
  annualKwh: unknown[] = [];
  units: number[] = [];
  category: unknown[] = [];
  territory: unknown[] = [];
  rate: string[] = [];
  fixed: string[] = [];
  exact: string[] = [];
  commission: string[] = [];
  efficiency: boolean[] = [];
  bonus: string[] = [];
  commissionSum = new D(0);
  bonusSum = new D(0);
}

/** `onStatement`, when given, receives each partner's statement JSON (for tests: what LD writes). */
export function baselineLD(w: Workload, onStatement?: (partnerId: string, json: string) => void): DutiesResult {
  const plan = w.plan;
  const scale = plan.rounding.scale;
  const { rateByKey, eeBonus, marginal, target } = planA(plan);
  const eeText = eeBonus.toFixed(scale);
  const zero = new D(0).toFixed(scale);

  const { valid, rejected } = checked(w);
  const sorted = valid.slice().sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : (a.id as string) > (b.id as string) ? 1 : 0));
  const inputHash = hashInput(sorted);

  const byPartner = new Map<string, PartnerLines>();
  for (const p of w.partners) byPartner.set(p.id, new PartnerLines());
  for (const c of sorted) {
    if (c.qualityOk !== true) continue;
    const a = byPartner.get(c.partnerId as string)!;
    const units = c.commodity === 'gas' ? Number(c.annualSmc ?? 0) : c.commodity === 'power' ? Number(c.annualKwh ?? 0) : 0;
    const r = rateByKey.get(rateKey(c.category, c.territory));
    if (!r) throw new Error(`no rate for ${String(c.category)} × ${String(c.territory)}`);
    const exact = new D(units).times(r.rate).plus(r.fixed);
    const amount = exact.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
    a.ids.push(c.id as string);
    a.commodity.push(c.commodity);
    a.annualSmc.push(c.annualSmc ?? null);
    a.annualKwh.push(c.annualKwh ?? null);
    a.units.push(units);
    a.category.push(c.category);
    a.territory.push(c.territory);
    a.rate.push(r.rateText);
    a.fixed.push(r.fixedText);
    a.exact.push(exact.toString());
    a.commission.push(amount.toFixed(scale));
    a.commissionSum = a.commissionSum.plus(amount);
    const ee = c.energyEfficiency === true;
    a.efficiency.push(ee);
    a.bonus.push(ee ? eeText : zero);
    if (ee) a.bonusSum = a.bonusSum.plus(eeBonus);
  }

  const totals = new Map<string, Map<string, string>>();
  const out = createHash('sha256');
  let jsonChars = 0;
  let lines = 0;
  for (const [id, a] of [...byPartner].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const q = new D(a.ids.length);
    const goal = target(id);
    const reached = q.gte(goal);
    const volume = reached ? marginal(q) : { amount: new D(0), used: [] };
    const volumeAmount = volume.amount.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
    const commission = a.commissionSum.toFixed(scale);
    const bonus = a.bonusSum.plus(volumeAmount).toFixed(scale);
    totals.set(id, new Map([['commission', commission], ['bonus', bonus]]));
    lines += 2 * a.ids.length + 1;
    const statement = {
      partnerId: id,
      period: w.period.id,
      currency: plan.currency,
      total: new D(commission).plus(bonus).toFixed(scale),
      byComponent: { bonus, commission },
      commission: {
        ids: a.ids,
        amount: a.commission,
        trace: { commodity: a.commodity, annualSmc: a.annualSmc, annualKwh: a.annualKwh, units: a.units, category: a.category, territory: a.territory, rate: a.rate, fixed: a.fixed, exact: a.exact },
      },
      efficiencyBonus: { amount: a.bonus, trace: { energyEfficiency: a.efficiency } },
      volumeBonus: { amount: volumeAmount.toFixed(scale), trace: { activations: a.ids.length, target: goal.toString(), reached, bands: volume.used, exact: volume.amount.toString() } },
    };
    const json = JSON.stringify(statement);
    jsonChars += json.length;
    onStatement?.(id, json);
    out.update(`${id}\u0000${createHash('sha256').update(json).digest('hex')}\n`);
  }
  return { byPartner: totals, lines, inputHash, outputHash: out.digest('hex'), jsonChars, rejected };
}
