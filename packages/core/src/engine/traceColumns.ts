/**
 * Columnar traces (issue 15 §3). The lines of one payout of one partner share everything in their trace but the
 * values: the plan, the cells shown with their formulas, labels and inputs' names. A trace group states that
 * skeleton once and keeps one array per value (per cell, per input, and the amounts and rounding), so a run builds a
 * few arrays per payout instead of some twenty objects per line, and a statement serialises to a fraction of the
 * bytes. A line's `TraceCell[]` is put together from its group only when someone reads `line.trace`
 * (see `lazyLines.ts`).
 *
 * The group is the canonical form: `TraceGroupBuilder` is the one place a group is made, whether from an evaluation's
 * values (finalise) or from traces already built as objects (statements read back, changed or made by hand), so the
 * same traces always give the same group and the same statement bytes (`statementJson.ts`).
 */
import type { RoundingMode } from '../schema/common.js';
import type { LineTrace, TraceBand, TraceCell, TraceInput, TraceLookup, TraceRounding } from '../schema/trace.js';

type Json = string | number | boolean | null;
type Source = { id: string; system: string; table: string };

/** One value per line, or `{ all }` when every line has the same primitive value (two lines or more). */
export type Column<T> = T[] | { all: T };

/**
 * A column of lists of objects (a cell's `bands` or `lookups`) as the engine writes it: each distinct list once, in the
 * order first met, and for each line its position in `distinct` (`null` for a line without one). A rate table has a
 * few hundred rows, a partner thousands of lines: written line by line, the same lookup objects were half a
 * statement's traces. Statements written before keep the plain column (one list per line), and read as they are.
 */
export interface DistinctColumn<T> {
  distinct: T[];
  index: Array<number | null>;
}

/** A cell's `bands` or `lookups`: distinct lists (written by the engine since 2026-12), or one list per line. */
export type ListColumn<T> = Column<T[] | null> | DistinctColumn<T[]>;

export interface InputColumns {
  kind: TraceInput['kind'];
  name: string;
  /** Absent when no line's input names a record of its own (`null` for the lines whose input has none). */
  source?: Column<Source | null>;
  value: Column<Json>;
  values?: Column<Json[] | null>;
}

export interface CellColumns {
  bands?: ListColumn<TraceBand>;
  error?: Column<string | null>;
  formula: string;
  gate?: Column<'passed' | 'failed' | null>;
  inputs: InputColumns[];
  label?: string;
  lookups?: ListColumn<TraceLookup>;
  name: string;
  role?: string;
  sheet: string;
  value: Column<Json>;
}

/** How every line of a group was rounded, when each is `[{ from: exactValue, to: amount, mode, scale, what }]` or `[]` for a line without an exact value. */
export interface RoundingRule {
  mode: RoundingMode;
  scale: number;
  what: string;
}

/**
 * The traces of `n` consecutive lines of a statement. Keys are in alphabetical order at every level (its JSON is
 * canonical). `amount`, `row` and `source` are absent when every trace repeats its line's own; `flags` when no
 * line has one; `formulaValue` when every line's is null.
 */
export interface TraceGroup {
  amount?: Column<string>;
  cells: CellColumns[];
  exactValue: Column<string | null>;
  flags?: Column<string[]>;
  formulaValue?: Column<string | null>;
  n: number;
  partnerId: string;
  payout: string;
  period: string;
  plan: LineTrace['plan'];
  rounding: RoundingRule | TraceRounding[][];
  row?: Column<number | null>;
  sheet: string;
  source?: Column<Source | null>;
}

/** What a group's traces share: the trace's own identity and the cells shown, without values. */
export interface TraceSkeleton {
  partnerId: string;
  payout: string;
  period: string;
  plan: LineTrace['plan'];
  sheet: string;
  cells: Array<{ formula: string; label?: string; name: string; role?: string; sheet: string; inputs: Array<{ kind: TraceInput['kind']; name: string }> }>;
}

/** The line fields a trace may repeat (`amount`, `row`, `source`): stated once, on the line. */
export interface LineOwn {
  amount: string;
  row: number | null;
  source: Source | null;
}

export function at<T>(column: Column<T>, i: number): T {
  return Array.isArray(column) ? column[i]! : column.all;
}

/** A column that is null for every line so far, filled in from its first non-null value. */
class Optional<T> {
  values: Array<T | null> | undefined;
  set(i: number, n: number, v: T | null | undefined): void {
    if (v === undefined || v === null) {
      if (this.values) this.values[i] = null;
      return;
    }
    if (!this.values) this.values = new Array<T | null>(n).fill(null);
    this.values[i] = v;
  }
}

/**
 * A `DistinctColumn` being filled in: lists equal by their JSON share one entry. The engine hands the same lookup
 * object to every row that makes the same lookup (formula/compile.ts), so an element's JSON is looked up by identity
 * before it is written; equality stays by value, so a group is the same however its traces were made.
 */
class Distinct<T extends object> {
  /** Each line's position in `distinct`: null for every line until one has a list, as any optional column. */
  readonly index = new Optional<number>();
  readonly distinct: T[][] = [];
  private readonly positions = new Map<string, number>();
  private readonly jsonByElement = new Map<T, string>();

  set(i: number, n: number, list: T[] | null | undefined): void {
    this.index.set(i, n, list === undefined || list === null ? null : this.positionOf(list));
  }

  /** The list's position in `distinct`, added at the end when no equal list is there yet. */
  private positionOf(list: T[]): number {
    const key = this.keyOf(list);
    let at = this.positions.get(key);
    if (at === undefined) {
      this.positions.set(key, (at = this.distinct.length));
      this.distinct.push(list);
    }
    return at;
  }

  /** The list's text: its one element's JSON, or each element's JSON ended by a newline (which JSON never holds). */
  private keyOf(list: T[]): string {
    if (list.length === 1) return this.jsonOf(list[0]!);
    let key = '';
    for (const element of list) key += `${this.jsonOf(element)}\n`;
    return key;
  }

  private jsonOf(element: T): string {
    let json = this.jsonByElement.get(element);
    if (json === undefined) this.jsonByElement.set(element, (json = JSON.stringify(element)));
    return json;
  }

  column(): DistinctColumn<T[]> | undefined {
    const index = this.index.values;
    return index ? { distinct: this.distinct, index } : undefined;
  }
}

/** A cell's optional values on one line. */
type CellExtra = { error?: string | undefined; gate?: 'passed' | 'failed' | undefined; bands?: TraceBand[] | undefined; lookups?: TraceLookup[] | undefined };

interface CellBuild {
  value: Json[];
  error: Optional<string>;
  gate: Optional<'passed' | 'failed'>;
  bands: Distinct<TraceBand>;
  lookups: Distinct<TraceLookup>;
  inputs: Array<{ value: Json[]; source: Optional<Source>; values: Optional<Json[]> }>;
}

/** A column of primitives all equal becomes `{ all }` (from two lines on); anything else stays an array. */
function pack<T>(values: T[]): Column<T> {
  if (values.length < 2) return values;
  const first = values[0];
  if (first !== null && typeof first === 'object') return values;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return values;
  return { all: first as T };
}

const sameSource = (a: Source | null, b: Source | null): boolean => a === b || (a !== null && b !== null && a.id === b.id && a.system === b.system && a.table === b.table);

/**
 * Gathers the traces of `n` lines sharing one skeleton, line by line (`line`, then the per-cell setters), and makes
 * their group. Optional values (a cell's error, gate, bands, lookups; an input's source and values) are set only for
 * the lines that have them.
 */
export class TraceGroupBuilder {
  readonly skeleton: TraceSkeleton;
  readonly n: number;
  private readonly cells: CellBuild[];
  private readonly exactValue: Array<string | null>;
  private readonly formulaValue: Array<string | null>;
  private readonly flags: string[][];
  private readonly ownAmount: string[];
  private readonly ownRow: Array<number | null>;
  private readonly ownSource: Array<Source | null>;
  private readonly amount: string[];
  private readonly row: Array<number | null>;
  private readonly source: Array<Source | null>;
  private readonly rounding: Array<TraceRounding[] | undefined>;
  private rule: RoundingRule | undefined;
  private built: { group: TraceGroup; key: string } | undefined;

  /** `rule`: how every line is rounded, when the caller knows (then `line` takes no rounding). */
  constructor(skeleton: TraceSkeleton, n: number, rule?: RoundingRule) {
    this.skeleton = skeleton;
    this.n = n;
    this.rule = rule;
    this.cells = skeleton.cells.map((c) => ({
      value: new Array<Json>(n),
      error: new Optional(),
      gate: new Optional(),
      bands: new Distinct(),
      lookups: new Distinct(),
      inputs: c.inputs.map(() => ({ value: new Array<Json>(n), source: new Optional(), values: new Optional() })),
    }));
    this.exactValue = new Array(n);
    this.formulaValue = new Array(n);
    this.flags = new Array(n);
    this.ownAmount = new Array(n);
    this.ownRow = new Array(n);
    this.ownSource = new Array(n);
    this.amount = new Array(n);
    this.row = new Array(n);
    this.source = new Array(n);
    this.rounding = new Array(n);
  }

  /** Line `i`'s own fields and its trace's line-level values (`rounding` only without a rule). */
  line(i: number, own: LineOwn, t: { amount: string; exactValue: string | null; flags: string[]; formulaValue: string | null; row: number | null; source: Source | null; rounding?: TraceRounding[] }): void {
    this.ownAmount[i] = own.amount;
    this.ownRow[i] = own.row;
    this.ownSource[i] = own.source;
    this.amount[i] = t.amount;
    this.exactValue[i] = t.exactValue;
    this.flags[i] = t.flags;
    this.formulaValue[i] = t.formulaValue;
    this.row[i] = t.row;
    this.source[i] = t.source;
    this.rounding[i] = t.rounding;
  }

  /**
   * `line` for a line whose trace repeats its own amount, row and source (every line the engine makes), with no
   * object made for it: a run calls this once per line.
   */
  engineLine(i: number, amount: string, row: number | null, source: Source | null, exactValue: string | null, flags: string[], formulaValue: string | null): void {
    this.ownAmount[i] = this.amount[i] = amount;
    this.ownRow[i] = this.row[i] = row;
    this.ownSource[i] = this.source[i] = source;
    this.exactValue[i] = exactValue;
    this.flags[i] = flags;
    this.formulaValue[i] = formulaValue;
  }

  cell(i: number, c: number, value: Json, extra?: CellExtra): void {
    this.cells[c]!.value[i] = value;
    this.cellExtra(i, c, extra);
  }

  /** Line `i`'s optional values of cell `c` (a line without any needs no call: they are null until set). */
  cellExtra(i: number, c: number, extra: CellExtra | undefined): void {
    const cell = this.cells[c]!;
    cell.error.set(i, this.n, extra?.error);
    cell.gate.set(i, this.n, extra?.gate);
    cell.bands.set(i, this.n, extra?.bands);
    cell.lookups.set(i, this.n, extra?.lookups);
  }

  /**
   * Every line's value of cell `c` at once (`values[i]` line i's), instead of `cell` line by line. The list is kept
   * as given, not copied: the caller must not change it afterwards.
   */
  cellValues(c: number, values: Json[]): void {
    this.cells[c]!.value = values;
  }

  /** Every line's value of input `k` of cell `c` at once, kept as given like `cellValues`'s. */
  inputValues(c: number, k: number, values: Json[]): void {
    this.cells[c]!.inputs[k]!.value = values;
  }

  /** The whole column input `k` of cell `c` stands for on line `i` (kept as given, like `cellValues`'s list). */
  inputWhole(i: number, c: number, k: number, values: Json[]): void {
    this.cells[c]!.inputs[k]!.values.set(i, this.n, values);
  }

  input(i: number, c: number, k: number, value: Json, values?: Json[], source?: Source): void {
    const input = this.cells[c]!.inputs[k]!;
    input.value[i] = value;
    input.source.set(i, this.n, source);
    input.values.set(i, this.n, values);
  }

  /** Sets line `i` from a trace built as objects (its skeleton must be this builder's). */
  trace(i: number, own: LineOwn, t: LineTrace): void {
    this.line(i, own, t);
    t.cells.forEach((cell, c) => {
      this.cell(i, c, cell.value, cell);
      cell.inputs.forEach((input, k) => this.input(i, c, k, input.value, input.values, input.source));
    });
  }

  /** The group (made once) and its skeleton's key: groups with equal keys hold traces of the same shape. */
  finish(): { group: TraceGroup; key: string } {
    this.built ??= { group: this.make(), key: skeletonKey(this.skeleton) };
    return this.built;
  }

  private make(): TraceGroup {
    const s = this.skeleton;
    const n = this.n;
    const cells: CellColumns[] = s.cells.map((def, c) => {
      const b = this.cells[c]!;
      const out = {} as CellColumns;
      // Keys in alphabetical order, optional ones only when some line has a value.
      const bands = b.bands.column();
      if (bands) out.bands = bands;
      if (b.error.values) out.error = pack(b.error.values);
      out.formula = def.formula;
      if (b.gate.values) out.gate = pack(b.gate.values);
      out.inputs = def.inputs.map((d, k) => {
        const ib = b.inputs[k]!;
        const input = { kind: d.kind, name: d.name } as InputColumns;
        if (ib.source.values) input.source = ib.source.values;
        input.value = pack(ib.value);
        if (ib.values.values) input.values = ib.values.values;
        return input;
      });
      if (def.label !== undefined) out.label = def.label;
      const lookups = b.lookups.column();
      if (lookups) out.lookups = lookups;
      out.name = def.name;
      if (def.role !== undefined) out.role = def.role;
      out.sheet = def.sheet;
      out.value = pack(b.value);
      return out;
    });
    const group = {} as TraceGroup;
    let sameAmount = true;
    let sameRow = true;
    let sameSourceAll = true;
    for (let i = 0; i < n; i++) {
      if (this.amount[i] !== this.ownAmount[i]) sameAmount = false;
      if (this.row[i] !== this.ownRow[i]) sameRow = false;
      if (!sameSource(this.source[i]!, this.ownSource[i]!)) sameSourceAll = false;
    }
    if (!sameAmount) group.amount = pack(this.amount);
    group.cells = cells;
    group.exactValue = pack(this.exactValue);
    if (this.flags.some((f) => f.length > 0)) group.flags = this.flags;
    if (this.formulaValue.some((v) => v !== null)) group.formulaValue = pack(this.formulaValue);
    group.n = n;
    group.partnerId = s.partnerId;
    group.payout = s.payout;
    group.period = s.period;
    group.plan = { hash: s.plan.hash, id: s.plan.id, version: s.plan.version };
    group.rounding = this.roundingColumn();
    if (!sameRow) group.row = pack(this.row);
    group.sheet = s.sheet;
    if (!sameSourceAll) group.source = this.source;
    return group;
  }

  /** The rule when every line follows one (and some line was rounded), else each line's rounding as given. */
  private roundingColumn(): RoundingRule | TraceRounding[][] {
    const rule = this.rule ?? this.ruleFromLines();
    const anyRounded = this.exactValue.some((v) => v !== null);
    if (rule && anyRounded) return { mode: rule.mode, scale: rule.scale, what: rule.what };
    // Without a rule, each line's own (a builder given a rule and no rounded line: every line's is empty). An index
    // loop, not `map`: a line set by `engineLine` leaves its rounding a hole, which `map` would skip and keep.
    const out = new Array<TraceRounding[]>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.rounding[i] ?? roundedBy(rule!, this.exactValue[i]!, this.amount[i]!);
    return out;
  }

  private ruleFromLines(): RoundingRule | undefined {
    const first = this.rounding.find((r) => r !== undefined && r.length > 0)?.[0];
    if (!first) return undefined;
    const rule = { mode: first.mode, scale: first.scale, what: first.what };
    for (let i = 0; i < this.n; i++) {
      const r = this.rounding[i] ?? [];
      const e = this.exactValue[i]!;
      if (e === null ? r.length !== 0 : r.length !== 1 || !sameRounding(r[0]!, rule, e, this.amount[i]!)) return undefined;
    }
    return rule;
  }
}

function sameRounding(r: TraceRounding, rule: RoundingRule, from: string, to: string): boolean {
  // Every key of the object, so a rounding with anything more is kept as given rather than lost.
  return Object.keys(r).length === 5 && r.from === from && r.to === to && r.mode === rule.mode && r.scale === rule.scale && r.what === rule.what;
}

/** A line's rounding under a rule: once, from the exact value to the amount; nothing without an exact value. */
function roundedBy(rule: RoundingRule, exactValue: string | null, amount: string): TraceRounding[] {
  return exactValue === null ? [] : [{ from: exactValue, mode: rule.mode, scale: rule.scale, to: amount, what: rule.what }];
}

/** A stable text for a skeleton: two lines' traces go in one group exactly when their keys are equal. */
export function skeletonKey(s: TraceSkeleton): string {
  return JSON.stringify([
    s.partnerId,
    s.payout,
    s.period,
    s.plan.hash,
    s.plan.id,
    s.plan.version,
    s.sheet,
    s.cells.map((c) => [c.formula, c.label ?? null, c.label === undefined, c.name, c.role ?? null, c.role === undefined, c.sheet, c.inputs.map((i) => [i.kind, i.name])]),
  ]);
}

/** What a trace built as objects and a group (read back from a statement's JSON) both carry: their skeleton. */
type Skeletal = Omit<TraceSkeleton, 'cells'> & { cells: ReadonlyArray<TraceSkeleton['cells'][number]> };

/** The skeleton of a trace built as objects, or of a group: the same fields, values left out. */
export function skeletonOf(t: Skeletal): TraceSkeleton {
  return {
    partnerId: t.partnerId,
    payout: t.payout,
    period: t.period,
    plan: t.plan,
    sheet: t.sheet,
    cells: t.cells.map((c) => ({
      formula: c.formula,
      ...(c.label !== undefined ? { label: c.label } : {}),
      name: c.name,
      ...(c.role !== undefined ? { role: c.role } : {}),
      sheet: c.sheet,
      inputs: c.inputs.map((i) => ({ kind: i.kind, name: i.name })),
    })),
  };
}

function optional<T>(column: Column<T | null> | undefined, i: number): T | undefined {
  if (column === undefined) return undefined;
  const v = at(column, i);
  return v === null ? undefined : v;
}

/**
 * Line `i`'s list from a list column. A distinct list is shared by many lines, so each line gets its own copy: a
 * trace read and changed must not change the others'.
 */
function listAt<T extends object>(column: ListColumn<T> | undefined, i: number): T[] | undefined {
  if (column === undefined || Array.isArray(column) || !('distinct' in column)) return optional(column, i);
  const k = column.index[i];
  return k === null || k === undefined ? undefined : (structuredClone(column.distinct[k]) as T[]);
}

/** Line `i`'s trace, built as objects from its group (keys in alphabetical order, as a statement's JSON needs). */
export function traceAt(g: TraceGroup, i: number, own: LineOwn): LineTrace {
  const cells = g.cells.map((c): TraceCell => {
    const out = {} as TraceCell;
    const bands = listAt(c.bands, i);
    if (bands) out.bands = bands;
    const error = optional(c.error, i);
    if (error !== undefined) out.error = error;
    out.formula = c.formula;
    const gate = optional(c.gate, i);
    if (gate) out.gate = gate;
    out.inputs = c.inputs.map((input) => {
      const t = { kind: input.kind, name: input.name } as TraceInput;
      const source = optional(input.source, i);
      if (source) t.source = source;
      t.value = at(input.value, i);
      const values = optional(input.values, i);
      if (values) t.values = values;
      return t;
    });
    if (c.label !== undefined) out.label = c.label;
    const lookups = listAt(c.lookups, i);
    if (lookups) out.lookups = lookups;
    out.name = c.name;
    if (c.role !== undefined) out.role = c.role;
    out.sheet = c.sheet;
    out.value = at(c.value, i);
    return out;
  });
  const amount = g.amount ? at(g.amount, i) : own.amount;
  const exactValue = at(g.exactValue, i);
  return {
    amount,
    cells,
    exactValue,
    // a copy: the engine gives every line without a flag one shared empty list
    flags: g.flags ? [...at(g.flags, i)] : [],
    formulaValue: g.formulaValue ? at(g.formulaValue, i) : null,
    partnerId: g.partnerId,
    payout: g.payout,
    period: g.period,
    plan: g.plan,
    rounding: Array.isArray(g.rounding) ? g.rounding[i]! : roundedBy(g.rounding, exactValue, amount),
    row: g.row ? at(g.row, i) : own.row,
    sheet: g.sheet,
    source: g.source ? at(g.source, i) : own.source,
  };
}
