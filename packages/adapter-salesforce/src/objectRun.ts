/**
 * One object's sync in progress: what its phases (resuming a Bulk job, reading the window, committing pages) share.
 * One record instead of closures over syncObject's locals, so each phase can be a function of its own.
 */
import type { Db } from '@provvigo/store';
import type { SalesforceClient } from './client.js';
import type { ObjectMapping, SalesforceConfig } from './mapping.js';
import type { ParentRelationship } from './describe.js';
import type { BulkOptions } from './query.js';
import type { Cursor } from './store.js';
import type { ObjectSyncReport, SyncOptions } from './sync.js';

export interface ObjectRun {
  config: SalesforceConfig;
  mapping: ObjectMapping;
  options: SyncOptions;
  db: Db;
  client: SalesforceClient;
  full: boolean;
  /** What every Bulk job of the run is read with; a new job adds `onCreated`, a resumed one its locator. */
  bulkOptions: Omit<BulkOptions, 'onCreated' | 'resume'>;
  /** Filled in as pages are committed; returned as it stands when the sync stops. */
  report: ObjectSyncReport;
  /**
   * The relationships whose parents' changes the run reads again (parentChanges.ts): those the configuration reads
   * through and those its formula fields read; set from describe when the run starts (`followedParents`).
   */
  parents: Map<string, ParentRelationship>;
  /** Highest record cursor of the Bulk job being read: its results are unordered, so the cursor moves only at its end. */
  bulkMax: Cursor | undefined;
}

/** Where a window after `stamp` starts: `overlapSeconds` earlier, so records committed late are read too. */
export function overlapStart(config: SalesforceConfig, stamp: string): string {
  return new Date(Date.parse(stamp) - config.sync.overlapSeconds * 1000).toISOString();
}
