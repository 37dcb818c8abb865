/**
 * Step 2 of a run: the partners validated, and which of them this partition of the run reports. A partner that
 * fails validation computes nothing but still gets a statement saying why (blocked, with its issues).
 */
import type { EvaluateOptions, RunInput } from '../evaluateTypes.js';
import { checkPartner } from '../facts/checkPartner.js';
import { issue } from '../issues.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import { partitionIds, partnerIdOf } from './splitRunInput.js';

/** A partner left out of the computation, with what the caller gave for it and why it was left out. */
export interface InvalidPartner {
  raw: unknown;
  issues: Issue[];
}

/** The run's partners, and the partition's share of them. */
export interface RunPartners {
  /** The valid partners, by id (the first of a repeated id). */
  byId: Map<string, Partner>;
  /** The valid partners' ids, sorted: the order statements are emitted in. */
  ids: string[];
  /** The partners that failed validation (the run's or the caller's), by id; never one of `byId`. */
  invalidById: Map<string, InvalidPartner>;
  /** The ids this partition computes. */
  inPartition: Set<string>;
  /** Whether this partition counts the records of partners nobody declared (partition 0, or a run not split). */
  countsUnassigned: boolean;
  /** Whether this partition reports a partner's records and statement. */
  ownsHere: (id: string | undefined) => boolean;
  /** Whether a partner gets a statement, so its rejected records are listed on it. */
  listsRejections: (id: string) => boolean;
}


/** Validates the run's partners (their issues appended to `issues`) and places them in `partition`. */
export function runPartners(input: RunInput, factSchema: FactSchema, partition: EvaluateOptions['partition'], issues: Issue[]): RunPartners {
  const byId = new Map<string, Partner>();
  const declaredIds = new Set(input.partners.map((p) => partnerIdOf(p) ?? ''));
  const invalidById = new Map<string, InvalidPartner>();
  input.partners.forEach((raw, i) => {
    const r = checkPartner(raw, i, factSchema, (id) => declaredIds.has(id));
    if (!r.ok) {
      issues.push(...r.issues);
      if (r.id !== undefined && !invalidById.has(r.id)) invalidById.set(r.id, { raw, issues: r.issues });
      return;
    }
    if (byId.has(r.partner.id)) {
      const id = r.partner.id;
      const messages = { en: `partner ${id} appears twice; the first is used`, it: `il partner ${id} compare due volte; vale il primo` };
      issues.push(issue('duplicate_record', messages.en, ['partners', i], { partnerId: id, field: 'id', value: id, rule: 'unique id', messages }));
      return;
    }
    byId.set(r.partner.id, r.partner);
  });
  // Invalid partners the caller left out of `partners` (it reported their issues), unless a valid one has the id.
  for (const bad of input.invalidPartners ?? []) if (!invalidById.has(bad.id)) invalidById.set(bad.id, { raw: { id: bad.id }, issues: bad.issues });
  for (const id of byId.keys()) invalidById.delete(id);
  // Partitions are round-robin over the sorted ids of every partner given, valid or not, the list splitRunInput
  // splits a run's records by (the pool, the queue); ids it does not hold belong to partition 0.
  const ids = partitionIds(input.partners);
  const partitioned = new Set(ids);
  const inPartition = new Set(partition ? ids.filter((_, i) => i % partition.count === partition.index) : ids);
  const countsUnassigned = !partition || partition.index === 0;
  return {
    byId,
    ids: [...byId.keys()].sort(),
    invalidById,
    inPartition,
    countsUnassigned,
    ownsHere: (id) => (id !== undefined && partitioned.has(id) ? inPartition.has(id) : countsUnassigned),
    listsRejections: (id) => byId.has(id) || invalidById.has(id),
  };
}
