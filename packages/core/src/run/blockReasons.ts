import { canonicalJson } from '../hash.js';
import type { BothLanguages } from '../schema/common.js';
import type { BlockReason } from '../schema/run.js';
import type { Issue } from '../schema/issue.js';
import type { Statement } from '../schema/result.js';

/**
 * Why a statement cannot be approved: per erroneous line its first error (with the line's id), then the statement's
 * own errors; a statement marked blocked with neither gets a `blocked` reason. Empty when it can be approved. Validate
 * lists these and approve records them, so the approver is told exactly what approval will block.
 *
 * A statement's issues repeat its lines' issues (the run copies them up, so a reader of the statement alone sees
 * them): those are left out of the statement's own errors, or every failing line would be listed twice, once without
 * its line. They are compared as canonical JSON because a statement read back from storage holds copies.
 */
export function blockReasons(statement: Statement): BlockReason[] {
  const reasons: BlockReason[] = [];
  const lineIssues = new Set<string>();
  for (const line of statement.lines) {
    for (const i of line.issues) lineIssues.add(canonicalJson(i));
    if (line.status !== 'error') continue;
    const first = line.issues.find((i) => i.severity === 'error') ?? line.issues[0];
    const fallback = {
      it: `la riga ${line.id} (${line.payout}) contiene un errore`,
      en: `line ${line.id} (${line.payout}) carries an error`,
    };
    reasons.push({
      code: first?.code ?? 'line_error',
      message: first?.message ?? fallback.en,
      messages: first ? bothLanguages(first) : fallback,
      lineId: line.id,
    });
  }
  for (const issue of statement.issues) {
    if (issue.severity !== 'error' || lineIssues.has(canonicalJson(issue))) continue;
    reasons.push({ code: issue.code, message: issue.message, messages: bothLanguages(issue) });
  }
  if (statement.blocked && reasons.length === 0) {
    const messages = { it: `il rendiconto di ${statement.partnerId} è bloccato`, en: `the statement of ${statement.partnerId} is marked blocked` };
    reasons.push({ code: 'blocked', message: messages.en, messages });
  }
  return reasons;
}

/**
 * The partners of `statements` that approval blocks, each with its reasons, by partner id: what `approveRun` blocks
 * when every partner is asked for, so validation and an approver's review name the same partners with the same reasons.
 */
export function blockedPartners(statements: readonly Statement[]): Array<{ partnerId: string; reasons: BlockReason[] }> {
  return statements
    .map((s) => ({ partnerId: s.partnerId, reasons: blockReasons(s) }))
    .filter((b) => b.reasons.length > 0)
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
}

/** An issue's message in both languages; an issue written in English only keeps its English text for both. */
function bothLanguages(issue: Pick<Issue, 'message' | 'messages'>): BothLanguages {
  return issue.messages ?? { it: issue.message, en: issue.message };
}
