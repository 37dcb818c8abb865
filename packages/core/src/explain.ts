import type { Node } from './formula/ast.js';
import { formatMoney } from './moneyFormat.js';
import { parseFormula } from './formula/parse.js';
import { renderFormula } from './formula/render.js';
import { FUNCTIONS } from './formula/functions.js';
import type { StatementLine } from './schema/result.js';
import type { LineTrace, TraceBand, TraceCell } from './schema/trace.js';
import { Decimal } from './money.js';
import { labelOf, typeOf } from './explanationLabels.js';
import type { ExplanationLabels } from './explanationLabels.js';

type Locale = 'it' | 'en';

const WORDS = {
  it: {
    record: 'Record di origine',
    plan: 'Piano',
    version: 'versione',
    band: (i: number, table: string, from: string, to: string | null, rate: string, mode: string, inBand: string) =>
      `scaglione ${i} di ${table} (${to === null ? `da ${from} in su` : `da ${from} a ${to}`}), aliquota ${rate}, ${mode === 'marginal' ? 'marginale' : 'retroattivo'}: ${inBand} nello scaglione`,
    lookup: (table: string, keys: string, found: boolean) => (found ? `riga di ${table} per ${keys}` : `nessuna riga di ${table} per ${keys}`),
    gate: (name: string, passed: boolean) => `Condizione ${name}: ${passed ? 'superata' : 'non superata'}`,
    rounding: (from: string, to: string, mode: string, scale: number) =>
      `Arrotondamento: ${from} → ${to} (${MODE_IT[mode] ?? mode}, ${scale} decimali)`,
    error: 'Errore',
    mismatch: 'Attenzione: il motore di formule e il calcolo decimale esatto non coincidono; è pagato il valore esatto.',
    rows: 'righe',
    yes: 'VERO',
    no: 'FALSO',
    branch: (fn: string, taken: boolean) =>
      taken ? `${fn}: condizione vera, si applica il ramo «se vero»` : `${fn}: condizione falsa, si applica il ramo «se falso»`,
  },
  en: {
    record: 'Source record',
    plan: 'Plan',
    version: 'version',
    band: (i: number, table: string, from: string, to: string | null, rate: string, mode: string, inBand: string) =>
      `band ${i} of ${table} (${to === null ? `from ${from} up` : `from ${from} to ${to}`}), rate ${rate}, ${mode}: ${inBand} in the band`,
    lookup: (table: string, keys: string, found: boolean) => (found ? `row of ${table} for ${keys}` : `no row of ${table} for ${keys}`),
    gate: (name: string, passed: boolean) => `Gate ${name}: ${passed ? 'passed' : 'failed'}`,
    rounding: (from: string, to: string, mode: string, scale: number) => `Rounding: ${from} → ${to} (${MODE_EN[mode] ?? mode}, ${scale} decimals)`,
    error: 'Error',
    mismatch: 'Warning: the formula engine and the exact decimal calculation disagree; the exact value is paid.',
    rows: 'rows',
    yes: 'TRUE',
    no: 'FALSE',
    branch: (fn: string, taken: boolean) =>
      taken ? `${fn}: the condition is true, the "if true" branch applies` : `${fn}: the condition is false, the "if false" branch applies`,
  },
} as const;

const MODE_IT: Record<string, string> = { halfUp: 'metà per eccesso', halfEven: 'metà al pari', down: 'per difetto', up: 'per eccesso' };
const MODE_EN: Record<string, string> = { halfUp: 'half up', halfEven: 'half even', down: 'down', up: 'up' };

/** Formats a decimal (string or number) with the locale's separators, grouping thousands, keeping every digit. */
export function formatNumber(value: string | number, locale: Locale): string {
  const text = typeof value === 'number' ? String(value) : value;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int, frac] = m;
  const group = locale === 'it' ? '.' : ',';
  const dec = locale === 'it' ? ',' : '.';
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${frac ? dec + frac : ''}`;
}

/** Decimals a reader is shown of a value that is not money: the exact value is in the trace, for auditors. */
const SHOWN_DECIMALS = 6;
const SHOWN_PERCENT_DECIMALS = 2;

/** A decimal rounded half up to `places` for reading, marked "≈" when that changed it. */
function readable(value: Decimal, places: number, locale: Locale): string {
  const shown = value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  return `${shown.equals(value) ? '' : '≈ '}${formatNumber(shown.toString(), locale)}`;
}

/** A share as a percentage in the locale: 0.085 → "8,5 %" (it), "8.5%" (en); 13/14 → "≈ 92,86 %". */
export function formatShare(value: string | number, locale: Locale): string {
  const n = readable(new Decimal(String(value)).times(100), SHOWN_PERCENT_DECIMALS, locale);
  return locale === 'it' ? `${n} %` : `${n}%`;
}

function formatValue(v: unknown, locale: Locale, type?: string): string {
  if (v === null || v === undefined) return '—';
  if (type === 'percent' && (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)))) return formatShare(v, locale);
  if (typeof v === 'boolean') return v ? WORDS[locale].yes : WORDS[locale].no;
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return readable(new Decimal(String(v)), SHOWN_DECIMALS, locale);
  return String(v);
}

/** Where a trace cell's label is: `row:<sheet>.<name>` for a line sheet's column, `name:<name>` for a summary cell. */
function cellKey(cell: Pick<TraceCell, 'sheet' | 'name'>, labels: ExplanationLabels | undefined): string {
  const row = `row:${cell.sheet}.${cell.name}`;
  return labels && Object.hasOwn(labels.labels, row) ? row : `name:${cell.name}`;
}

/** A trace cell's name for the reader: the plan's label in the reader's language, else the trace's, else the name. */
export function cellLabel(cell: Pick<TraceCell, 'sheet' | 'name' | 'label'>, locale: Locale, labels?: ExplanationLabels): string {
  return labelOf(labels, cellKey(cell, labels), locale, cell.label ?? cell.name);
}

/** A band described with its table's label. */
function bandText(b: TraceBand, locale: Locale, labels: ExplanationLabels | undefined): string {
  const to = b.to === null ? null : formatNumber(b.to, locale);
  return WORDS[locale].band(b.index, labelOf(labels, `table:${b.table}`, locale, b.table), formatNumber(b.from, locale), to, formatNumber(b.rate, locale), b.mode, formatNumber(tierBandQuantity(b), locale));
}

/**
 * The formula of a cell with each reference replaced by its label and value, the way a person would write it out:
 * "Provvigione = Consumo annuo 3.200 × Tariffa 0,012". Function names in the reader's language.
 */
function substitute(cell: TraceCell, locale: Locale, cellsByName: Map<string, TraceCell>, labels: ExplanationLabels | undefined): string {
  let ast: Node;
  try {
    ast = parseFormula(cell.formula);
  } catch {
    return cell.formula;
  }
  const inputs = new Map(cell.inputs.map((i) => [i.name, i]));
  let lookupIndex = 0;
  let bandIndex = 0;
  const rowKey = (name: string) => `row:${cell.sheet}.${name}`;
  const rowLabel = (name: string) => labelOf(labels, rowKey(name), locale, cellsByName.get(name)?.label ?? name);
  const nameLabel = (name: string) => labelOf(labels, `name:${name}`, locale, cellsByName.get(name)?.label ?? name);
  return renderFormula(ast, {
    argSeparator: locale === 'it' ? ';' : ',',
    fn: (name) => fnName(name, locale),
    node: (n, render) => {
      switch (n.k) {
        case 'bool':
          return n.value ? WORDS[locale].yes : WORDS[locale].no;
        case 'row':
          return `${rowLabel(n.name)} ${formatValue(inputs.get(n.name)?.value, locale, typeOf(labels, rowKey(n.name)))}`;
        case 'name': {
          const i = inputs.get(n.name);
          return i ? `${nameLabel(n.name)} ${formatValue(i.value, locale, typeOf(labels, `name:${n.name}`))}` : labelOf(labels, `table:${n.name}`, locale, n.name);
        }
        case 'col':
          return `${labelOf(labels, `sheet:${n.table}`, locale, n.table)}: ${labelOf(labels, `row:${n.table}.${n.name}`, locale, n.name)}`;
        case 'num':
          return formatNumber(n.raw, locale);
        case 'binary':
          if (n.op === '*' || n.op === '/') {
            const sym = n.op === '*' ? ' × ' : ' ÷ ';
            const wrap = (x: Node) => (x.k === 'binary' && (x.op === '+' || x.op === '-' || x.op === '&' || ['=', '<>', '<', '>', '<=', '>='].includes(x.op)) ? `(${render(x)})` : render(x));
            return `${wrap(n.left)}${sym}${wrap(n.right)}`;
          }
          if (n.op === '+' || n.op === '-') return `${render(n.left)} ${n.op} ${render(n.right)}`;
          if (COMPARISON_SIGN.has(n.op)) return `${render(n.left)} ${COMPARISON_SIGN.get(n.op)} ${render(n.right)}`;
          return undefined;
        case 'call': {
          if (n.fn === 'RATE') {
            const l = cell.lookups?.[lookupIndex++];
            if (!l) return undefined;
            const keys = l.keys.map((k) => formatValue(k, locale)).join(', ');
            return `${labelOf(labels, `table:${l.table}`, locale, l.table)} (${keys}) ${formatValue(l.value, locale)}`;
          }
          if (n.fn.startsWith('TIER.')) {
            const b = cell.bands?.[bandIndex++];
            if (!b) return undefined;
            return `${fnName(n.fn, locale)}(${bandText(b, locale, labels)}${locale === 'it' ? ';' : ','} ${formatValue(b.quantity, locale)})`;
          }
          return undefined;
        }
        default:
          return undefined;
      }
    },
  });
}

/** Comparisons as a reader writes them, spaced: "Rispetto SLA 100 % ≥ Obiettivo SLA 90 %". */
const COMPARISON_SIGN = new Map<string, string>([['=', '='], ['<>', '≠'], ['<', '<'], ['>', '>'], ['<=', '≤'], ['>=', '≥']]);

/** A function's name in the reader's language (SE, ARROTONDA… in Italian). */
function fnName(name: string, locale: Locale): string {
  return locale === 'it' ? (FUNCTIONS[name]?.it ?? name) : name;
}

const COMPARE: Record<string, (c: number) => boolean> = { '=': (c) => c === 0, '<>': (c) => c !== 0, '<': (c) => c < 0, '>': (c) => c > 0, '<=': (c) => c <= 0, '>=': (c) => c >= 0 };

/**
 * The value of an IF condition from the values the cell read, when it can be known without the formula engine: a
 * boolean reference or literal, a comparison of numbers (exact decimals), AND/OR/NOT of those. Undefined otherwise.
 */
function conditionValue(n: Node, inputs: ReadonlyMap<string, unknown>): boolean | Decimal | string | undefined {
  // exact decimals: a value read as text stays exact; a number is taken as its shortest decimal form
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? new Decimal(String(v)) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? new Decimal(v) : undefined);
  switch (n.k) {
    case 'bool':
      return n.value;
    case 'num':
      return new Decimal(n.raw);
    case 'str':
      return n.value;
    case 'name':
    case 'row': {
      const v = inputs.get(n.name);
      return typeof v === 'boolean' ? v : (num(v) ?? (typeof v === 'string' ? v : undefined));
    }
    case 'binary': {
      const cmp = COMPARE[n.op];
      const l = conditionValue(n.left, inputs);
      const r = conditionValue(n.right, inputs);
      if (!cmp || l === undefined || r === undefined || typeof l === 'boolean' || typeof r === 'boolean') return undefined;
      // text compares for (in)equality only, ignoring case as the spreadsheet engines do
      if (typeof l === 'string' || typeof r === 'string') {
        if (typeof l !== 'string' || typeof r !== 'string' || (n.op !== '=' && n.op !== '<>')) return undefined;
        return cmp(l.toLowerCase() === r.toLowerCase() ? 0 : 1);
      }
      return cmp(l.comparedTo(r));
    }
    case 'call': {
      const args = n.args.map((a) => conditionValue(a, inputs));
      if (args.some((a) => typeof a !== 'boolean')) return undefined;
      if (n.fn === 'AND') return args.every(Boolean);
      if (n.fn === 'OR') return args.some(Boolean);
      if (n.fn === 'NOT' && args.length === 1) return !args[0];
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Which branch of each IF of a cell was taken, when the values the cell read tell it. */
function ifBranches(cell: TraceCell, locale: Locale): string[] {
  let ast: Node;
  try {
    ast = parseFormula(cell.formula);
  } catch {
    return [];
  }
  const inputs = new Map(cell.inputs.map((i) => [i.name, i.value as unknown]));
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.k === 'call') {
      if (n.fn === 'IF' && n.args[0]) {
        const c = conditionValue(n.args[0], inputs);
        if (typeof c === 'boolean') out.push(WORDS[locale].branch(fnName('IF', locale), c));
      }
      n.args.forEach(walk);
    } else if (n.k === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.k === 'unary' || n.k === 'percent') walk(n.arg);
  };
  walk(ast);
  return out;
}

/**
 * The quantity a tier band's rate applies to. The trace records the quantity the TIER function was called with; a
 * marginal table pays the band's rate only on the part above the band's start (lower bands are paid at their own
 * rates), a retroactive table pays it on all of it. `band.index` is already the band's number, counting from 1.
 */
export function tierBandQuantity(band: TraceBand): string {
  if (band.mode === 'retroactive') return band.quantity;
  return new Decimal(band.quantity).minus(band.from).toString();
}

/** One computed cell of a derivation, in the reader's words; `formula` is the technical form, for auditors. */
export interface ExplanationStep {
  sheet: string;
  name: string;
  label: string;
  /** The formula as stored (canonical, English names). */
  formula: string;
  /** The formula with labels and values in place: "Consumo annuo 3.200 × Tariffa 0,012". */
  sentence: string;
  /** The cell's result in the locale (the line's amount, as money, for its last cell). */
  value: string;
  /** Tier band hit, table rows looked up, gate passed or failed, which branch of each IF was taken. */
  notes: string[];
  /** Of the notes, which branch of each IF was taken. */
  branches: string[];
}

/** The steps of a line's derivation, one per computed cell, in the reader's language and words. */
export function explanationSteps(trace: LineTrace, locale: Locale, currency: string, labels?: ExplanationLabels): ExplanationStep[] {
  const w = WORDS[locale];
  const cellsByName = new Map(trace.cells.map((c) => [c.name, c]));
  return trace.cells.map((cell, i) => {
    const last = i === trace.cells.length - 1;
    const label = cellLabel(cell, locale, labels);
    const value = cell.error
      ? `${w.error}: ${cell.error}`
      : last && trace.amount
        ? formatMoney(trace.amount, currency, locale, trace.rounding[0]?.scale)
        : formatValue(cell.value, locale, typeOf(labels, cellKey(cell, labels)));
    const branches = ifBranches(cell, locale);
    const notes = [
      ...(cell.bands ?? []).map((b) => bandText(b, locale, labels)),
      ...(cell.lookups ?? []).map((l) => w.lookup(labelOf(labels, `table:${l.table}`, locale, l.table), l.keys.map((k) => formatValue(k, locale)).join(' × '), l.row !== null)),
      ...(cell.gate ? [w.gate(label, cell.gate === 'passed')] : []),
      ...branches,
    ];
    return { sheet: cell.sheet, name: cell.name, label, formula: cell.formula, sentence: substitute(cell, locale, cellsByName, labels), value, notes, branches };
  });
}

/** The line's source record for the reader: "Contratti C1 (salesforce)". */
export function sourceText(source: NonNullable<LineTrace['source']>, locale: Locale, labels?: ExplanationLabels): string {
  return `${labelOf(labels, `record:${source.table}`, locale, source.table)} ${source.id} (${source.system})`;
}

/**
 * Renders a line's trace as sentences, one per line of text, in Italian or English; amounts in the line's currency.
 * With `labels` (from the plan version the run calculated with), names are the plan's labels in the reader's
 * language; without, the trace's labels and technical names.
 */
export function explainTrace(trace: LineTrace, locale: Locale, currency: string, labels?: ExplanationLabels): string {
  const w = WORDS[locale];
  const out: string[] = [];
  for (const step of explanationSteps(trace, locale, currency, labels)) {
    out.push(`${step.label} = ${step.sentence} = ${step.value}`);
    for (const note of step.notes) out.push(`  ${note}`);
  }
  for (const r of trace.rounding) {
    if (r.from !== r.to) out.push(w.rounding(formatNumber(r.from, locale), formatNumber(r.to, locale), r.mode, r.scale));
  }
  if (trace.flags.includes('precision_mismatch')) out.push(w.mismatch);
  if (trace.source) out.push(`${w.record}: ${sourceText(trace.source, locale, labels)}`);
  const plan = labels && labels.plan.id === trace.plan.id ? labelOf(labels, 'plan', locale, trace.plan.id) : trace.plan.id;
  out.push(`${w.plan} ${plan} ${w.version} ${trace.plan.version} (${trace.plan.hash.slice(0, 12)})`);
  return out.join('\n');
}

/** Explains one statement line: "Provvigione = Consumo annuo 3.200 × Tariffa 0,012 = 38,40 €". */
export function explain(line: StatementLine, locale: Locale = 'it', labels?: ExplanationLabels): string {
  return explainTrace(line.trace, locale, line.currency, labels);
}
