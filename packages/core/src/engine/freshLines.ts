/**
 * EXPERIMENT (2026-12-06, not on main): a statement's lines as the engine makes them, one array per field that
 * changes from line to line and what a payout's lines share once per payout, never one object per line. The
 * statement's canonical JSON is written straight from these columns (`columns()`); the lines become objects only when
 * someone reads `statement.lines` (`lazyStatementLines`). Measured against main with `bench:compare`: no gain beyond
 * noise, so main keeps line objects (bench/README.md, "Where issue 15 stands").
 *
 * `columns()` gives exactly what `recordColumns` gives for the same lines made as objects: every line has all fourteen
 * fields, none undefined, so they are one run with these keys (the property test in compile.prop.test.ts holds the
 * streamed JSON equal to `statementJson` of the statement).
 */
import type { Issue } from '../schema/issue.js';
import type { Statement, StatementLine } from '../schema/result.js';
import { withLazyTrace, type TraceRef } from './lazyLines.js';
import { encodeColumn, type RecordColumns } from './lineColumns.js';

export type FreshLine = Omit<StatementLine, 'trace'>;

/** What every line of one payout of one plan shares. */
export interface PayoutFields {
  component: string;
  currency: string;
  label: string;
  partnerId: string;
  payout: string;
  planId: string;
  planVersion: StatementLine['planVersion'];
  sheet: string;
}

/** A line's fields, alphabetical: the order of a line object's keys and of the JSON's columns. */
const KEYS = ['amount', 'component', 'currency', 'id', 'issues', 'label', 'partnerId', 'payout', 'planId', 'planVersion', 'row', 'sheet', 'source', 'status'] as const;

/** The issues of a line without any, shared while the lines are columns (each line object gets its own list). */
const NO_ISSUES: Issue[] = Object.freeze([]) as unknown as Issue[];

export class FreshLines {
  readonly amount: string[] = [];
  readonly id: string[] = [];
  readonly issues: Issue[][] = [];
  readonly row: Array<number | null> = [];
  readonly source: Array<StatementLine['source']> = [];
  readonly status: Array<StatementLine['status']> = [];
  /** Where each line's trace is, in its payout's trace group. */
  readonly refs: TraceRef[] = [];
  /** Per line, its payout's shared fields. */
  readonly shared: PayoutFields[] = [];

  get n(): number {
    return this.amount.length;
  }

  add(shared: PayoutFields, amount: string, id: string, issues: Issue[], row: number | null, source: StatementLine['source'], status: StatementLine['status'], ref: TraceRef): void {
    this.shared.push(shared);
    this.amount.push(amount);
    this.id.push(id);
    this.issues.push(issues.length === 0 ? NO_ISSUES : issues);
    this.row.push(row);
    this.source.push(source);
    this.status.push(status);
    this.refs.push(ref);
  }

  /** Line i as an object, keys in alphabetical order (the statement's JSON is then its canonical JSON), no trace yet. */
  lineAt(i: number): FreshLine {
    const s = this.shared[i]!;
    const issues = this.issues[i]!;
    return {
      amount: this.amount[i]!,
      component: s.component,
      currency: s.currency,
      id: this.id[i]!,
      issues: issues === NO_ISSUES ? [] : issues,
      label: s.label,
      partnerId: s.partnerId,
      payout: s.payout,
      planId: s.planId,
      planVersion: s.planVersion,
      row: this.row[i]!,
      sheet: s.sheet,
      source: this.source[i]!,
      status: this.status[i]!,
    };
  }

  /** The lines as their JSON's columns (`lineColumns.ts`), without making a line object. */
  columns(): RecordColumns {
    const n = this.n;
    if (n === 0) return { n: 0, runs: [] };
    const sharedColumn = (key: keyof PayoutFields) => {
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = this.shared[i]![key];
      return out;
    };
    const columnOf = (key: (typeof KEYS)[number]): unknown[] => {
      switch (key) {
        case 'amount':
        case 'id':
        case 'issues':
        case 'row':
        case 'source':
        case 'status':
          return this[key];
        default:
          return sharedColumn(key);
      }
    };
    return { n, runs: [{ columns: KEYS.map((k) => encodeColumn(columnOf(k))), keys: [...KEYS], n }] };
  }
}

/**
 * Gives `statement` (made with a placeholder at `lines`) lines read from `fresh` on first use: objects with their
 * traces attached lazily. Until then `lines` is an own, enumerable accessor, so JSON, spreading, `structuredClone` and
 * zod see a plain statement (reading it through them makes the lines). Assigning `lines` replaces them.
 */
export function lazyStatementLines(statement: Statement, fresh: FreshLines): Statement {
  const settle = (lines: StatementLine[]) => Object.defineProperty(statement, 'lines', { value: lines, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(statement, 'lines', {
    get() {
      const lines: StatementLine[] = new Array(fresh.n);
      for (let i = 0; i < fresh.n; i++) lines[i] = withLazyTrace(fresh.lineAt(i), fresh.refs[i]!);
      settle(lines);
      return lines;
    },
    set(lines: StatementLine[]) {
      settle(lines);
    },
    enumerable: true,
    configurable: true,
  });
  return statement;
}
