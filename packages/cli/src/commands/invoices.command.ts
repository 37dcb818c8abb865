import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import type { InvoicesOptions } from './invoices.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';
import { DB_OPTION_TEXT } from './storeOptions.js';

export function registerInvoices(program: Command): void {
  withExitCodes(
    program
      .command('invoices')
      .argument(
        '[step]',
        said({
          en: '"issue": issue the FatturaPA e-invoices of the period at payment (--paid-on), from the pro-forma index in --out',
          it: '"issue": emette le fatture elettroniche FatturaPA del periodo al pagamento (--paid-on), dall\'indice delle pro forma in --out',
        }),
      )
      .description(
        said({
          en:
            'Pro-forma invoice PDF (not a fiscal document, numbered per period) and statement PDF for every approved statement of a period, and the index invoices.json ' +
            '(input of `provvigo post sap --invoices` and of `provvigo invoices issue`); from the store, the run moves to invoiced once every approved statement is written; --send e-mails them. ' +
            'The FatturaPA e-invoices are issued at payment: `provvigo invoices issue --paid-on DATE`.',
          it:
            "PDF della fattura pro forma (non è un documento fiscale, numerata per periodo) e PDF dell'estratto conto per ogni estratto conto approvato di un periodo, e l'indice invoices.json " +
            "(input di `provvigo post sap --invoices` e di `provvigo invoices issue`); dall'archivio, l'esecuzione passa a fatturato quando ogni estratto conto approvato è scritto; --send li invia per e-mail. " +
            'Le fatture elettroniche FatturaPA si emettono al pagamento: `provvigo invoices issue --paid-on AAAA-MM-GG`.',
        }),
      )
      .option('--period <period>', said({ en: 'the period: a month such as 2026-03, or a JSON file {"id","start","end"}', it: 'il periodo: un mese come 2026-03, o un file JSON {"id","start","end"}' }))
      .option(
        '--partners <file>',
        said({
          en: 'partners JSON (billing data, fiscal profile, language); with --statements only: a store run carries its own',
          it: "JSON dei partner (dati di fatturazione, profilo fiscale, lingua); solo con --statements: un'esecuzione dell'archivio ha i suoi",
        }),
      )
      .option(
        '--principal <file>',
        said({
          en: 'the paying company JSON: legalName, vatId, taxCode, address, sdiCode, email [, splitPayment]',
          it: 'JSON del committente (la società che paga): legalName, vatId, taxCode, address, sdiCode, email [, splitPayment]',
        }),
      )
      .option(
        '--statements <path>',
        said({
          en: 'a `provvigo run` output folder (or its statements.json) instead of the approved run in the store',
          it: "una cartella dei risultati di `provvigo run` (o il suo statements.json) invece dell'esecuzione approvata nell'archivio",
        }),
      )
      .option('--db <folder|url>', said(DB_OPTION_TEXT))
      .option('-o, --out <dir>', said({ en: 'output folder', it: 'cartella di uscita' }), 'provvigo-invoices')
      .option('--locale <locale>', said({ en: "language of every document (default: each partner's language)", it: 'lingua di ogni documento (predefinito: la lingua di ciascun partner)' }), parseLocale)
      .option(
        '--date <yyyy-mm-dd>',
        said({
          en: 'invoice date (default: the date of the invoices already in --out for this period, else today)',
          it: 'data della fattura (predefinito: la data delle fatture già in --out per questo periodo, altrimenti oggi)',
        }),
      )
      .option(
        '--number-prefix <prefix>',
        said({
          en: "pro-forma number prefix (numbered per period; e-invoices get the partner's own number at payment)",
          it: 'prefisso del numero delle pro forma (numerate per periodo; le fatture elettroniche ricevono il numero del partner al pagamento)',
        }),
        'PF',
      )
      .option('--payment-days <n>', said({ en: 'payment terms in days from the invoice date', it: 'termini di pagamento in giorni dalla data della fattura' }), parsePositiveInt, 30)
      .option('--no-self-billing', said({ en: 'the partner issues its own invoice (no SoggettoEmittente CC)', it: 'il partner emette la propria fattura (niente SoggettoEmittente CC)' }))
      .option('--no-xml', said({ en: 'do not write or attach the FatturaPA XML', it: "non scrive né allega l'XML FatturaPA" }))
      .option('--send', said({ en: 'e-mail each partner its documents (never twice the same documents)', it: 'invia per e-mail a ogni partner i suoi documenti (mai due volte gli stessi)' }))
      .option('--smtp <url>', said({ en: 'SMTP server, e.g. smtp://user:pass@host:587 (default $PROVVIGO_SMTP_URL, which keeps the password out of the shell history)', it: 'server SMTP, ad es. smtp://user:pass@host:587 (predefinito $PROVVIGO_SMTP_URL, che tiene la password fuori dalla cronologia della shell)' }))
      .option('--from <address>', said({ en: "sender address (default: the principal's email)", it: "indirizzo del mittente (predefinito: l'e-mail del committente)" }))
      .option(
        '--ytd <file>',
        said({
          en: 'with --statements: year-to-date fiscal state per partner (Enasarco caps), read then updated; a store run keeps its own',
          it: "con --statements: progressivi fiscali dell'anno per partner (massimali Enasarco), letti e poi aggiornati; un'esecuzione dell'archivio ha i suoi",
        }),
      )
      .option('--delivery-log <file>', said({ en: 'JSON-lines delivery log instead of the store table invoice_deliveries', it: "registro degli invii in JSON Lines invece della tabella invoice_deliveries dell'archivio" }))
      .option(
        '--as <user>',
        said({ en: 'who moves the store run to invoiced (default $PROVVIGO_USER or the OS user)', it: "chi porta a fatturato l'esecuzione dell'archivio (predefinito $PROVVIGO_USER o l'utente di sistema)" }),
      )
      .option('--at <iso-time>', said({ en: 'timestamp recorded for that move (default: now)', it: 'data e ora registrate per quel passaggio (predefinito: adesso)' }))
      .option(
        '--paid-on <yyyy-mm-dd>',
        said({ en: "issue: the day SAP or the bank confirmed the payment, the e-invoices' date", it: 'issue: il giorno in cui SAP o la banca ha confermato il pagamento, data delle fatture elettroniche' }),
      )
      .option(
        '--register <file>',
        said({
          en: 'issue: the e-invoice register (numbers, progressives); default e-invoice-register.json next to --out',
          it: 'issue: il registro delle fatture elettroniche (numeri, progressivi); predefinito e-invoice-register.json accanto a --out',
        }),
      )
      .option('--series <prefix>', said({ en: "issue: prefix of each partner's invoice series, e.g. PV → PV2026/0001", it: 'issue: prefisso della serie di fatture di ogni partner, ad es. PV → PV2026/0001' }), 'PV')
      .action(
        action('invoices', async (step: string | undefined, opts: InvoicesOptions & { paidOn?: string; register?: string; series: string }) => {
          if (step === undefined) return (await import('./invoices.js')).invoices(opts);
          if (step !== 'issue') throw new CliError({ en: `unknown step "${step}" (the only step is "issue")`, it: `passo sconosciuto "${step}" (l'unico passo è "issue")` });
          if (!opts.paidOn) throw new CliError({ en: 'invoices issue needs --paid-on YYYY-MM-DD', it: 'invoices issue richiede --paid-on AAAA-MM-GG' });
          if (!opts.partners) throw new CliError({ en: 'invoices issue needs --partners', it: 'invoices issue richiede --partners' });
          const { invoicesIssue } = await import('./invoicesIssue.js');
          return invoicesIssue({ period: opts.period, paidOn: opts.paidOn, partners: opts.partners, principal: opts.principal, out: opts.out, numberPrefix: opts.series, ...(opts.register ? { register: opts.register } : {}) });
        }),
      ),
  );
}
