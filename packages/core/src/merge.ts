import { outputHash, statementDigest } from './evaluate.js';
import type { RunSummary } from './evaluateTypes.js';
import { createSha256, type Hasher } from './hash.js';
import { canonicalJson } from './hash.js';
import { sortIssues } from './issues.js';
import { sumAmounts } from './money.js';
import type { RunResult, TableCounts, VerifySummary } from './schema/result.js';

const byPartner = (a: { partnerId: string }, b: { partnerId: string }) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);

/**
 * The parts' counts added up per table and reason. Tables and reasons are looked up in Maps: their names come from
 * the caller's input, and one named "__proto__" must be summed as a table, not reach Object.prototype.
 */
function mergeCounts(parts: Array<{ counts: Record<string, TableCounts> }>): Record<string, TableCounts> {
  const counts = new Map<string, TableCounts & { reasons: Map<string, number> }>();
  for (const p of parts) {
    for (const [t, c] of Object.entries(p.counts)) {
      let m = counts.get(t);
      if (!m) counts.set(t, (m = { in: 0, used: 0, excluded: 0, rejected: 0, excludedBy: {}, reasons: new Map() }));
      m.in += c.in;
      m.used += c.used;
      m.excluded += c.excluded;
      m.rejected += c.rejected;
      for (const [r, n] of Object.entries(c.excludedBy)) m.reasons.set(r, (m.reasons.get(r) ?? 0) + n);
    }
  }
  return Object.fromEntries([...counts].map(([t, { reasons, ...c }]) => [t, { ...c, excludedBy: Object.fromEntries(reasons) }]));
}

function mergeTotals(parts: Array<{ totals: Record<string, string> }>): Record<string, string> {
  const totals = new Map<string, string>();
  for (const p of parts) for (const [c, v] of Object.entries(p.totals)) totals.set(c, sumAmounts([totals.get(c) ?? '0', v]));
  return Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function mergeIssues(parts: Array<{ issues: RunResult['issues'] }>): RunResult['issues'] {
  const seen = new Set<string>();
  return sortIssues(
    parts.flatMap((p) => p.issues).filter((i) => {
      const k = canonicalJson(i);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
  );
}

function mergeVerify(parts: Array<{ verify?: VerifySummary | undefined }>): { verify?: VerifySummary } {
  const first = parts.find((p) => p.verify)?.verify;
  if (!first) return {};
  const all = parts.flatMap((p) => (p.verify ? [p.verify] : []));
  return {
    verify: {
      mode: first.mode,
      engine: first.engine,
      partners: all.flatMap((v) => v.partners).sort(),
      lines: all.reduce((n, v) => n + v.lines, 0),
      mismatches: all.reduce((n, v) => n + v.mismatches, 0),
    },
  };
}

/**
 * Merges the results of partitions of one run (see `EvaluateOptions.partition`) into the result the whole run
 * gives: statements in partner order, counts and totals summed, the output hash recomputed.
 */
export function mergeRunResults(parts: RunResult[], createHash: () => Hasher = createSha256): RunResult {
  if (parts.length === 0) throw new Error('[provvigo] mergeRunResults needs at least one part');
  const statements = parts.flatMap((p) => p.statements).sort(byPartner);
  const counts = mergeCounts(parts);
  const totals = mergeTotals(parts);
  const digests = statements.map((s) => ({ partnerId: s.partnerId, hash: statementDigest(s, createHash) }));
  return { ...parts[0]!, statements, counts, totals, issues: mergeIssues(parts), ...mergeVerify(parts), outputHash: outputHash(digests, counts, totals, createHash) };
}

/** Merges partition summaries (statements stayed where they were computed, e.g. written by worker threads). */
export function mergeRunSummaries(parts: RunSummary[], createHash: () => Hasher = createSha256): RunSummary {
  if (parts.length === 0) throw new Error('[provvigo] mergeRunSummaries needs at least one part');
  const statementDigests = parts.flatMap((p) => p.statementDigests).sort(byPartner);
  const counts = mergeCounts(parts);
  const totals = mergeTotals(parts);
  return {
    ...parts[0]!,
    counts,
    totals,
    issues: mergeIssues(parts),
    ...mergeVerify(parts),
    statementDigests,
    statementCount: parts.reduce((n, p) => n + p.statementCount, 0),
    lineCount: parts.reduce((n, p) => n + p.lineCount, 0),
    outputHash: outputHash(statementDigests, counts, totals, createHash),
  };
}
