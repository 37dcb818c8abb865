import { createHash } from 'node:crypto';
import type { AuditEntry, AuditInput } from '@provvigo/core';

// TEMPORARY until core exports createAuditEntry (H3a, packages/core/src/audit/auditLog.ts): the same formula.
const GENESIS = '0'.repeat(64);
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const entries = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${entries.join(',')}}`;
}
export function chainAudit(previous: AuditEntry | null, input: AuditInput): AuditEntry {
  const base = {
    seq: previous ? previous.seq + 1 : 1,
    at: input.at,
    actor: input.actor,
    action: input.action,
    runId: input.runId ?? null,
    inputHash: input.inputHash ?? null,
    outputHash: input.outputHash ?? null,
    details: JSON.parse(canonicalJson(input.details ?? {})) as Record<string, unknown>,
    prevHash: previous ? previous.hash : GENESIS,
  };
  return { ...base, hash: createHash('sha256').update(canonicalJson(base)).digest('hex') };
}
