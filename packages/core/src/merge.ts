import { Sha256, canonicalJson } from './hash.js';
import { sortIssues } from './issues.js';
import { Decimal, formatAmount } from './money.js';
import type { RunResult, TableCounts } from './schema/result.js';

/**
 * Merges the results of partitions of one run (see `EvaluateOptions.partition`) into the result the whole run
 * gives: statements in partner order, counts and totals summed, the output hash recomputed.
 */
export function mergeRunResults(parts: RunResult[]): RunResult {
  if (parts.length === 0) throw new Error('[provvigo] mergeRunResults needs at least one part');
  const statements = parts.flatMap((p) => p.statements).sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  const counts: Record<string, TableCounts> = {};
  for (const p of parts) {
    for (const [t, c] of Object.entries(p.counts)) {
      const m = (counts[t] ??= { in: 0, used: 0, excluded: 0, rejected: 0, excludedBy: {} });
      m.in += c.in;
      m.used += c.used;
      m.excluded += c.excluded;
      m.rejected += c.rejected;
      for (const [r, n] of Object.entries(c.excludedBy)) m.excludedBy[r] = (m.excludedBy[r] ?? 0) + n;
    }
  }
  for (const c of Object.values(counts)) c.excludedBy = Object.fromEntries(Object.entries(c.excludedBy).sort(([a], [b]) => (a < b ? -1 : 1)));
  const totals = new Map<string, Decimal>();
  for (const s of statements) totals.set(s.currency, (totals.get(s.currency) ?? new Decimal(0)).plus(s.total));
  const totalsOut = Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, formatAmount(v)]));
  const out = new Sha256();
  for (const s of statements) out.update(canonicalJson(s));
  out.update(canonicalJson({ counts, totals: totalsOut }));
  const seen = new Set<string>();
  const issues = parts.flatMap((p) => p.issues).filter((i) => {
    const k = canonicalJson(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { ...parts[0]!, statements, counts, totals: totalsOut, issues: sortIssues(issues), outputHash: out.digest() };
}
