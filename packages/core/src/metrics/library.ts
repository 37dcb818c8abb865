import { z } from 'zod';
import { DecimalStringSchema, NameSchema } from '../schema/common.js';
import type { Computed } from '../schema/plan.js';
import { computed, defineMetric, emptyExpansion, str } from './defineMetric.js';
import type { MetricDefinition, MetricExpansion } from './defineMetric.js';

// Shared parameter pieces. Defaults follow the sample utility's fact schema (examples/utility).
const lineTarget = {
  lineSheet: NameSchema.default('Contracts'),
  source: NameSchema.default('contracts'),
  summarySheet: NameSchema.default('Summary'),
};
const eventTarget = {
  lineSheet: NameSchema.default('Events'),
  source: NameSchema.default('serviceEvents'),
  summarySheet: NameSchema.default('Summary'),
};
const serviceTarget = {
  lineSheet: NameSchema.default('Interventions'),
  source: NameSchema.default('interventions'),
  summarySheet: NameSchema.default('Summary'),
};
const payoutOptions = (component: string) => ({
  payout: z.boolean().default(true),
  component: z.string().min(1).default(component),
});
const lineRefs = { lineSheet: 'lineSheet', source: 'factTable', summarySheet: 'summarySheet' } as const;

function withLine(e: MetricExpansion, sheet: string, source: string, columns: Record<string, Computed>): MetricExpansion {
  e.lineSheets[sheet] = { source, columns };
  return e;
}
function withCells(e: MetricExpansion, sheet: string, cells: Record<string, Computed>): MetricExpansion {
  e.summarySheets[sheet] = { ...(e.summarySheets[sheet] ?? {}), ...cells };
  return e;
}

/** A share of line rows flagged 1, as a summary KPI (0 when there are no rows). */
function share(sheet: string, col: string): string {
  return `=IFERROR(SUM(${sheet}[${col}])/COUNT(${sheet}[${col}]),0)`;
}

export const activations = defineMetric({
  id: 'activations',
  category: 'volume',
  section: 'summary',
  label: { it: 'Attivazioni nel periodo', en: 'Activations in period' },
  help: {
    it: 'Conta gli eventi di fornitura del partner nel periodo del tipo indicato (ad es. "activated").',
    en: "Counts the partner's service events in the period of the given type (e.g. \"activated\").",
  },
  params: z.object({
    name: NameSchema.default('Activations'),
    ...eventTarget,
    statusColumn: NameSchema.default('type'),
    activeValue: z.string().min(1).default('activated'),
  }),
  refs: { ...lineRefs, statusColumn: 'factColumn' },
  example: { name: 'Activations', statusColumn: 'type', activeValue: 'activated' },
  expand(p) {
    const flag = `${p.name}_n`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, {
      [flag]: computed(`=IF([@${p.statusColumn}]=${str(p.activeValue)},1,0)`, { type: 'integer' }),
    });
    return withCells(e, p.summarySheet, {
      [p.name]: computed(`=SUM(${p.lineSheet}[${flag}])`, { type: 'integer', role: 'kpi', label: this.label }),
    });
  },
});

export const volume = defineMetric({
  id: 'volume',
  category: 'volume',
  section: 'summary',
  label: { it: 'Volume (kWh/Smc)', en: 'Volume (kWh/Smc)' },
  help: {
    it: 'Somma i consumi annui contrattualizzati (kWh per la luce, Smc per il gas), facoltativamente di una sola commodity.',
    en: 'Sums the contracted annual consumption (kWh for power, Smc for gas), optionally of one commodity only.',
  },
  params: z.object({
    name: NameSchema.default('Volume'),
    ...lineTarget,
    unit: z.enum(['kWh', 'Smc']).default('kWh'),
    quantityColumn: NameSchema.default('annualKwh'),
    commodityColumn: NameSchema.optional(),
    commodity: z.string().optional(),
  }),
  refs: { ...lineRefs, quantityColumn: 'factColumn', commodityColumn: 'factColumn' },
  example: { name: 'PowerVolume', unit: 'kWh', quantityColumn: 'annualKwh', commodityColumn: 'commodity', commodity: 'power' },
  expand(p) {
    const q = `${p.name}_q`;
    const value =
      p.commodityColumn && p.commodity !== undefined
        ? `=IF([@${p.commodityColumn}]=${str(p.commodity)},[@${p.quantityColumn}],0)`
        : `=[@${p.quantityColumn}]`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, { [q]: computed(value) });
    return withCells(e, p.summarySheet, {
      [p.name]: computed(`=SUM(${p.lineSheet}[${q}])`, { role: 'kpi', label: { it: `Volume (${p.unit})`, en: `Volume (${p.unit})` } }),
    });
  },
});

export const efficiencyShare = defineMetric({
  id: 'efficiencyShare',
  category: 'kpi',
  section: 'summary',
  label: { it: 'Quota ordini efficienza energetica', en: 'Energy-efficiency order share' },
  help: {
    it: 'Quota dei contratti del periodo con il flag efficienza energetica (0–1).',
    en: "Share of the period's contracts carrying the energy-efficiency flag (0–1).",
  },
  params: z.object({ name: NameSchema.default('EfficiencyShare'), ...lineTarget, flagColumn: NameSchema.default('energyEfficiency') }),
  refs: { ...lineRefs, flagColumn: 'factColumn' },
  example: { name: 'EfficiencyShare', flagColumn: 'energyEfficiency' },
  expand(p) {
    const f = `${p.name}_f`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, { [f]: computed(`=IF([@${p.flagColumn}],1,0)`, { type: 'integer' }) });
    return withCells(e, p.summarySheet, { [p.name]: computed(share(p.lineSheet, f), { type: 'percent', role: 'kpi', label: this.label }) });
  },
});

export const targetAttainment = defineMetric({
  id: 'targetAttainment',
  category: 'kpi',
  section: 'summary',
  label: { it: 'Raggiungimento obiettivo %', en: 'Target attainment %' },
  help: {
    it: 'Rapporto tra un risultato (cella di riepilogo) e un obiettivo, personalizzabile per partner.',
    en: 'Ratio of a result (summary cell) to a target that can be overridden per partner.',
  },
  params: z.object({
    name: NameSchema.default('Attainment'),
    summarySheet: NameSchema.default('Summary'),
    actual: NameSchema.default('Activations'),
    target: NameSchema.default('Target'),
    targetValue: DecimalStringSchema.default('20'),
  }),
  refs: { summarySheet: 'summarySheet', actual: 'cell', target: 'parameter' },
  example: { name: 'Attainment', actual: 'Activations', target: 'Target', targetValue: '20' },
  expand(p) {
    const e = emptyExpansion();
    e.parameters[p.target] = {
      type: 'number',
      value: p.targetValue,
      overridable: true,
      label: { it: 'Obiettivo', en: 'Target' },
    };
    return withCells(e, p.summarySheet, {
      [p.name]: computed(`=IFERROR(${p.actual}/${p.target},0)`, { type: 'percent', role: 'kpi', label: this.label }),
    });
  },
});

const BandSchema = z.object({ from: DecimalStringSchema, rate: DecimalStringSchema }).strict();

export const tierTable = defineMetric({
  id: 'tierTable',
  category: 'tier',
  section: 'summary',
  label: { it: 'Tabella a scaglioni', en: 'Tier table' },
  help: {
    it: 'Importo a scaglioni su una quantità: "marginal" paga ogni fascia alla sua tariffa, "retroactive" paga tutto alla tariffa della fascia raggiunta.',
    en: 'Tiered amount on a quantity: "marginal" pays each band at its rate, "retroactive" pays all of it at the rate of the band reached.',
  },
  params: z.object({
    name: NameSchema.default('TierBonus'),
    summarySheet: NameSchema.default('Summary'),
    table: NameSchema.default('Tiers'),
    mode: z.enum(['marginal', 'retroactive']).default('marginal'),
    quantity: NameSchema.default('Activations'),
    bands: z.array(BandSchema).min(1).max(100).default([
      { from: '0', rate: '5' },
      { from: '10', rate: '10' },
      { from: '20', rate: '15' },
    ]),
    ...payoutOptions('bonus'),
  }),
  refs: { summarySheet: 'summarySheet', table: 'table', quantity: 'cell' },
  example: {
    name: 'TierBonus',
    table: 'Tiers',
    mode: 'retroactive',
    quantity: 'Activations',
    bands: [
      { from: '0', rate: '10' },
      { from: '20', rate: '15' },
      { from: '50', rate: '20' },
    ],
  },
  expand(p) {
    const e = emptyExpansion();
    e.tables[p.table] = { kind: 'tier', mode: p.mode, bands: p.bands, label: this.label };
    withCells(e, p.summarySheet, {
      [p.name]: computed(`=TIER.AMOUNT(${p.table},${p.quantity})`, { type: 'money', role: 'bonus', label: this.label }),
    });
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.summarySheet, cell: p.name, component: p.component };
    return e;
  },
});

const RateRowSchema = z.object({ category: z.string(), territory: z.string(), rate: DecimalStringSchema }).strict();

export const rateByCategoryTerritory = defineMetric({
  id: 'rateByCategoryTerritory',
  category: 'rate',
  section: 'lines',
  label: { it: 'Tariffa per categoria prodotto × territorio', en: 'Rate by product category × territory' },
  help: {
    it: 'Provvigione per contratto da una tabella a due chiavi (categoria, territorio); con una colonna base la tariffa è per unità (es. €/kWh).',
    en: 'Commission per contract from a two-key table (category, territory); with a basis column the rate is per unit (e.g. €/kWh).',
  },
  params: z.object({
    name: NameSchema.default('Commission'),
    ...lineTarget,
    table: NameSchema.default('Rates'),
    categoryColumn: NameSchema.default('category'),
    territoryColumn: NameSchema.default('territory'),
    basisColumn: NameSchema.optional(),
    rows: z.array(RateRowSchema).min(1).max(10_000).default([
      { category: 'LUCE_CASA', territory: 'Lazio', rate: '40' },
      { category: 'GAS_CASA', territory: 'Lazio', rate: '35' },
      { category: 'LUCE_BUSINESS', territory: 'Lazio', rate: '90' },
      { category: 'GAS_BUSINESS', territory: 'Lazio', rate: '80' },
    ]),
    ...payoutOptions('commission'),
  }),
  refs: { ...lineRefs, table: 'table', categoryColumn: 'factColumn', territoryColumn: 'factColumn', basisColumn: 'factColumn' },
  example: {
    name: 'Commission',
    table: 'Rates',
    rows: [
      { category: 'LUCE_CASA', territory: 'Lombardia', rate: '45' },
      { category: 'LUCE_BUSINESS', territory: 'Lombardia', rate: '95' },
    ],
  },
  expand(p) {
    const e = emptyExpansion();
    e.tables[p.table] = {
      kind: 'lookup',
      label: this.label,
      keys: ['category', 'territory'],
      columns: { category: { type: 'text' }, territory: { type: 'text' }, Rate: { type: 'number' } },
      // The engine reads numeric table columns as JSON numbers; the parameter keeps the exact decimal string.
      rows: p.rows.map((r) => ({ category: r.category, territory: r.territory, Rate: Number(r.rate) })),
    };
    const rate = `RATE(${p.table}[Rate],[@${p.categoryColumn}],[@${p.territoryColumn}])`;
    withLine(e, p.lineSheet, p.source, {
      [p.name]: computed(p.basisColumn ? `=[@${p.basisColumn}]*${rate}` : `=${rate}`, { type: 'money', label: this.label }),
    });
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.lineSheet, column: p.name, component: p.component };
    return e;
  },
});

const ComparatorSchema = z.enum(['>=', '>', '<=', '<']);

export const kpiGate = defineMetric({
  id: 'kpiGate',
  category: 'gate',
  section: 'summary',
  label: { it: 'Soglia KPI', en: 'KPI gate' },
  help: {
    it: 'Condizione vero/falso su un KPI rispetto a una soglia: usala in altre formule per azzerare premi se non superata.',
    en: 'A true/false condition on a KPI against a threshold: use it in other formulas to zero bonuses when not met.',
  },
  params: z.object({
    name: NameSchema.default('Gate'),
    summarySheet: NameSchema.default('Summary'),
    kpi: NameSchema.default('Attainment'),
    comparator: ComparatorSchema.default('>='),
    threshold: NameSchema.default('GateThreshold'),
    thresholdValue: DecimalStringSchema.default('0.8'),
  }),
  refs: { summarySheet: 'summarySheet', kpi: 'cell', threshold: 'parameter' },
  example: { name: 'QualityGate', kpi: 'SlaCompliance', comparator: '>=', threshold: 'SlaThreshold', thresholdValue: '0.9' },
  expand(p) {
    const e = emptyExpansion();
    e.parameters[p.threshold] = { type: 'number', value: p.thresholdValue, overridable: true, label: { it: 'Soglia', en: 'Threshold' } };
    return withCells(e, p.summarySheet, {
      [p.name]: computed(`=${p.kpi}${p.comparator}${p.threshold}`, { type: 'boolean', role: 'gate', label: this.label }),
    });
  },
});

const MultiplierBandSchema = z.object({ from: DecimalStringSchema, multiplier: DecimalStringSchema }).strict();

export const kpiMultiplier = defineMetric({
  id: 'kpiMultiplier',
  category: 'adjustment',
  section: 'summary',
  label: { it: 'Moltiplicatore KPI', en: 'KPI multiplier' },
  help: {
    it: 'Coefficiente per fasce di un KPI (es. 1,2 oltre il 100% dell\'obiettivo); se indicato, lo applica a un importo.',
    en: 'A coefficient by KPI band (e.g. 1.2 above 100% of target); when given, applies it to an amount.',
  },
  params: z.object({
    name: NameSchema.default('Multiplier'),
    summarySheet: NameSchema.default('Summary'),
    kpi: NameSchema.default('Attainment'),
    table: NameSchema.default('MultiplierBands'),
    bands: z.array(MultiplierBandSchema).min(1).max(100).default([
      { from: '0', multiplier: '1' },
      { from: '1', multiplier: '1.2' },
      { from: '1.2', multiplier: '1.5' },
    ]),
    applyTo: NameSchema.optional(),
    ...payoutOptions('bonus'),
  }),
  refs: { summarySheet: 'summarySheet', kpi: 'cell', table: 'table', applyTo: 'cell' },
  example: { name: 'Multiplier', kpi: 'Attainment', applyTo: 'TierBonus', payout: false },
  expand(p) {
    const e = emptyExpansion();
    e.tables[p.table] = {
      kind: 'tier',
      mode: 'retroactive',
      label: this.label,
      bands: p.bands.map((b) => ({ from: b.from, rate: b.multiplier })),
    };
    withCells(e, p.summarySheet, {
      [p.name]: computed(`=TIER.RATE(${p.table},${p.kpi})`, { role: 'multiplier', label: this.label }),
    });
    if (p.applyTo) {
      const amount = `${p.name}Amount`;
      withCells(e, p.summarySheet, { [amount]: computed(`=${p.applyTo}*${p.name}`, { type: 'money', role: 'bonus' }) });
      if (p.payout) e.payouts[amount] = { label: this.label, sheet: p.summarySheet, cell: amount, component: p.component };
    }
    return e;
  },
});

export const slaCompliance = defineMetric({
  id: 'slaCompliance',
  category: 'service',
  section: 'summary',
  label: { it: 'Rispetto SLA %', en: 'SLA compliance %' },
  help: {
    it: 'Quota degli interventi chiusi entro il tempo SLA (ore effettive ≤ ore SLA).',
    en: 'Share of interventions closed within their SLA time (actual hours ≤ SLA hours).',
  },
  params: z.object({
    name: NameSchema.default('SlaCompliance'),
    ...serviceTarget,
    durationColumn: NameSchema.default('hoursToClose'),
    slaColumn: NameSchema.default('slaHours'),
  }),
  refs: { ...lineRefs, durationColumn: 'factColumn', slaColumn: 'factColumn' },
  example: { name: 'SlaCompliance', durationColumn: 'hoursToClose', slaColumn: 'slaHours' },
  expand(p) {
    const met = `${p.name}_met`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, {
      [met]: computed(`=IF([@${p.durationColumn}]<=[@${p.slaColumn}],1,0)`, { type: 'integer' }),
    });
    return withCells(e, p.summarySheet, { [p.name]: computed(share(p.lineSheet, met), { type: 'percent', role: 'kpi', label: this.label }) });
  },
});

export const firstTimeFix = defineMetric({
  id: 'firstTimeFix',
  category: 'service',
  section: 'summary',
  label: { it: 'Tasso di risoluzione al primo intervento', en: 'First-time-fix rate' },
  help: {
    it: 'Quota degli interventi risolti alla prima visita.',
    en: 'Share of interventions fixed on the first visit.',
  },
  params: z.object({ name: NameSchema.default('FirstTimeFixRate'), ...serviceTarget, flagColumn: NameSchema.default('firstTimeFix') }),
  refs: { ...lineRefs, flagColumn: 'factColumn' },
  example: { name: 'FirstTimeFixRate', flagColumn: 'firstTimeFix' },
  expand(p) {
    const f = `${p.name}_f`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, { [f]: computed(`=IF([@${p.flagColumn}],1,0)`, { type: 'integer' }) });
    return withCells(e, p.summarySheet, { [p.name]: computed(share(p.lineSheet, f), { type: 'percent', role: 'kpi', label: this.label }) });
  },
});

export const averageInterventionTime = defineMetric({
  id: 'averageInterventionTime',
  category: 'service',
  section: 'summary',
  label: { it: 'Tempo medio di intervento', en: 'Average intervention time' },
  help: {
    it: 'Media delle ore impiegate per intervento nel periodo (0 se non ci sono interventi).',
    en: 'Average hours per intervention in the period (0 when there are none).',
  },
  params: z.object({ name: NameSchema.default('AvgInterventionHours'), ...serviceTarget, durationColumn: NameSchema.default('hoursToClose') }),
  refs: { ...lineRefs, durationColumn: 'factColumn' },
  example: { name: 'AvgInterventionHours', durationColumn: 'hoursToClose' },
  expand(p) {
    const h = `${p.name}_h`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, { [h]: computed(`=[@${p.durationColumn}]`) });
    return withCells(e, p.summarySheet, {
      [p.name]: computed(`=IFERROR(AVERAGE(${p.lineSheet}[${h}]),0)`, { role: 'kpi', label: this.label }),
    });
  },
});

export const capFloor = defineMetric({
  id: 'capFloor',
  category: 'adjustment',
  section: 'summary',
  label: { it: 'Tetto e minimo garantito', en: 'Cap and floor' },
  help: {
    it: 'Limita un importo tra un minimo e un massimo (parametri personalizzabili per partner). Paga questa cella invece dell\'importo originale.',
    en: 'Keeps an amount between a floor and a cap (parameters overridable per partner). Pay this cell instead of the original amount.',
  },
  params: z.object({
    name: NameSchema.default('CappedBonus'),
    summarySheet: NameSchema.default('Summary'),
    value: NameSchema.default('TierBonus'),
    cap: NameSchema.default('Cap'),
    capValue: DecimalStringSchema.default('1000'),
    floor: NameSchema.default('Floor'),
    floorValue: DecimalStringSchema.default('0'),
    ...payoutOptions('bonus'),
  }),
  refs: { summarySheet: 'summarySheet', value: 'cell', cap: 'parameter', floor: 'parameter' },
  example: { name: 'CappedBonus', value: 'TierBonus', capValue: '1500', floorValue: '100' },
  expand(p) {
    const e = emptyExpansion();
    e.parameters[p.cap] = { type: 'money', value: p.capValue, overridable: true, label: { it: 'Tetto', en: 'Cap' } };
    e.parameters[p.floor] = { type: 'money', value: p.floorValue, overridable: true, label: { it: 'Minimo', en: 'Floor' } };
    withCells(e, p.summarySheet, {
      [p.name]: computed(`=MIN(MAX(${p.value},${p.floor}),${p.cap})`, { type: 'money', role: 'cap', label: this.label }),
    });
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.summarySheet, cell: p.name, component: p.component };
    return e;
  },
});

export const spif = defineMetric({
  id: 'spif',
  category: 'bonus',
  section: 'summary',
  label: { it: 'Bonus una tantum (SPIF)', en: 'One-off bonus (SPIF)' },
  help: {
    it: 'Premio fisso se nel periodo il partner vende almeno N contratti di un prodotto in promozione.',
    en: 'A fixed bonus when the partner sells at least N contracts of a promoted product in the period.',
  },
  params: z.object({
    name: NameSchema.default('Spif'),
    ...lineTarget,
    productColumn: NameSchema.default('product'),
    product: z.string().min(1).default('Business Power Green'),
    minCount: z.number().int().min(1).default(5),
    amount: DecimalStringSchema.default('500'),
    ...payoutOptions('bonus'),
  }),
  refs: { ...lineRefs, productColumn: 'factColumn' },
  example: { name: 'GreenSpif', productColumn: 'product', product: 'Business Power Green', minCount: 3, amount: '250' },
  expand(p) {
    const n = `${p.name}_n`;
    const min = `${p.name}Min`;
    const amount = `${p.name}Amount`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, {
      [n]: computed(`=IF([@${p.productColumn}]=${str(p.product)},1,0)`, { type: 'integer' }),
    });
    e.parameters[min] = { type: 'integer', value: String(p.minCount), overridable: true, label: { it: 'Soglia SPIF', en: 'SPIF threshold' } };
    e.parameters[amount] = { type: 'money', value: p.amount, overridable: true, label: { it: 'Importo SPIF', en: 'SPIF amount' } };
    withCells(e, p.summarySheet, {
      [p.name]: computed(`=IF(SUM(${p.lineSheet}[${n}])>=${min},${amount},0)`, { type: 'money', role: 'bonus', label: this.label }),
    });
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.summarySheet, cell: p.name, component: p.component };
    return e;
  },
});

/** A day of the month, 1 to 31. */
const DayOfMonthSchema = z.number().int().min(1).max(31);

export const contractBonus = defineMetric({
  id: 'contractBonus',
  category: 'bonus',
  section: 'lines',
  label: { it: 'Bonus fisso per contratto', en: 'Fixed bonus per contract' },
  help: {
    it: 'Un importo fisso, una volta sola, per ogni contratto di una categoria firmato tra due giorni del mese (es. dal 10 al 20).',
    en: 'A fixed amount, paid once, for each contract of a category signed between two days of the month (e.g. the 10th to the 20th).',
  },
  params: z.object({
    name: NameSchema.default('ContractBonus'),
    ...lineTarget,
    categoryColumn: NameSchema.default('category'),
    category: z.string().min(1).default('EMOBILITY'),
    dateColumn: NameSchema.default('signedDate'),
    fromDay: DayOfMonthSchema.default(1),
    toDay: DayOfMonthSchema.default(31),
    amount: DecimalStringSchema.default('100'),
    ...payoutOptions('bonus'),
  }),
  refs: { ...lineRefs, categoryColumn: 'factColumn', dateColumn: 'factColumn' },
  example: { name: 'EMobilityBonus', category: 'EMOBILITY', fromDay: 10, toDay: 20, amount: '50' },
  expand(p) {
    // the amount is a money parameter of the plan (overridable per partner), never a bare number in the formula
    const amount = `${p.name}Amount`;
    const day = `DAY([@${p.dateColumn}])`;
    const e = withLine(emptyExpansion(), p.lineSheet, p.source, {
      [p.name]: computed(`=IF(AND([@${p.categoryColumn}]=${str(p.category)},${day}>=${p.fromDay},${day}<=${p.toDay}),${amount},0)`, { type: 'money', label: this.label }),
    });
    e.parameters[amount] = { type: 'money', value: p.amount, overridable: true, label: { it: 'Importo del bonus per contratto', en: 'Bonus amount per contract' } };
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.lineSheet, column: p.name, component: p.component };
    return e;
  },
});

export const gatedBonus = defineMetric({
  id: 'gatedBonus',
  category: 'gate',
  section: 'summary',
  label: { it: 'Premio condizionato a una soglia', en: 'Gated bonus' },
  help: {
    it: 'Paga un importo solo se una soglia KPI è superata; altrimenti zero.',
    en: 'Pays an amount only when a KPI gate passes; zero otherwise.',
  },
  params: z.object({
    name: NameSchema.default('GatedBonus'),
    summarySheet: NameSchema.default('Summary'),
    gate: NameSchema.default('Gate'),
    value: NameSchema.default('TierBonus'),
    ...payoutOptions('bonus'),
  }),
  refs: { summarySheet: 'summarySheet', gate: 'cell', value: 'cell' },
  example: { name: 'GatedBonus', gate: 'QualityGate', value: 'CappedBonus' },
  expand(p) {
    const e = withCells(emptyExpansion(), p.summarySheet, {
      [p.name]: computed(`=IF(${p.gate},${p.value},0)`, { type: 'money', role: 'bonus', label: this.label }),
    });
    if (p.payout) e.payouts[p.name] = { label: this.label, sheet: p.summarySheet, cell: p.name, component: p.component };
    return e;
  },
});

/** The metric library, in palette order. */
export const METRICS: readonly MetricDefinition[] = [
  activations,
  volume,
  efficiencyShare,
  targetAttainment,
  tierTable,
  rateByCategoryTerritory,
  kpiGate,
  kpiMultiplier,
  slaCompliance,
  firstTimeFix,
  averageInterventionTime,
  capFloor,
  spif,
  contractBonus,
  gatedBonus,
] as unknown as readonly MetricDefinition[];

export function getMetric(id: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id);
}
