/**
 * A statement line's id, and how its canonical JSON leaves it out (issue 15 §3): the id says nothing its line does
 * not already, so `statementJson.ts` writes the id column as `{ derived: 'lineId' }` wherever every line's id is the
 * one worked out here (`derivedColumns.ts`).
 */
import type { Derivation } from './derivedColumns.js';

/** The id of the line a plan's payout makes for a record (`ref`: the record's id, or the partner's for a line without one). */
export function lineId(planId: string, payout: string, ref: string): string {
  return `${planId}:${payout}:${ref}`;
}

/** A line's id from its `planId`, `payout` and `source.id` (its `partnerId` when `source` is null). */
export const LINE_ID: Derivation = {
  name: 'lineId',
  field: 'id',
  value(column, i) {
    const planId = column('planId')?.[i];
    const payout = column('payout')?.[i];
    const source = column('source')?.[i];
    const ref = source === null ? column('partnerId')?.[i] : typeof source === 'object' ? (source as { id?: unknown }).id : undefined;
    return typeof planId === 'string' && typeof payout === 'string' && typeof ref === 'string' ? lineId(planId, payout, ref) : undefined;
  },
};
