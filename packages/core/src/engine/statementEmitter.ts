/**
 * Step 6's output: each statement, as it is made, written as its canonical JSON, digested, tallied and handed to the
 * caller's sink. The tallies (digests, counts, totals per currency) are what the run summary and its output hash are
 * built from.
 */
import type { StatementSink } from '../evaluateTypes.js';
import type { Hasher } from '../hash.js';
import { sumAmounts } from '../money.js';
import type { Statement } from '../schema/result.js';
import { attachTraces, type TraceRef } from './lazyLines.js';
import { freshStatementJson } from './statementJson.js';

export class StatementEmitter {
  readonly statementDigests: Array<{ partnerId: string; hash: string }> = [];
  /** Per currency, the exact sum of statement totals, at the largest scale among them (sumAmounts never rounds). */
  readonly totals = new Map<string, string>();
  statementCount = 0;
  lineCount = 0;

  constructor(
    private readonly sink: StatementSink,
    private readonly createHash: () => Hasher,
    /** Whether statements are written and digested (a live preview, which records nothing, skips it). */
    private readonly hashing: boolean,
  ) {}

  /**
   * `refs`: where the traces of the statement's lines are, for lines made by the run (finaliseUnit): they are
   * attached once the JSON is written, so writing it copies no line to leave its trace out.
   */
  emit(statement: Statement, refs: readonly TraceRef[] = []): void {
    const json = this.hashing ? freshStatementJson(statement, refs) : '';
    attachTraces(statement.lines, refs);
    let digest = '';
    if (this.hashing) {
      const h = this.createHash();
      h.update(json);
      digest = h.digest();
    }
    this.statementDigests.push({ partnerId: statement.partnerId, hash: digest });
    this.statementCount++;
    this.lineCount += statement.lines.length;
    this.totals.set(statement.currency, sumAmounts([this.totals.get(statement.currency) ?? '0', statement.total]));
    this.sink(statement, digest, json);
  }
}
