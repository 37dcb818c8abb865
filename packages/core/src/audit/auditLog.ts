import { canonicalJson, sha256 } from '../hash.js';
import type { BothLanguages } from '../schema/common.js';
import type { AuditEntry, AuditInput } from '../schema/run.js';

/** prevHash of the first entry. */
export const AUDIT_GENESIS: string = '0'.repeat(64);

/** The hash of an entry: sha-256 over the canonical JSON of every field except `hash` itself. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, runId, inputHash, outputHash, details, prevHash } = entry;
  return sha256(canonicalJson({ seq, at, actor, action, runId, inputHash, outputHash, details, prevHash }));
}

/**
 * The entry that follows `previous` (null for the first one). The store calls this inside the transaction that
 * reads the last entry, so the chain has no forks.
 */
export function createAuditEntry(previous: AuditEntry | null, input: AuditInput): AuditEntry {
  const base: Omit<AuditEntry, 'hash'> = {
    seq: previous ? previous.seq + 1 : 1,
    at: input.at,
    actor: input.actor,
    action: input.action,
    runId: input.runId ?? null,
    inputHash: input.inputHash ?? null,
    outputHash: input.outputHash ?? null,
    details: JSON.parse(canonicalJson(input.details ?? {})) as Record<string, unknown>,
    prevHash: previous ? previous.hash : AUDIT_GENESIS,
  };
  return { ...base, hash: auditEntryHash(base) };
}

/** Returns a new log with the entry appended; the input array is untouched (append-only). */
export function appendAudit(log: readonly AuditEntry[], input: AuditInput): AuditEntry[] {
  return [...log, createAuditEntry(log.length ? log[log.length - 1]! : null, input)];
}

export interface AuditProblem {
  /** Position in the array given. */
  index: number;
  /** The entry's own seq (as stored). */
  seq: number;
  code: 'hash_mismatch' | 'broken_link' | 'seq_gap' | 'head_mismatch';
  /** The English text (what callers read before `messages`). */
  message: string;
  /** The text in Italian and English (`messages.en === message`), for an auditor reading either. */
  messages: BothLanguages;
}

/** A problem with its English `message` taken from its text in both languages. */
function problem(index: number, seq: number, code: AuditProblem['code'], messages: BothLanguages): AuditProblem {
  return { index, seq, code, message: messages.en, messages };
}

export type AuditVerification =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; firstBadIndex: number; problems: AuditProblem[] };

/**
 * Checks the chain: each entry's hash matches its content (edits), each prevHash is the previous entry's hash and
 * seqs run 1, 2, 3… (removals, insertions, reordering). Removing the last entries is only detectable against a head
 * hash kept elsewhere: pass it as `expectedHead` (and `expectedCount`).
 */
export function verifyAuditLog(
  entries: readonly AuditEntry[],
  options: { expectedHead?: string; expectedCount?: number } = {},
): AuditVerification {
  const problems: AuditProblem[] = [];
  let prev = AUDIT_GENESIS;
  entries.forEach((e, index) => {
    const { hash, ...rest } = e;
    if (auditEntryHash(rest) !== hash) {
      problems.push(problem(index, e.seq, 'hash_mismatch', {
        en: `entry #${e.seq} (position ${index}) was edited: its content no longer matches its hash`,
        it: `la voce n. ${e.seq} (posizione ${index}) è stata modificata: il suo contenuto non corrisponde più al suo hash`,
      }));
    }
    if (e.seq !== index + 1) {
      problems.push(problem(index, e.seq, 'seq_gap', {
        en: `entry at position ${index} has seq ${e.seq}, expected ${index + 1}: entries were removed, inserted or reordered`,
        it: `la voce in posizione ${index} ha il numero ${e.seq} invece di ${index + 1}: delle voci sono state tolte, inserite o riordinate`,
      }));
    }
    if (e.prevHash !== prev) {
      problems.push(problem(index, e.seq, 'broken_link', {
        en: `entry #${e.seq} (position ${index}) does not follow the entry before it: the chain is broken here`,
        it: `la voce n. ${e.seq} (posizione ${index}) non segue la voce precedente: la catena si interrompe qui`,
      }));
    }
    prev = hash;
  });
  const head = entries.length ? entries[entries.length - 1]!.hash : AUDIT_GENESIS;
  const end = { index: entries.length, seq: entries.length + 1 };
  if (options.expectedHead !== undefined && options.expectedHead !== head) {
    problems.push(problem(end.index, end.seq, 'head_mismatch', {
      en: `the log ends at ${head.slice(0, 12)}…, expected head ${options.expectedHead.slice(0, 12)}…: entries were removed at the end`,
      it: `il registro di audit termina con l'hash ${head.slice(0, 12)}… invece di ${options.expectedHead.slice(0, 12)}…: sono state tolte delle voci in fondo`,
    }));
  }
  if (options.expectedCount !== undefined && options.expectedCount !== entries.length) {
    problems.push(problem(end.index, end.seq, 'head_mismatch', {
      en: `the log holds ${entries.length} entries, expected ${options.expectedCount}`,
      it: `il registro di audit contiene ${entries.length} voci invece di ${options.expectedCount}`,
    }));
  }
  if (problems.length === 0) return { ok: true, count: entries.length, head };
  return { ok: false, count: entries.length, firstBadIndex: Math.min(...problems.map((p) => p.index)), problems };
}
