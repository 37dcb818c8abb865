import { verifyStore } from '@provvigo/store';
import { EXIT } from '../exitCodes.js';
import { verifyAdapterTables } from './adapterTables.js';
import { refusalsAsIssues, withStore, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

export interface AuditVerifyOptions extends StoreOptions {
  head?: string;
  count?: string;
}

/**
 * `provvigo audit verify`: recomputes the audit log's hash chain and checks it ends at the head the store recorded,
 * then re-derives every table a partner's money depends on from the chain (periods, plan versions and pins, runs,
 * statements, traces, ledger, snapshots, fiscal year to date): see `verifyStore`; then the adapters' tables in the
 * same database (invoice deliveries, SAP postings): see `verifyAdapterTables`. Prints the head hash and entry count so they can be anchored
 * elsewhere; `--head`/`--count` compare with such an anchor (a rewrite of the whole chain and its head shows there).
 */
export async function auditVerify(options: AuditVerifyOptions, io: Io = processIo): Promise<number> {
  return refusalsAsIssues('audit verify', io, () =>
    withStore(options, async (store) => {
      const checked = await verifyStore(store, {
        ...(options.head ? { expectedHead: options.head } : {}),
        ...(options.count ? { expectedCount: Number(options.count) } : {}),
      });
      const problems = [...checked.problems, ...(await verifyAdapterTables(store, await store.auditLog()))];
      const result = { ...checked, ok: problems.length === 0, problems };
      const runs = (await store.listRuns()).length;
      if (result.ok) {
        io.out(`audit log ok: ${result.count} entries, head ${result.head}\n`);
        io.out(`runs ok: ${runs} run(s), their statements, snapshots, ledger entries, plan versions, periods, fiscal year to date, deliveries and SAP postings match the log\n`);
        io.out(`anchor elsewhere: --head ${result.head} --count ${result.count}\n`);
        return EXIT.ok;
      }
      io.err(`store BROKEN: ${result.problems.length} problem(s); the log holds ${result.count} entries, head ${result.head || '(none)'}\n`);
      for (const p of result.problems.slice(0, 30)) io.err(`  ${p.table} ${p.key}: ${p.message}\n`);
      if (result.problems.length > 30) io.err(`  … and ${result.problems.length - 30} more\n`);
      return EXIT.issues;
    }),
  );
}

/** `provvigo audit log`: the audit entries, one per line. */
export async function auditLogCommand(options: StoreOptions & { json?: boolean }, io: Io = processIo): Promise<number> {
  return withStore(options, async (store) => {
    for (const e of await store.auditLog()) {
      io.out(options.json ? `${JSON.stringify(e)}\n` : `#${e.seq} ${e.at} ${e.actor} ${e.action}${e.runId ? ` ${e.runId}` : ''} ${e.hash.slice(0, 12)}\n`);
    }
    return EXIT.ok;
  });
}
