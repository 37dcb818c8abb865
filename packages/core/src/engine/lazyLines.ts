/**
 * Statement lines whose `trace` is put together from its trace group on first read (issue 15 §3). To readers the
 * line is a plain `StatementLine`: `trace` is an own, enumerable property, so `JSON.stringify`, spreading,
 * `structuredClone` and zod all see it (reading it through them builds it). Once built it is cached as an ordinary
 * data property, and the line no longer points at its group: what was read may be changed like any object, and the
 * statement's JSON then serialises the trace as changed (`statementJson.ts`).
 */
import type { StatementLine } from '../schema/result.js';
import { traceAt, type TraceGroup } from './traceColumns.js';

/** Where a line's trace comes from while it has not been read: its group (made when its payout is done) and index. */
export interface TraceRef {
  source: { group(): TraceGroup; key(): string; n: number };
  i: number;
}

const REF: unique symbol = Symbol('provvigo.traceRef');

type Lazy = StatementLine & { [REF]?: TraceRef | undefined };

function settle(line: Lazy, trace: StatementLine['trace']): void {
  Object.defineProperty(line, 'trace', { value: trace, writable: true, enumerable: true, configurable: true });
  line[REF] = undefined;
}

// One getter and setter for every line, so lines keep sharing their hidden class.
const LAZY: PropertyDescriptor = {
  get(this: Lazy) {
    const ref = this[REF]!;
    const trace = traceAt(ref.source.group(), ref.i, this);
    settle(this, trace);
    return trace;
  },
  set(this: Lazy, trace: StatementLine['trace']) {
    settle(this, trace);
  },
  enumerable: true,
  configurable: true,
};

/** Gives `line` (without its `trace` yet) a trace read from `ref` when first asked for. */
export function withLazyTrace(line: Omit<StatementLine, 'trace'>, ref: TraceRef): StatementLine {
  const lazy = line as Lazy;
  // Not enumerable: equality checks, spreading and copies see a plain line.
  Object.defineProperty(lazy, REF, { value: ref, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(lazy, 'trace', LAZY);
  return lazy;
}

/** Gives each line made by the engine (`finaliseUnit`) its trace, read on first use from `refs[i]`. */
export function attachTraces(lines: ReadonlyArray<Omit<StatementLine, 'trace'>>, refs: readonly TraceRef[]): void {
  for (let i = 0; i < lines.length; i++) withLazyTrace(lines[i]!, refs[i]!);
}

/** The group a line's trace is still in, or undefined once the trace was read (or for a line built as an object). */
export function traceRef(line: StatementLine): TraceRef | undefined {
  return (line as Lazy)[REF];
}
