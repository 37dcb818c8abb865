import type { UiLocale } from './i18n.js';

/**
 * The words for the parameters of core's metric library, so the metric form shows "Categoria" rather than the
 * technical key `category`. A parameter of a metric added later without a word here shows its key.
 */
const LABELS: Record<string, { it: string; en: string }> = {
  name: { it: 'Nome della colonna o cella', en: 'Column or cell name' },
  lineSheet: { it: 'Foglio delle righe', en: 'Line sheet' },
  source: { it: 'Tabella dei dati', en: 'Data table' },
  summarySheet: { it: 'Foglio di riepilogo', en: 'Summary sheet' },
  statusColumn: { it: 'Colonna dello stato', en: 'Status column' },
  activeValue: { it: 'Valore che conta', en: 'Value that counts' },
  unit: { it: 'Unità', en: 'Unit' },
  quantityColumn: { it: 'Colonna della quantità', en: 'Quantity column' },
  commodityColumn: { it: 'Colonna della fornitura', en: 'Commodity column' },
  commodity: { it: 'Fornitura', en: 'Commodity' },
  flagColumn: { it: 'Colonna del contrassegno', en: 'Flag column' },
  actual: { it: 'Valore raggiunto (cella)', en: 'Achieved value (cell)' },
  target: { it: 'Obiettivo (parametro)', en: 'Target (parameter)' },
  targetValue: { it: 'Valore dell’obiettivo', en: 'Target value' },
  table: { it: 'Tabella', en: 'Table' },
  mode: { it: 'Modalità', en: 'Mode' },
  quantity: { it: 'Quantità (cella)', en: 'Quantity (cell)' },
  bands: { it: 'Scaglioni', en: 'Bands' },
  payout: { it: 'Si paga', en: 'Paid out' },
  component: { it: 'Voce dell’estratto conto', en: 'Statement component' },
  categoryColumn: { it: 'Colonna della categoria', en: 'Category column' },
  territoryColumn: { it: 'Colonna del territorio', en: 'Territory column' },
  basisColumn: { it: 'Colonna della base (tariffa per unità)', en: 'Basis column (rate per unit)' },
  rows: { it: 'Righe', en: 'Rows' },
  kpi: { it: 'Indicatore (cella)', en: 'Indicator (cell)' },
  comparator: { it: 'Confronto', en: 'Comparison' },
  threshold: { it: 'Soglia (parametro)', en: 'Threshold (parameter)' },
  thresholdValue: { it: 'Valore della soglia', en: 'Threshold value' },
  applyTo: { it: 'Si applica a (cella)', en: 'Applies to (cell)' },
  durationColumn: { it: 'Colonna della durata', en: 'Duration column' },
  slaColumn: { it: 'Colonna dello SLA', en: 'SLA column' },
  value: { it: 'Importo (cella)', en: 'Amount (cell)' },
  cap: { it: 'Tetto (parametro)', en: 'Cap (parameter)' },
  capValue: { it: 'Valore del tetto', en: 'Cap value' },
  floor: { it: 'Minimo (parametro)', en: 'Floor (parameter)' },
  floorValue: { it: 'Valore del minimo', en: 'Floor value' },
  productColumn: { it: 'Colonna del prodotto', en: 'Product column' },
  product: { it: 'Prodotto', en: 'Product' },
  minCount: { it: 'Numero minimo di contratti', en: 'Minimum number of contracts' },
  amount: { it: 'Importo', en: 'Amount' },
  category: { it: 'Categoria', en: 'Category' },
  dateColumn: { it: 'Colonna della data', en: 'Date column' },
  fromDay: { it: 'Dal giorno del mese', en: 'From day of the month' },
  toDay: { it: 'Al giorno del mese', en: 'To day of the month' },
  gate: { it: 'Soglia (cella)', en: 'Gate (cell)' },
};

/** The reader's word for a metric parameter; its key when there is none. */
export function metricParamLabel(param: string, locale: UiLocale): string {
  return LABELS[param]?.[locale] ?? param;
}
