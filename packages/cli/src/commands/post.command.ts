import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { PostSapOptions } from './post.js';
import { action, withExitCodes } from './shared.js';
import { DEFAULT_DB_FOLDER } from './storeOptions.js';

export function registerPost(program: Command): void {
  const post = program.command('post').description(said({ en: 'post approved results to accounting systems', it: 'registra i risultati approvati nei sistemi contabili' }));
  withExitCodes(
    post
      .command('sap')
      .description(
        said({
          en: 'post approved invoices to SAP S/4HANA as supplier invoices (exactly once; a store run whose invoices are all in SAP moves to posted) and accruals as journal entries',
          it: "registra in SAP S/4HANA le fatture approvate come fatture fornitore (una sola volta; un'esecuzione dell'archivio con tutte le fatture in SAP passa a contabilizzato) e i ratei come scritture contabili",
        }),
      )
      .requiredOption('--period <id>', said({ en: 'period id, e.g. 2026-11', it: 'id del periodo, ad es. 2026-11' }))
      .requiredOption('--config <file>', said({ en: 'SAP connection, mapping and account determination (JSON)', it: 'connessione SAP, mappatura e determinazione dei conti (JSON)' }))
      .option(
        '--invoices <file>',
        said({
          en: 'approved invoices JSON: the invoices.json of `provvigo invoices` as it is, or adapter-sap ApprovedInvoice[]',
          it: "JSON delle fatture approvate: l'invoices.json di `provvigo invoices` così com'è, o ApprovedInvoice[] di adapter-sap",
        }),
      )
      .option(
        '--accruals <file>',
        said({
          en: 'accruals: `provvigo accruals --format json` output, or an AccrualSet JSON (accrualId, periodId, postingDate, currency, lines)',
          it: "ratei: l'output di `provvigo accruals --format json`, o un JSON AccrualSet (accrualId, periodId, postingDate, currency, lines)",
        }),
      )
      .option('--reverse-accruals', said({ en: 'with ledger accrual rows: also post the reversal on the next day', it: 'con le righe di ratei del registro contabile: registra anche la scrittura di storno il giorno dopo' }))
      .option(
        '--partners <file>',
        said({ en: 'partners JSON: attributes.sapSupplier maps partners to SAP suppliers (config.suppliers wins)', it: 'JSON dei partner: attributes.sapSupplier associa i partner ai fornitori SAP (prevale config.suppliers)' }),
      )
      .option('--posting-date <date>', said({ en: 'posting date for invoices that carry only a document date', it: 'data di registrazione per le fatture che hanno solo la data del documento' }))
      .option('--invoices-csv <file>', said({ en: 'write the mapped invoices as a flat file instead of posting them', it: 'scrive le fatture mappate in un file piatto invece di registrarle' }))
      .option('--accruals-csv <file>', said({ en: 'write the accrual journal entries as a flat file instead of sending them', it: 'scrive le scritture dei ratei in un file piatto invece di inviarle' }))
      .option(
        '--db <folder|url>',
        said({
          en: `store holding the posting log: PGlite folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`,
          it: `archivio con il log delle registrazioni: cartella PGlite o URL postgres:// (predefinito $PROVVIGO_DB o ${DEFAULT_DB_FOLDER})`,
        }),
      )
      .option('--dry-run', said({ en: 'validate and map only; send nothing', it: 'solo convalida e mappatura; non invia nulla' }))
      .option(
        '--resend [refs]',
        said({
          en: 'send accruals again under a new message id even if the journal log records them as sent: only the entries with these comma-separated references (as the report names them), or every entry when none is given',
          it: "invia di nuovo i ratei con un nuovo ID messaggio anche se il log delle scritture li dà per inviati: solo le scritture con questi riferimenti separati da virgola (come li nomina il resoconto), o tutte se non se ne indica nessuno",
        }),
      )
      .option(
        '--adopt-reversed <refs>',
        said({
          en: 'accruals SAP shows posted and then reversed by finance (comma-separated references, as the report names them): record them as posted with that document instead of sending them',
          it: 'ratei che SAP mostra registrati e poi stornati dalla contabilità (riferimenti separati da virgola, come li nomina il resoconto): li fa risultare registrati con quel documento invece di inviarli',
        }),
      )
      .option('--status', said({ en: 'show the posting state of the period from the log; send nothing', it: 'mostra dal log lo stato delle registrazioni del periodo; non invia nulla' }))
      .option('--check', said({ en: 'check credentials, service path and the reference lookup first', it: 'controlla prima credenziali, percorso del servizio e ricerca per riferimento' }))
      .option('--unlock', said({ en: "remove the period's posting lock left by a run that died", it: "rimuove il blocco delle registrazioni del periodo lasciato da un'esecuzione interrotta" }))
      .option('--progress', said({ en: 'draw a progress bar even when stderr is not a terminal', it: 'disegna una barra di avanzamento anche quando stderr non è un terminale' }))
      .option(
        '--as <user>',
        said({
          en: 'who moves a fully posted store run to posted (default $PROVVIGO_USER or the OS user)',
          it: "chi porta a contabilizzato un'esecuzione dell'archivio registrata per intero (predefinito $PROVVIGO_USER o l'utente di sistema)",
        }),
      )
      .option('--at <iso-time>', said({ en: 'timestamp recorded for that move (default: now)', it: 'data e ora registrate per quel passaggio (predefinito: adesso)' })),
  ).action(action('post sap', async (o: PostSapOptions) => (await import('./post.js')).postSapCommand(o)));
}
