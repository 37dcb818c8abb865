import type { Command } from 'commander';
import type * as Audit from './audit.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  withExitCodes(
    addDbOption(
      audit
        .command('verify')
        .description('verify the hash chain and re-derive runs, statements, ledger, periods and plan versions from it (exit 1 when tampered)')
        .option('--head <hash>', 'expected head hash, anchored elsewhere from an earlier verify')
        .option('--count <n>', 'expected number of entries'),
    ),
  ).action(action('audit verify', async (o: Audit.AuditVerifyOptions) => (await import('./audit.js')).auditVerify(o)));
  withExitCodes(addDbOption(audit.command('log').description('print the audit log').option('--json', 'one JSON entry per line'))).action(
    action('audit log', async (o: Parameters<typeof Audit.auditLogCommand>[0]) => (await import('./audit.js')).auditLogCommand(o)),
  );
}
