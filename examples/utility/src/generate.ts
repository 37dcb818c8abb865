/**
 * The seeded sample generator: partners and a period of facts of any size, with realistic distributions
 * (skewed partner sizes, weekday and seasonal patterns, partner-level quality and speed).
 */
import type { FactRecord, PartnerInput, Period } from '@provvigo/core';
import { REGIONS } from './italy.js';
import { generatePartners } from './partners.js';
import { addDays, monthPeriod, periodDays } from './period.js';
import { createRng, type Rng } from './prng.js';

export interface SampleOptions {
  /** Same seed, same sample, byte for byte. */
  seed: number;
  /** Number of partners to generate, or the partners to use. */
  partners: number | PartnerInput[];
  /** Commissionable records (contracts + interventions); service events come on top. */
  lines: number;
  /** A month "YYYY-MM" or a period. */
  period: string | Period;
}

export interface Sample {
  period: Period;
  partners: PartnerInput[];
  facts: { contracts: FactRecord[]; serviceEvents: FactRecord[]; interventions: FactRecord[] };
}

export const CATEGORIES = ['LUCE_CASA', 'GAS_CASA', 'LUCE_BUSINESS', 'GAS_BUSINESS', 'FOTOVOLTAICO', 'POMPA_CALORE', 'EMOBILITY'] as const;
export type Category = (typeof CATEGORIES)[number];

const EE_CATEGORIES: ReadonlySet<string> = new Set(['FOTOVOLTAICO', 'POMPA_CALORE', 'EMOBILITY']);

const PRODUCTS: Record<Category, readonly (readonly [product: string, offer: string])[]> = {
  LUCE_CASA: [['Luce Flex Casa', 'FLEX'], ['Luce Fissa 12 mesi', 'FIX12'], ['Luce Fissa 24 mesi', 'FIX24'], ['Luce Verde 100%', 'GREEN']],
  GAS_CASA: [['Gas Flex Casa', 'FLEX'], ['Gas Fisso 12 mesi', 'FIX12'], ['Gas Fisso 24 mesi', 'FIX24']],
  LUCE_BUSINESS: [['Business Power Index', 'PUN'], ['Business Power Fix', 'FIX12'], ['Business Power Green', 'GREEN']],
  GAS_BUSINESS: [['Business Gas Index', 'PSV'], ['Business Gas Fix', 'FIX12']],
  FOTOVOLTAICO: [['Solare Casa 3 kWp', 'PV3'], ['Solare Casa 4,5 kWp + accumulo', 'PV45B'], ['Solare Casa 6 kWp + accumulo', 'PV6B']],
  POMPA_CALORE: [['Pompa di calore aria-acqua 8 kW', 'HP8'], ['Pompa di calore ibrida 12 kW', 'HP12H']],
  EMOBILITY: [['Wallbox 7,4 kW', 'WB7'], ['Wallbox 11 kW trifase', 'WB11']],
};

/** Month-of-year weights (1..12): gas sells in autumn and winter, photovoltaics in spring and summer. */
function categoryWeights(month: number, business: boolean): (readonly [Category, number])[] {
  const heating = [1.5, 1.3, 1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 0.9, 1.4, 1.6, 1.5][month - 1] as number;
  const solar = [0.5, 0.7, 1.1, 1.4, 1.5, 1.4, 1.2, 0.8, 1.0, 0.9, 0.6, 0.4][month - 1] as number;
  if (business) return [['LUCE_BUSINESS', 55], ['GAS_BUSINESS', 30 * heating], ['FOTOVOLTAICO', 8 * solar], ['EMOBILITY', 4]];
  return [['LUCE_CASA', 48], ['GAS_CASA', 30 * heating], ['FOTOVOLTAICO', 6 * solar], ['POMPA_CALORE', 4 * heating], ['EMOBILITY', 2]];
}

/** Monthly volume factor around 1: summer and August are quieter. */
export const SEASON = [1.05, 1.0, 1.05, 1.0, 1.0, 0.95, 0.85, 0.55, 1.05, 1.15, 1.1, 0.8] as const;

const WEEKDAY_WEIGHT = [0.05, 1, 1, 1, 1.05, 0.95, 0.35]; // Sunday..Saturday

/**
 * A Salesforce-like 18-character record id with the given 3-character key prefix. Joined, not added up: `a + b` makes
 * a rope (a V8 cons string) that every later comparison and hash of the id walks, where the readers of real data
 * (csv-parse, JSON.parse) give flat strings; with ropes the bench timed the generator's ids, not the engine (bench
 * README, "The sample's record ids").
 */
function sfId(prefix: string, n: number): string {
  return [prefix, '7Q', n.toString(36).toUpperCase().padStart(10, '0'), 'AAA'].join('').slice(0, 18);
}

class Picker<T> {
  private readonly cumulative: number[] = [];
  private total = 0;
  constructor(private readonly items: readonly T[], weight: (item: T) => number) {
    for (const item of items) this.cumulative.push((this.total += weight(item)));
  }
  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

interface Seller {
  partner: PartnerInput;
  weight: number;
  /** Share of contracts confirmed by the outbound confirmation call. */
  confirmRate: number;
  businessShare: number;
}

interface Field {
  partner: PartnerInput;
  weight: number;
  speed: number;
  ftfRate: number;
}

/** Partners, contracts, service events and interventions for one period; deterministic for its options. */
export function generateSample(options: SampleOptions): Sample {
  const period = typeof options.period === 'string' ? monthPeriod(options.period) : options.period;
  const partners = typeof options.partners === 'number' ? generatePartners({ seed: options.seed, count: options.partners }) : options.partners;
  const prof = createRng(options.seed, `profiles`);
  const sellers: Seller[] = [];
  const fields: Field[] = [];
  for (const p of partners) {
    // Log-normal sizes: a few partners sell most, as in every real network.
    if (p.kind === 'agency' || p.kind === 'agent' || p.kind === 'outbound') {
      const scale = p.kind === 'outbound' ? 5 : p.kind === 'agency' ? 3 : 1;
      sellers.push({
        partner: p,
        weight: scale * prof.logNormal(1, 0.9),
        confirmRate: Math.max(0.55, Math.min(0.995, 0.93 - Math.abs(prof.normal()) * 0.08)),
        businessShare: p.kind === 'agency' ? 0.3 : p.kind === 'outbound' ? 0.05 : prof.next() * 0.3,
      });
    } else {
      fields.push({ partner: p, weight: prof.logNormal(1, 0.6), speed: prof.logNormal(0.75, 0.35), ftfRate: Math.min(0.98, 0.82 + prof.normal() * 0.07) });
    }
  }
  if (sellers.length === 0 || fields.length === 0) throw new Error('the sample needs selling partners and field partners');

  const month = Number(period.start.slice(5, 7));
  const days = periodDays(period);
  const dayPicker = new Picker(days, (d) => WEEKDAY_WEIGHT[new Date(`${d}T00:00:00Z`).getUTCDay()] as number);
  const sellerPicker = new Picker(sellers, (s) => s.weight);
  const fieldPicker = new Picker(fields, (f) => f.weight);
  const regionPicker = new Picker(REGIONS, (r) => r.weight);

  const contractCount = Math.round(options.lines * 0.85);
  const interventionCount = options.lines - contractCount;

  const rng = createRng(options.seed, `contracts:${period.id}`);
  const contracts: FactRecord[] = [];
  for (let i = 0; i < contractCount; i++) {
    const s = sellerPicker.pick(rng);
    const business = rng.chance(s.businessShare);
    const category = rng.weighted(categoryWeights(month, business));
    const [product, offer] = rng.pick(PRODUCTS[category]);
    const commodity = category.startsWith('LUCE') ? 'power' : category.startsWith('GAS') ? 'gas' : 'service';
    const record: FactRecord = {
      id: sfId('800', i + 1),
      partnerId: s.partner.id,
      signedDate: dayPicker.pick(rng),
      product,
      category,
      commodity,
      territory: rng.chance(0.85) ? s.partner.territory : regionPicker.pick(rng).name,
    };
    if (category === 'LUCE_CASA') record.annualKwh = Math.round(rng.logNormal(2700, 0.35));
    else if (category === 'LUCE_BUSINESS') record.annualKwh = Math.round(rng.logNormal(18000, 0.9));
    else if (category === 'FOTOVOLTAICO') record.annualKwh = Math.round(rng.logNormal(5200, 0.25));
    else if (category === 'GAS_CASA') record.annualSmc = Math.round(rng.logNormal(900, 0.4));
    else if (category === 'GAS_BUSINESS') record.annualSmc = Math.round(rng.logNormal(6000, 0.9));
    const confirmationCall = rng.chance(s.partner.kind === 'outbound' ? s.confirmRate : 0.97);
    Object.assign(record, {
      offer,
      energyEfficiency: EE_CATEGORIES.has(category) || rng.chance(0.06),
      customerType: business ? 'business' : 'residential',
      channel: s.partner.kind === 'outbound' ? 'outbound' : rng.weighted([['door_to_door', 55], ['shop', 30], ['web_assisted', 15]] as const),
      confirmationCall,
      qualityOk: confirmationCall ? rng.chance(0.97) : rng.chance(0.4),
    });
    contracts.push(record);
  }
  contracts.sort((a, b) => (a.signedDate as string).localeCompare(b.signedDate as string) || (a.id as string).localeCompare(b.id as string));

  const serviceEvents = generateEvents(createRng(options.seed, `events:${period.id}`), contracts, sellers, period);

  const frng = createRng(options.seed, `interventions:${period.id}`);
  const interventions: FactRecord[] = [];
  for (let i = 0; i < interventionCount; i++) {
    const f = fieldPicker.pick(frng);
    const kind = f.partner.kind === 'installer'
      ? frng.weighted([['INSTALL_PV', 40], ['INSTALL_HEAT_PUMP', 25], ['INSTALL_WALLBOX', 20], ['SURVEY', 15]] as const)
      : frng.weighted([['MAINTENANCE', 45], ['REPAIR', 40], ['SURVEY', 15]] as const);
    const slaHours = { INSTALL_PV: 240, INSTALL_HEAT_PUMP: 240, INSTALL_WALLBOX: 120, MAINTENANCE: 120, REPAIR: 48, SURVEY: 72 }[kind];
    const opened = dayPicker.pick(frng);
    const status = frng.weighted([['closed', 88], ['open', 9], ['cancelled', 3]] as const);
    const record: FactRecord = {
      id: `WO-${String(i + 1).padStart(8, '0')}`,
      partnerId: f.partner.id,
      kind,
      territory: f.partner.territory,
      status,
      opened,
      slaHours,
    };
    if (status === 'closed') {
      const hours = Math.max(1, Math.round(frng.logNormal(slaHours * f.speed, 0.45) * 10) / 10);
      record.closed = addDays(opened, hours / 24);
      record.hoursToClose = hours;
    }
    record.firstTimeFix = status === 'closed' && frng.chance(f.ftfRate);
    if (status === 'closed' && frng.chance(0.7)) record.rating = Math.max(1, Math.min(5, Math.round(4.2 + frng.normal() * 0.8)));
    interventions.push(record);
  }
  interventions.sort((a, b) => (a.opened as string).localeCompare(b.opened as string) || (a.id as string).localeCompare(b.id as string));

  return { period, partners, facts: { contracts, serviceEvents, interventions } };
}

/**
 * Billing events dated in the period: activations and first invoices of this period's contracts, plus events on
 * contracts of earlier periods (activations, terminations and switch-outs that drive releases and clawbacks).
 */
function generateEvents(rng: Rng, contracts: FactRecord[], sellers: Seller[], period: Period): FactRecord[] {
  const events: FactRecord[] = [];
  let n = 0;
  const push = (subject: string, partnerId: string, type: string, date: string): void => {
    if (date < period.start || date > period.end) return;
    events.push({ id: `EV-${String(++n).padStart(9, '0')}`, subject, partnerId, type, date });
  };
  for (const c of contracts) {
    const ee = c.commodity === 'service';
    if (!rng.chance(c.qualityOk ? 0.9 : 0.3)) continue;
    const activated = addDays(c.signedDate as string, ee ? rng.int(10, 45) : rng.int(3, 25));
    push(c.id as string, c.partnerId as string, 'activated', activated);
    if (ee) push(c.id as string, c.partnerId as string, 'ee_order_delivered', addDays(activated, rng.int(0, 5)));
    else if (rng.chance(0.8)) push(c.id as string, c.partnerId as string, 'first_invoice_paid', addDays(activated, rng.int(20, 40)));
  }
  // Earlier contracts: late activations, and early terminations or switch-outs (about 1.5% a month).
  const earlier = Math.round(contracts.length * 0.25);
  const picker = new Picker(sellers, (s) => s.weight);
  const days = periodDays(period);
  for (let i = 0; i < earlier; i++) {
    const s = picker.pick(rng);
    const subject = sfId('800', 900_000_000 + rng.int(0, 50_000_000));
    const type = rng.weighted([['activated', 35], ['first_invoice_paid', 40], ['terminated', 12], ['switched_out', 13]] as const);
    push(subject, s.partner.id, type, rng.pick(days));
  }
  events.sort((a, b) => (a.date as string).localeCompare(b.date as string) || (a.id as string).localeCompare(b.id as string));
  return events;
}

/** Seasonal line count for a month of a yearly series: `linesPerMonth` × the month's factor. */
export function seasonalLines(linesPerMonth: number, month: string): number {
  return Math.round(linesPerMonth * (SEASON[Number(month.slice(5, 7)) - 1] as number));
}
