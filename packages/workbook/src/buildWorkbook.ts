import ExcelJS from 'exceljs';
import { evaluate, FactSchemaSchema, parseFormula, PlanSchema, renderFormula, sumAmounts } from '@provvigo/core';
import type { FactTable, FormulaEngine, FormulaNode, Plan, RunInput, Statement } from '@provvigo/core';

/** What "download my calculation" needs: the plan, the partner and the period's facts. */
export interface CalculationInput {
  plan: Plan;
  partnerId: string;
  input: Omit<RunInput, 'plans'>;
  /**
   * Cross-checks the statement's figures (e.g. `hyperFormulaEngine({ licenseKey })` from `@provvigo/core/hyperformula`,
   * the engine that recalculates the exported formulas); this package never loads one itself.
   */
  formulaEngine?: FormulaEngine;
}

/** Where each statement line's live amount is, with the figure the engine computed for it. */
export interface WorkbookCheck {
  lineId: string;
  /** Row of the line on the Statement sheet (1-based, Excel numbering). */
  row: number;
  amount: string;
}

export interface CalculationWorkbook {
  workbook: ExcelJS.Workbook;
  statement: Statement;
  checks: WorkbookCheck[];
  /** Row of the live total on the Statement sheet. */
  totalRow: number;
}

export const STATEMENT_SHEET = 'Statement';
export const PARAMETERS_SHEET = 'Parameters';
const ROW_PROBE = '__row';

/** Column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const quote = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;
const paramName = (name: string) => `p_${name}`;
const cellName = (name: string) => `c_${name}`;
const tableSheet = (name: string) => `T_${name}`.slice(0, 31);

function partnerFacts(input: CalculationInput['input'], partnerId: string): RunInput['facts'] {
  const out: RunInput['facts'] = {};
  for (const [table, records] of Object.entries(input.facts)) {
    const col = input.factSchema.tables[table]?.partner;
    out[table] = col ? records.filter((r) => r[col] === partnerId) : records;
  }
  return out;
}

/** A fact value as a spreadsheet value, by the column's declared type. */
function cellValue(raw: unknown, type: string | undefined): ExcelJS.CellValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'number':
    case 'integer':
    case 'money':
    case 'percent':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : String(raw).toLowerCase() === 'true';
    case 'date':
      return new Date(`${String(raw).slice(0, 10)}T00:00:00Z`);
    default:
      return String(raw);
  }
}

/**
 * The plan's rounding as a spreadsheet formula. Excel has no half-even function: an exact half (after cleaning the
 * double to 9 decimals) goes to the even neighbour, anything else is ROUND.
 */
function roundFormula(ref: string, plan: Plan): string {
  const { mode, scale } = plan.rounding;
  if (mode === 'down') return `ROUNDDOWN(${ref},${scale})`;
  if (mode === 'up') return `ROUNDUP(${ref},${scale})`;
  if (mode === 'halfEven') {
    const y = `ROUND(${ref}*10^${scale},9)`;
    return `IF(ABS(${y}-TRUNC(${y}))=0.5,(TRUNC(${y})+IF(ISODD(TRUNC(${y})),SIGN(${y}),0))/10^${scale},ROUND(${ref},${scale}))`;
  }
  return `ROUND(${ref},${scale})`;
}

interface SheetLayout {
  name: string;
  /** Column letter of each fact or computed column. */
  columns: Map<string, string>;
  rows: number;
  /** Source record id → Excel row. */
  rowOf: Map<string, number>;
}

/**
 * Builds the partner's period as a workbook with live formulas: one worksheet per line sheet (the partner's records,
 * the fact columns the plan reads, and each computed column as an Excel formula on that row), the summary sheets
 * (one named cell per summary cell), the parameters (partner overrides applied), lookup tables (with a joined key
 * column for multi-key RATE lookups through INDEX/MATCH), tier tables (with cumulative bases for marginal tiers),
 * and a Statement sheet whose amounts are formulas over those cells. Recalculating it gives the statement's figures.
 */
export function buildCalculationWorkbook(c: CalculationInput): CalculationWorkbook {
  const { plan, partnerId } = c;
  // Defaults applied (system, required…), so every table reads the same way below.
  const input = { ...c.input, factSchema: FactSchemaSchema.parse(c.input.factSchema) };
  const partner = input.partners.find((p) => p.id === partnerId);
  if (!partner) throw new Error(`unknown partner ${partnerId}`);
  const facts = partnerFacts(input, partnerId);

  // The statement, from core's evaluate.
  const real = evaluate({ ...input, plans: [plan], partners: [partner], facts }, c.formulaEngine ? { formulaEngine: c.formulaEngine, verify: 'full' } : {});
  const statement = real.statements.find((s) => s.partnerId === partnerId);
  if (!statement) throw new Error(`plan ${plan.id} gives no statement for ${partnerId}`);

  // Which records are rows of each line sheet (after the plan's filter): a probe column per sheet, paid, tells us.
  const probe: Plan = PlanSchema.parse({
    ...plan,
    sheets: Object.fromEntries(
      Object.entries(plan.sheets).map(([n, s]) => [n, s.kind === 'lines' ? { ...s, columns: { ...s.columns, [ROW_PROBE]: { formula: '=1' } } } : s]),
    ),
    payouts: {
      ...plan.payouts,
      ...Object.fromEntries(
        Object.entries(plan.sheets)
          .filter(([, s]) => s.kind === 'lines')
          .map(([n]) => [`${ROW_PROBE}_${n}`, { label: 'row', sheet: n, column: ROW_PROBE, component: ROW_PROBE }]),
      ),
    },
  });
  const probed = evaluate({ ...input, plans: [probe], partners: [partner], facts }, { keepTrace: false });
  const probeLines = probed.statements.find((s) => s.partnerId === partnerId)?.lines ?? [];

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Provvigo';
  wb.calcProperties.fullCalcOnLoad = true;
  const statementWs = wb.addWorksheet(STATEMENT_SHEET);
  const paramWs = wb.addWorksheet(PARAMETERS_SHEET);

  // Parameters, partner overrides applied; each one a defined name.
  paramWs.addRow(['Parameter', 'Value', 'Overridden for partner']);
  for (const [name, p] of Object.entries(plan.parameters)) {
    const override = plan.overrides[partnerId]?.[name];
    const raw = override ?? p.value;
    const row = paramWs.addRow([name, cellValue(raw, p.type === 'boolean' ? 'boolean' : p.type === 'text' ? 'text' : p.type === 'date' ? 'date' : 'number'), override !== undefined]);
    wb.definedNames.add(`${quote(PARAMETERS_SHEET)}!$B$${row.number}`, paramName(name));
  }

  // Tables.
  const lookupRanges = new Map<string, { key: string; columns: Map<string, string> }>();
  const tierRanges = new Map<string, { from: string; rate: string; base: string; mode: string }>();
  for (const [name, t] of Object.entries(plan.tables)) {
    const ws = wb.addWorksheet(tableSheet(name));
    if (t.kind === 'lookup') {
      const cols = Object.keys(t.columns);
      ws.addRow(['key', ...cols]);
      const n = Math.max(1, t.rows.length);
      t.rows.forEach((r, i) => {
        const excelRow = i + 2;
        const keyParts = t.keys.map((k) => `${columnLetter(cols.indexOf(k) + 2)}${excelRow}`);
        ws.addRow([
          { formula: keyParts.length === 1 ? `${keyParts[0]}&""` : keyParts.join('&"|"&') },
          ...cols.map((col) => cellValue(r[col], t.columns[col]?.type)),
        ]);
      });
      const range = (letter: string) => `${quote(tableSheet(name))}!$${letter}$2:$${letter}$${n + 1}`;
      lookupRanges.set(name, { key: range('A'), columns: new Map(cols.map((col, i) => [col, range(columnLetter(i + 2))])) });
    } else {
      ws.addRow(['from', 'rate', 'base (paid in full by the bands below)']);
      t.bands.forEach((b, i) => {
        const r = i + 2;
        ws.addRow([Number(b.from), Number(b.rate), i === 0 ? 0 : { formula: `C${r - 1}+(A${r}-A${r - 1})*B${r - 1}` }]);
      });
      const last = t.bands.length + 1;
      const range = (l: string) => `${quote(tableSheet(name))}!$${l}$2:$${l}$${last}`;
      tierRanges.set(name, { from: range('A'), rate: range('B'), base: range('C'), mode: t.mode });
    }
  }

  // Line sheets: layout first (formulas may read any sheet), then cells.
  const layouts = new Map<string, SheetLayout>();
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'lines') continue;
    const table: FactTable | undefined = input.factSchema.tables[s.source];
    const read = new Set<string>();
    for (const c of Object.values(s.columns)) walkNames(c.formula, (n) => n.k === 'row' && !s.columns[n.name] && read.add(n.name));
    const factCols = Object.keys(table?.columns ?? {}).filter((col) => read.has(col));
    const columns = new Map<string, string>();
    const header = ['record', ...factCols, ...Object.keys(s.columns)];
    header.forEach((h, i) => i > 0 && columns.set(h, columnLetter(i + 1)));
    const ids = probeLines
      .filter((l) => l.payout === `${ROW_PROBE}_${name}`)
      .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
      .map((l) => l.source?.id ?? '');
    layouts.set(name, { name, columns, rows: ids.length, rowOf: new Map(ids.map((id, i) => [id, i + 2])) });
  }
  const summaryCells = new Set<string>();
  for (const s of Object.values(plan.sheets)) if (s.kind === 'summary') for (const n of Object.keys(s.cells)) summaryCells.add(n);

  const translate = (formula: string, sheet: string | undefined, row: number | undefined): string => {
    const ast = parseFormula(formula);
    const render = (root: FormulaNode): string =>
      renderFormula(root, {
        node: (n, r) => {
          switch (n.k) {
            case 'row': {
              const col = sheet ? layouts.get(sheet)?.columns.get(n.name) : undefined;
              if (!col || row === undefined) throw new Error(`[@${n.name}] has no cell in ${sheet ?? 'a summary'}`);
              return `${col}${row}`;
            }
            case 'col': {
              const lay = layouts.get(n.table);
              if (lay) {
                const col = lay.columns.get(n.name);
                if (!col) throw new Error(`${n.table}[${n.name}] has no column`);
                return `${quote(n.table)}!$${col}$2:$${col}$${Math.max(2, lay.rows + 1)}`;
              }
              const lookup = lookupRanges.get(n.table)?.columns.get(n.name);
              if (lookup) return lookup;
              throw new Error(`unknown reference ${n.table}[${n.name}]`);
            }
            case 'name':
              if (plan.parameters[n.name]) return paramName(n.name);
              if (summaryCells.has(n.name)) return cellName(n.name);
              return undefined;
            case 'call': {
              if (n.fn === 'RATE') {
                const target = n.args[0];
                if (target?.k !== 'col') return undefined;
                const t = lookupRanges.get(target.table);
                if (!t) return undefined;
                const keys = n.args.slice(1).map(r);
                const key = keys.length === 1 ? `${keys[0]}&""` : keys.map((k) => `(${k})`).join('&"|"&');
                return `INDEX(${t.columns.get(target.name)},MATCH(${key},${t.key},0))`;
              }
              if (n.fn.startsWith('TIER.')) {
                const tname = n.args[0]?.k === 'name' ? n.args[0].name : undefined;
                const t = tname ? tierRanges.get(tname) : undefined;
                if (!t) return undefined;
                const q = `(${r(n.args[1]!)})`;
                const m = `MATCH(${q},${t.from},1)`;
                if (n.fn === 'TIER.BAND') return m;
                if (n.fn === 'TIER.RATE') return `INDEX(${t.rate},${m})`;
                if (t.mode === 'retroactive') return `(${q}*INDEX(${t.rate},${m}))`;
                return `(INDEX(${t.base},${m})+(${q}-INDEX(${t.from},${m}))*INDEX(${t.rate},${m}))`;
              }
              return undefined;
            }
            default:
              return undefined;
          }
        },
      });
    return render(ast);
  };

  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'lines') continue;
    const lay = layouts.get(name)!;
    const table = input.factSchema.tables[s.source];
    const ws = wb.addWorksheet(name);
    const factCols = [...lay.columns.keys()].filter((k) => !s.columns[k]);
    ws.addRow(['record', ...lay.columns.keys()]);
    const records = new Map((facts[s.source] ?? []).map((r) => [String(r[table?.key ?? 'id']), r]));
    for (const [id, excelRow] of lay.rowOf) {
      const rec = records.get(id) ?? {};
      ws.addRow([
        id,
        ...factCols.map((col) => cellValue(rec[col], table?.columns[col]?.type)),
        ...Object.values(s.columns).map((c) => ({ formula: translate(c.formula, name, excelRow) })),
      ]);
    }
  }
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'summary') continue;
    const ws = wb.addWorksheet(name);
    ws.addRow(['cell', 'value', 'formula in the plan']);
    for (const [cell, c] of Object.entries(s.cells)) {
      const row = ws.addRow([cell, { formula: translate(c.formula, undefined, undefined) }, c.formula]);
      wb.definedNames.add(`${quote(name)}!$B$${row.number}`, cellName(cell));
    }
  }

  // The statement: each line's amount is the plan's rounding over the live cell it pays.
  statementWs.addRow([`${partner.name} (${partner.id})`, `${plan.id} v${plan.version}`, statement.period]);
  statementWs.addRow(['Line', 'Component', 'Record', 'Amount (live)', 'Engine amount']);
  const checks: WorkbookCheck[] = [];
  for (const line of statement.lines) {
    const payout = plan.payouts[line.payout]!;
    let ref: string;
    if (payout.column) {
      const lay = layouts.get(payout.sheet)!;
      const row = lay.rowOf.get(line.source?.id ?? '');
      if (row === undefined) throw new Error(`no row for ${line.id}`);
      ref = `${quote(payout.sheet)}!${lay.columns.get(payout.column)}${row}`;
    } else {
      ref = cellName(payout.cell!);
    }
    const r = statementWs.addRow([line.label, line.component, line.source?.id ?? '', { formula: roundFormula(ref, plan) }, Number(line.amount)]);
    checks.push({ lineId: line.id, row: r.number, amount: line.amount });
  }
  const first = 3;
  const last = Math.max(first, first + statement.lines.length - 1);
  const total = statementWs.addRow(['Total', '', '', { formula: statement.lines.length ? `SUM(D${first}:D${last})` : '0' }, Number(statement.total)]);
  statementWs.getColumn(1).width = 40;
  // Amounts shown with the plan's decimals (0 for a yen plan, 3 for a scale-3 plan), as the statement has them.
  const scale = plan.rounding.scale;
  const amountFormat = scale > 0 ? `#,##0.${'0'.repeat(scale)}` : '#,##0';
  statementWs.getColumn(4).numFmt = amountFormat;
  statementWs.getColumn(5).numFmt = amountFormat;
  return { workbook: wb, statement, checks, totalRow: total.number };
}

function walkNames(formula: string, visit: (n: FormulaNode) => void): void {
  const go = (n: FormulaNode) => {
    visit(n);
    if (n.k === 'call') n.args.forEach(go);
    else if (n.k === 'unary' || n.k === 'percent') go(n.arg);
    else if (n.k === 'binary') {
      go(n.left);
      go(n.right);
    }
  };
  go(parseFormula(formula));
}

/** The workbook as .xlsx bytes. */
export async function writeCalculationXlsx(c: CalculationInput): Promise<Uint8Array> {
  const { workbook } = buildCalculationWorkbook(c);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Exact sum of decimal strings (for comparing figures read back from a spreadsheet), at the inputs' own scale. */
export function sumDecimal(values: string[]): string {
  return sumAmounts(values);
}
