/**
 * A statement's canonical JSON (issue 15 §3): the statement as its type says, but its lines as columns in `lines`
 * (`lineColumns.ts`, without their traces) and the traces as columns in `traces` — one group per run of lines whose
 * traces share a skeleton (`traceColumns.ts`), in line order. Its SHA-256 is the statement's digest
 * (`statementDigest`), the run's output hash is built on those, and it is what a run hands to its sink and what
 * `provvigo run` writes to statements.json. `readStatement` turns it back into a `Statement` whose lines build their
 * trace on first read; it also reads the two forms written before (lines as objects, with or without `traces`).
 * Since 2026-12-06 a line's id is left out where its plan, payout and record give it (`lineId.ts`), and a trace
 * group's column that repeats one before it is written as a reference to it (`sameColumns.ts`); statements written
 * before, with every id and column in full, read as they are.
 */
import type { z } from 'zod';
import { RecordColumnsSchema } from '../schema/recordColumns.js';
import type { Statement, StatementLine } from '../schema/result.js';
import { TraceGroupsSchema } from '../schema/traceGroup.js';
import { recordColumns, recordsFrom, type RecordColumns } from './lineColumns.js';
import { traceRef, withLazyTrace, type TraceRef } from './lazyLines.js';
import { LINE_ID } from './lineId.js';
import { resolveSameColumns, withSameColumns, type TraceGroupJson } from './sameColumns.js';
import { skeletonKey, skeletonOf, traceAt, TraceGroupBuilder, type TraceGroup } from './traceColumns.js';

/** The fields of a line its JSON leaves out when its other fields give them: its id. */
const LINE_DERIVATIONS = [LINE_ID];

/** A line without its trace; every other key kept as it is (in the line's order, alphabetical for core's lines). */
function withoutTrace(line: StatementLine): Omit<StatementLine, 'trace'> {
  // Keys are listed, never read, so a trace not yet built stays in its group (a rest pattern may read it).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(line)) if (key !== 'trace') out[key] = (line as Record<string, unknown>)[key];
  return out as Omit<StatementLine, 'trace'>;
}

/**
 * The trace groups of a statement's lines: a group made during the run is reused as it is when its lines are intact.
 * `refs[i]` is where line i's trace still is (undefined once read, or for a line built as an object).
 */
function traceGroups(lines: ReadonlyArray<Omit<StatementLine, 'trace'>>, refs: ReadonlyArray<TraceRef | undefined>): TraceGroupJson[] {
  const traceOf = (i: number) => {
    const ref = refs[i];
    return ref ? traceAt(ref.source.group(), ref.i, lines[i]!) : (lines[i] as StatementLine).trace;
  };
  const keys = lines.map((_, i) => refs[i]?.source.key() ?? skeletonKey(skeletonOf(traceOf(i))));
  const groups: TraceGroupJson[] = [];
  for (let start = 0; start < lines.length; ) {
    let end = start + 1;
    while (end < lines.length && keys[end] === keys[start]) end++;
    groups.push(withSameColumns(wholeGroup(refs, start, end) ?? buildGroup(lines, start, end, traceOf)));
    start = end;
  }
  return groups;
}

/** The group of lines start..end when they are exactly one group's lines, in order, none read and changed. */
function wholeGroup(refs: ReadonlyArray<TraceRef | undefined>, start: number, end: number): TraceGroup | undefined {
  const first = refs[start];
  if (!first || first.source.n !== end - start) return undefined;
  for (let i = start; i < end; i++) if (refs[i]?.source !== first.source || refs[i]!.i !== i - start) return undefined;
  return first.source.group();
}

/** The group of lines start..end built from their traces (lines from several groups, or traces read and changed). */
function buildGroup(lines: ReadonlyArray<Omit<StatementLine, 'trace'>>, start: number, end: number, traceOf: (i: number) => StatementLine['trace']): TraceGroup {
  const b = new TraceGroupBuilder(skeletonOf(traceOf(start)), end - start);
  for (let i = start; i < end; i++) b.trace(i - start, lines[i]!, traceOf(i));
  return b.finish().group;
}

/**
 * A statement as the store keeps it, as objects: its lines without traces, then `traces`. `statementJson` writes it with
 * the lines as columns too.
 */
export interface StatementColumns {
  [key: string]: unknown;
  lines: Array<Omit<StatementLine, 'trace'>>;
  traces: TraceGroupJson[];
}

/** The statement as `statementJson` writes it, before serialising (the store keeps the two parts in their own tables). */
export function statementColumns(statement: Statement): StatementColumns {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(statement)) {
    const v = (statement as Record<string, unknown>)[key];
    out[key] = key === 'lines' ? statement.lines.map(withoutTrace) : v;
  }
  out['traces'] = traceGroups(statement.lines, statement.lines.map(traceRef));
  return out as StatementColumns;
}

/** The statement's canonical JSON: the bytes its digest is computed over. */
export function statementJson(statement: Statement): string {
  const c = statementColumns(statement);
  return JSON.stringify({ ...c, lines: recordColumns(c.lines, LINE_DERIVATIONS) });
}

/**
 * The canonical JSON of a statement the engine has just made, whose lines have no `trace` yet (`refs[i]` is line i's):
 * the same bytes as `statementJson` once the traces are attached, written without copying each line to leave its
 * trace out (that copy was 4–6 % of a run).
 */
export function freshStatementJson(statement: Statement, refs: readonly TraceRef[]): string {
  return JSON.stringify({ ...statement, lines: recordColumns(statement.lines, LINE_DERIVATIONS), traces: traceGroups(statement.lines, refs) });
}

/** The first problem zod found, as `statement of P: where: what`. */
function invalid(partnerId: unknown, where: string, error: z.ZodError): Error {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return new Error(`[provvigo] statement of ${String(partnerId)}: ${where}${path}: ${issue.message}`);
}

/** The lines of a statement read back: as they are (written as objects), or from their columns (checked first). */
function linesOf(value: { partnerId?: unknown; lines?: unknown; traces?: unknown }): unknown[] {
  if (Array.isArray(value.lines)) return value.lines;
  if (value.lines === null || typeof value.lines !== 'object') throw new Error('[provvigo] not a statement: it has no lines');
  if (value.traces === undefined) throw new Error(`[provvigo] statement of ${String(value.partnerId)}: its lines are columns but it has no traces`);
  const checked = RecordColumnsSchema.safeParse(value.lines);
  if (!checked.success) throw invalid(value.partnerId, 'lines', checked.error);
  try {
    return recordsFrom(checked.data as RecordColumns, 'lines', LINE_DERIVATIONS);
  } catch (e) {
    throw new Error(`[provvigo] statement of ${String(value.partnerId)}: ${(e as Error).message}`);
  }
}

/**
 * A statement from its canonical JSON (text or parsed), its lines' traces built on first read. A statement written
 * before its lines were columns (lines as objects, traces as columns) is read too, and one written with traces on its
 * lines (before traces were columns) is returned as it is.
 */
export function readStatement(json: string | object): Statement {
  const value = (typeof json === 'string' ? JSON.parse(json) : json) as Statement & { traces?: TraceGroupJson[] };
  if (value === null || typeof value !== 'object') throw new Error('[provvigo] not a statement: it has no lines');
  value.lines = linesOf(value) as StatementLine[];
  const groups = value.traces;
  if (groups === undefined) return value;
  const checked = TraceGroupsSchema.safeParse(groups);
  if (!checked.success) throw invalid(value.partnerId, 'traces', checked.error);
  const total = groups.reduce((n, g) => n + g.n, 0);
  if (total !== value.lines.length) throw new Error(`[provvigo] statement of ${value.partnerId}: its trace groups hold ${total} trace(s) for ${value.lines.length} line(s)`);
  delete value.traces;
  let line = 0;
  for (const group of groups.map(resolveSameColumns)) {
    let key: string | undefined;
    const source = { group: () => group, key: () => (key ??= skeletonKey(skeletonOf(group))), n: group.n };
    for (let i = 0; i < group.n; i++, line++) withLazyTrace(value.lines[line]!, { source, i });
  }
  return value;
}
