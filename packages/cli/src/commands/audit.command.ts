import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type * as Audit from './audit.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description(said({ en: 'the append-only, hash-chained audit log', it: 'il registro di audit, a sola aggiunta e concatenato con hash' }));
  withExitCodes(
    addDbOption(
      audit
        .command('verify')
        .description(
          said({
            en: 'verify the hash chain and re-derive runs, statements, ledger, periods and plan versions from it (exit 1 when tampered)',
            it: 'verifica la catena di hash e ne ricava di nuovo esecuzioni, estratti conto, registro contabile, periodi e versioni dei piani (uscita 1 se manomesso)',
          }),
        )
        .option('--head <hash>', said({ en: 'expected head hash, anchored elsewhere from an earlier verify', it: 'ultimo hash atteso, conservato altrove da una verifica precedente' }))
        .option('--count <n>', said({ en: 'expected number of entries', it: 'numero di voci atteso' })),
    ),
  ).action(action('audit verify', async (o: Audit.AuditVerifyOptions) => (await import('./audit.js')).auditVerify(o)));
  withExitCodes(
    addDbOption(
      audit
        .command('log')
        .description(said({ en: 'print the audit log', it: 'stampa il registro di audit' }))
        .option('--json', said({ en: 'one JSON entry per line', it: 'una voce JSON per riga' })),
    ),
  ).action(action('audit log', async (o: Parameters<typeof Audit.auditLogCommand>[0]) => (await import('./audit.js')).auditLogCommand(o)));
}
