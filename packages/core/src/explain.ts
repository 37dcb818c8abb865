import type { Node } from './formula/ast.js';
import { formatMoney } from './moneyFormat.js';
import { parseFormula } from './formula/parse.js';
import { renderFormula } from './formula/render.js';
import { FUNCTIONS } from './formula/functions.js';
import type { StatementLine } from './schema/result.js';
import type { LineTrace, TraceBand, TraceCell } from './schema/trace.js';
import { Decimal } from './money.js';

type Locale = 'it' | 'en';

const WORDS = {
  it: {
    record: 'Record',
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
    record: 'Record',
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

function formatValue(v: unknown, locale: Locale): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? WORDS[locale].yes : WORDS[locale].no;
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return formatNumber(String(v), locale);
  return String(v);
}

/** The formula of a cell with each reference replaced by its name and value, the way a person would write it out. */
function substitute(cell: TraceCell, locale: Locale, cellsByName: Map<string, TraceCell>): string {
  let ast: Node;
  try {
    ast = parseFormula(cell.formula);
  } catch {
    return cell.formula;
  }
  const inputs = new Map(cell.inputs.map((i) => [i.name, i]));
  let lookupIndex = 0;
  let bandIndex = 0;
  const label = (name: string) => cellsByName.get(name)?.label ?? name;
  const text = renderFormula(ast, {
    argSeparator: locale === 'it' ? ';' : ',',
    fn: (name) => fnName(name, locale),
    node: (n, render) => {
      switch (n.k) {
        case 'bool':
          return n.value ? WORDS[locale].yes : WORDS[locale].no;
        case 'row': {
          const i = inputs.get(n.name);
          return `${label(n.name)} ${formatValue(i?.value, locale)}`;
        }
        case 'name': {
          const i = inputs.get(n.name);
          return i ? `${label(n.name)} ${formatValue(i.value, locale)}` : n.name;
        }
        case 'col':
          return `${n.table}[${n.name}]`;
        case 'num':
          return formatNumber(n.raw, locale);
        case 'binary':
          if (n.op === '*' || n.op === '/') {
            const sym = n.op === '*' ? ' × ' : ' ÷ ';
            const wrap = (x: Node) => (x.k === 'binary' && (x.op === '+' || x.op === '-' || x.op === '&' || ['=', '<>', '<', '>', '<=', '>='].includes(x.op)) ? `(${render(x)})` : render(x));
            return `${wrap(n.left)}${sym}${wrap(n.right)}`;
          }
          if (n.op === '+' || n.op === '-') return `${render(n.left)} ${n.op} ${render(n.right)}`;
          return undefined;
        case 'call': {
          if (n.fn === 'RATE') {
            const l = cell.lookups?.[lookupIndex++];
            if (!l) return undefined;
            const ref = n.args[0];
            const col = ref && ref.k === 'col' ? ref.name.toLowerCase() : 'rate';
            const keys = l.keys.map((k) => formatValue(k, locale)).join(', ');
            return `${col} ${formatValue(l.value, locale)} (${keys})`;
          }
          if (n.fn.startsWith('TIER.')) {
            const b = cell.bands?.[bandIndex++];
            if (!b) return undefined;
            return `${fnName(n.fn, locale)}(${WORDS[locale].band(b.index, b.table, formatNumber(b.from, locale), b.to === null ? null : formatNumber(b.to, locale), formatNumber(b.rate, locale), b.mode, formatNumber(tierBandQuantity(b), locale))}; ${formatValue(b.quantity, locale)})`;
          }
          return undefined;
        }
        default:
          return undefined;
      }
    },
  });
  return text;
}

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

/** Renders a line's trace as sentences, one per line of text, in Italian or English; amounts in the line's currency. */
export function explainTrace(trace: LineTrace, locale: Locale, currency: string): string {
  const w = WORDS[locale];
  const out: string[] = [];
  const cellsByName = new Map(trace.cells.map((c) => [c.name, c]));
  trace.cells.forEach((cell, i) => {
    const last = i === trace.cells.length - 1;
    const name = cell.label ?? cell.name;
    const value = cell.error
      ? `${w.error}: ${cell.error}`
      : last && trace.amount
        ? formatMoney(trace.amount, currency, locale, trace.rounding[0]?.scale)
        : formatValue(cell.value, locale);
    out.push(`${name} = ${substitute(cell, locale, cellsByName)} = ${value}`);
    for (const b of cell.bands ?? []) out.push(`  ${w.band(b.index, b.table, formatNumber(b.from, locale), b.to === null ? null : formatNumber(b.to, locale), formatNumber(b.rate, locale), b.mode, formatNumber(tierBandQuantity(b), locale))}`);
    for (const l of cell.lookups ?? []) out.push(`  ${w.lookup(l.table, l.keys.map((k) => formatValue(k, locale)).join(' × '), l.row !== null)}`);
    if (cell.gate) out.push(`  ${w.gate(name, cell.gate === 'passed')}`);
    for (const b of ifBranches(cell, locale)) out.push(`  ${b}`);
  });
  for (const r of trace.rounding) {
    if (r.from !== r.to) out.push(w.rounding(formatNumber(r.from, locale), formatNumber(r.to, locale), r.mode, r.scale));
  }
  if (trace.flags.includes('precision_mismatch')) out.push(w.mismatch);
  if (trace.source) out.push(`${w.record}: ${trace.source.table}/${trace.source.id} (${trace.source.system})`);
  out.push(`${w.plan} ${trace.plan.id} ${w.version} ${trace.plan.version} (${trace.plan.hash.slice(0, 12)})`);
  return out.join('\n');
}

/** Explains one statement line: "Provvigione = kWh 3.200 × tariffa 0,012 (Lombardia, Luce Casa) = 38,40 €". */
export function explain(line: StatementLine, locale: Locale = 'it'): string {
  return explainTrace(line.trace, locale, line.currency);
}
