import { z } from 'zod';
import type { Queryable } from '@provvigo/store';
import type { SalesforceClient } from './client.js';
import { SalesforceError } from './errors.js';
import type { ObjectMapping } from './mapping.js';
import { restQueryPages } from './query.js';
import { markDeleted, markMissingDeleted, readDeletionsCoveredUntil, writeDeletionsCoveredUntil } from './store.js';

/** Salesforce keeps what getDeleted reports for a limited time (the recycle bin, at most about 30 days). */
export const DELETED_RETENTION_DAYS = 30;

const DeletedSchema = z.object({
  deletedRecords: z.array(z.object({ id: z.string().min(1), deletedDate: z.string().min(1) })),
  earliestDateAvailable: z.string().min(1),
  latestDateCovered: z.string().min(1),
});

/** getDeleted takes `2026-11-27T09:00:00+00:00`. */
const sfParam = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const iso = (sf: string) => new Date(sf.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();

export interface DeletionsOutcome {
  /** Stored records newly marked deleted. */
  deleted: number;
  /** true when the gap was too old for getDeleted and every Id was compared instead. */
  fullReconciliation: boolean;
}

/**
 * Hard deletes, records purged from the recycle bin and deletions older than the query's IsDeleted view are
 * seen only through getDeleted (`/sobjects/{type}/deleted/?start=&end=`), which covers the last 30 days. When the
 * last covered instant is older than that (the sync was down), a full reconciliation compares every Id.
 */
export async function syncDeletions(
  client: SalesforceClient,
  db: Queryable,
  mapping: ObjectMapping,
  window: { from: string | undefined; upTo: string; now: Date },
): Promise<DeletionsOutcome> {
  const covered = (await readDeletionsCoveredUntil(db, mapping.object)) ?? window.from;
  if (covered === undefined) {
    // first sync of the object: nothing was stored before, so there is no deletion to learn about
    await writeDeletionsCoveredUntil(db, mapping.object, window.upTo);
    return { deleted: 0, fullReconciliation: false };
  }
  const oldest = window.now.getTime() - DELETED_RETENTION_DAYS * 86_400_000;
  if (Date.parse(covered) < oldest) return fullReconciliation(client, db, mapping, window.upTo);
  const path = `${client.basePath}/sobjects/${mapping.object}/deleted/?start=${encodeURIComponent(sfParam(covered))}&end=${encodeURIComponent(sfParam(window.upTo))}`;
  let answer: z.infer<typeof DeletedSchema>;
  try {
    answer = await client.getJson(path, DeletedSchema, { en: `${mapping.object} getDeleted`, it: `getDeleted di ${mapping.object}` });
  } catch (error) {
    if (error instanceof SalesforceError && error.errorCode === 'INVALID_REPLICATION_DATE') return fullReconciliation(client, db, mapping, window.upTo);
    throw error;
  }
  if (Date.parse(iso(answer.earliestDateAvailable)) > Date.parse(covered)) return fullReconciliation(client, db, mapping, window.upTo);
  const deleted = await markDeleted(
    db,
    mapping.object,
    answer.deletedRecords.map((r) => ({ id: r.id, at: iso(r.deletedDate) })),
  );
  await writeDeletionsCoveredUntil(db, mapping.object, iso(answer.latestDateCovered));
  return { deleted, fullReconciliation: false };
}

async function fullReconciliation(client: SalesforceClient, db: Queryable, mapping: ObjectMapping, upTo: string): Promise<DeletionsOutcome> {
  const ids: string[] = [];
  for await (const page of restQueryPages(client, `SELECT Id FROM ${mapping.object}`, { scanAll: false })) {
    for (const r of page.records) if (typeof r.Id === 'string') ids.push(r.Id);
  }
  const deleted = await markMissingDeleted(db, mapping.object, ids, upTo);
  await writeDeletionsCoveredUntil(db, mapping.object, upTo);
  return { deleted, fullReconciliation: true };
}
