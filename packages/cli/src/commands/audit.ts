import type { Command } from 'commander';
import { verifyAuditLog } from '@provvigo/core';
import { checkRunIntegrity } from '@provvigo/store';
import { EXIT } from '../program.js';
import { addDbOption, refusalsAsIssues, withStore, type StoreOptions } from './period.js';
import { action, processIo, withExitCodes, type Io } from './shared.js';

export interface AuditVerifyOptions extends StoreOptions {
  head?: string;
  count?: string;
}

/**
 * `provvigo audit verify`: recomputes the hash chain of the audit log, naming the first entry that was edited,
 * removed, inserted or reordered, and re-derives every run's output hash from the stored statements, traces and
 * ledger entries. `--head`/`--count` (kept elsewhere, e.g. from a previous verify) also catch
 * entries cut off at the end.
 */
export async function auditVerify(options: AuditVerifyOptions, io: Io = processIo): Promise<number> {
  return refusalsAsIssues('audit verify', io, () =>
    withStore(options, async (store) => {
      const log = await store.auditLog();
      const result = verifyAuditLog(log, {
        ...(options.head ? { expectedHead: options.head } : {}),
        ...(options.count ? { expectedCount: Number(options.count) } : {}),
      });
      // and every stored run still hashes to what its calculation recorded (statements, traces, ledger entries)
      const runs = await checkRunIntegrity(store);
      if (result.ok) io.out(`audit log ok: ${result.count} entries, head ${result.head}\n`);
      else {
        io.err(`audit log BROKEN: ${result.problems.length} problem(s) in ${result.count} entries, first at position ${result.firstBadIndex}\n`);
        for (const p of result.problems.slice(0, 20)) io.err(`  ${p.code}: ${p.message}\n`);
      }
      const count = (await store.listRuns()).length;
      if (runs.length === 0) io.out(`runs ok: ${count} run(s) match their recorded output hashes and ledger entries\n`);
      for (const p of runs.slice(0, 20)) io.err(`  run ${p.runId}: ${p.message}\n`);
      return result.ok && runs.length === 0 ? EXIT.ok : EXIT.issues;
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

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  withExitCodes(
    addDbOption(
      audit
        .command('verify')
        .description('verify the hash chain (exit 1 when tampered)')
        .option('--head <hash>', 'expected head hash (detects entries removed at the end)')
        .option('--count <n>', 'expected number of entries'),
    ),
  ).action(action('audit verify', (o: Parameters<typeof auditVerify>[0]) => auditVerify(o)));
  withExitCodes(addDbOption(audit.command('log').description('print the audit log').option('--json', 'one JSON entry per line'))).action(
    action('audit log', (o: Parameters<typeof auditLogCommand>[0]) => auditLogCommand(o)),
  );
}
