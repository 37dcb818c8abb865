import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type * as Audit from './audit.js';
import { action, parsePositiveInt, withExitCodes } from './shared.js';
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
        .description(said({ en: 'print the audit log, in chain order (all of it, or the entries the options select)', it: 'stampa il registro di audit, nell’ordine della catena (tutto, o le voci scelte dalle opzioni)' }))
        .option('--json', said({ en: 'one JSON entry per line', it: 'una voce JSON per riga' }))
        .option('--csv', said({ en: 'CSV with a header, one entry per row (every field the chain hashes)', it: 'CSV con intestazione, una voce per riga (ogni campo che la catena usa per lo hash)' }))
        .option('--excel-it', said({ en: 'with --csv: for Italian Excel (";" separator)', it: 'con --csv: per Excel in italiano (separatore ";")' }))
        .option('--action <name>', said({ en: 'only entries of this action (run.approve, studio.login…)', it: 'solo le voci di questa azione (run.approve, studio.login…)' }))
        .option('--actor <id>', said({ en: 'only entries of this user', it: 'solo le voci di questo utente' }))
        .option('--run <id>', said({ en: 'only entries of this run', it: 'solo le voci di questa esecuzione' }))
        .option('--last <n>', said({ en: 'only the last n entries (of those selected)', it: 'solo le ultime n voci (tra quelle scelte)' }), parsePositiveInt),
    ),
  ).action(action('audit log', async (o: Audit.AuditLogOptions) => (await import('./audit.js')).auditLogCommand(o)));
}
