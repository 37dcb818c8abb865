import type { Command } from 'commander';
import { CliError } from '../io/errors.js';
import type { InvoicesOptions } from './invoices.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';
import { DEFAULT_DB_FOLDER } from './storeOptions.js';

export function registerInvoices(program: Command): void {
  withExitCodes(
    program
      .command('invoices')
      .argument('[step]', '"issue": issue the FatturaPA e-invoices of the period at payment (--paid-on), from the pro-forma index in --out')
      .description(
        'Pro-forma invoice PDF (not a fiscal document, numbered per period) and statement PDF for every approved statement of a period, and the index invoices.json ' +
          '(input of `provvigo post sap --invoices` and of `provvigo invoices issue`); from the store, the run moves to invoiced once every approved statement is written; --send e-mails them. ' +
          'The FatturaPA e-invoices are issued at payment: `provvigo invoices issue --paid-on DATE`.',
      )
      .option('--period <period>', 'the period: a month such as 2026-03, or a JSON file {"id","start","end"}')
      .option('--partners <file>', 'partners JSON (billing data, fiscal profile, language); with --statements only: a store run carries its own')
      .option('--principal <file>', 'the paying company JSON: legalName, vatId, taxCode, address, sdiCode, email [, splitPayment]')
      .option('--statements <path>', 'a `provvigo run` output folder (or its statements.json) instead of the approved run in the store')
      .option('--db <folder|url>', `store: PGlite data folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`)
      .option('-o, --out <dir>', 'output folder', 'provvigo-invoices')
      .option('--locale <locale>', 'language of every document (default: each partner\'s language)', parseLocale)
      .option('--date <yyyy-mm-dd>', 'invoice date (default: the date of the invoices already in --out for this period, else today)')
      .option('--number-prefix <prefix>', 'pro-forma number prefix (numbered per period; e-invoices get the partner\'s own number at payment)', 'PF')
      .option('--payment-days <n>', 'payment terms in days from the invoice date', parsePositiveInt, 30)
      .option('--no-self-billing', 'the partner issues its own invoice (no SoggettoEmittente CC)')
      .option('--no-xml', 'do not write or attach the FatturaPA XML')
      .option('--send', 'e-mail each partner its documents (never twice the same documents)')
      .option('--smtp <url>', 'SMTP server, e.g. smtp://127.0.0.1:2525 or smtp://user:pass@host:587')
      .option('--from <address>', 'sender address (default: the principal\'s email)')
      .option('--ytd <file>', 'with --statements: year-to-date fiscal state per partner (Enasarco caps), read then updated; a store run keeps its own')
      .option('--delivery-log <file>', 'JSON-lines delivery log instead of the store table invoice_deliveries')
      .option('--as <user>', 'who moves the store run to invoiced (default $PROVVIGO_USER or the OS user)')
      .option('--at <iso-time>', 'timestamp recorded for that move (default: now)')
      .option('--paid-on <yyyy-mm-dd>', 'issue: the day SAP or the bank confirmed the payment, the e-invoices\' date')
      .option('--register <file>', 'issue: the e-invoice register (numbers, progressives); default e-invoice-register.json next to --out')
      .option('--series <prefix>', 'issue: prefix of each partner\'s invoice series, e.g. PV → PV2026/0001', 'PV')
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
