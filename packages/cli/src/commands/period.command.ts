import { Option, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type * as Period from './period.js';
import type * as Questions from './periodQuestions.js';
import type * as Notify from './periodNotify.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption, addInputOptions } from './storeOptions.js';

const PERIOD_TEXT = { en: 'period: 2026-10 or a period .json', it: 'periodo: 2026-10 o un file di periodo .json' };

export function registerPeriod(program: Command): void {
  const period = program
    .command('period')
    .description(said({ en: 'period runs on the store: open, calculate, validate, approve (four-eyes), close', it: "esecuzioni dei periodi nell'archivio: apri, calcola, valida, approva (quattro occhi), chiudi" }));
  const base = (cmd: Command): Command => withExitCodes(addActorOptions(addDbOption(cmd.requiredOption('--period <month|file>', said(PERIOD_TEXT)))));

  base(period.command('open').description(said({ en: 'open a period and its draft run', it: 'apre un periodo e la sua esecuzione in bozza' }))).action(
    action('period open', async (o: Parameters<typeof Period.periodOpen>[0]) => (await import('./period.js')).periodOpen(o)),
  );
  addInputOptions(
    base(
      period
        .command('calculate')
        .description(said({ en: 'evaluate the period, compute adjustments and ledger effects, store the run', it: "calcola il periodo, le rettifiche e gli effetti sul registro contabile, e salva l'esecuzione" })),
    ),
  )
    .option('--all', said({ en: 'list every partner (default: the first 25 and the totals)', it: 'elenca ogni partner (predefinito: i primi 25 e i totali)' }))
    .option(
      '--principal <file>',
      said({
        en: 'the paying company JSON (its address.country and splitPayment decide the fiscal items; default: Italian, no split payment)',
        it: 'JSON del committente (address.country e splitPayment decidono le voci fiscali; predefinito: italiano, senza split payment)',
      }),
    )
    .option(
      '--queue <redis-url>',
      said({
        en: 'evaluate on queue workers (provvigo worker) through this Redis, e.g. redis://127.0.0.1:6379; needs --db postgres://…',
        it: 'calcola sui worker della coda (provvigo worker) tramite questo Redis, ad es. redis://127.0.0.1:6379; richiede --db postgres://…',
      }),
    )
    .option('--queue-prefix <prefix>', said({ en: 'Redis key prefix shared with the workers (default provvigo)', it: 'prefisso delle chiavi Redis condiviso con i worker (predefinito provvigo)' }))
    .option(
      '--partitions <n>',
      said({ en: 'partitions of the run, by partner (default: one per 50,000 records, at least 4)', it: "partizioni dell'esecuzione, per partner (predefinito: una ogni 50.000 record, almeno 4)" }),
      parsePositiveInt,
    )
    .option(
      '--redis-timeout <seconds>',
      said({ en: 'give up when Redis stays unreachable this long (default 60)', it: 'rinuncia se Redis resta irraggiungibile per questo tempo (predefinito 60)' }),
      parsePositiveInt,
    )
    .option('--progress', said({ en: 'draw the progress bar even when stderr is not a terminal', it: 'disegna la barra di avanzamento anche quando stderr non è un terminale' }))
    .action(action('period calculate', async (o: Parameters<typeof Period.periodCalculate>[0]) => (await import('./period.js')).periodCalculate(o)));
  base(period.command('validate').description(said({ en: 'check the calculation and mark the run validated', it: "controlla il calcolo e segna l'esecuzione come validata" }))).action(
    action('period validate', async (o: Parameters<typeof Period.periodValidate>[0]) => (await import('./period.js')).periodValidate(o)),
  );
  base(
    period.command('approve').description(
      said({
        en: 'approve the run (four-eyes: not the calculator) and book the ledger, in one transaction',
        it: "approva l'esecuzione (quattro occhi: non chi l'ha calcolata) e scrive i movimenti nel registro contabile, in un'unica transazione",
      }),
    ),
  )
    .addOption(new Option('--partner <ids...>', said({ en: 'approve only these partners (default: every partner that is not blocked)', it: 'approva solo questi partner (predefinito: ogni partner non bloccato)' })))
    .action(action('period approve', async (o: Parameters<typeof Period.periodApprove>[0]) => (await import('./period.js')).periodApprove(o)));
  base(period.command('close').description(said({ en: 'close a period whose run is approved', it: "chiude un periodo la cui esecuzione è approvata" }))).action(
    action('period close', async (o: Parameters<typeof Period.periodClose>[0]) => (await import('./period.js')).periodClose(o)),
  );
  withExitCodes(
    addDbOption(
      period
        .command('statement')
        .description(
          said({
            en: "one partner's period statement: adjustments, held, released, lapsed, reserve, clawbacks, advances, payable",
            it: "l'estratto conto del periodo di un partner: rettifiche, in attesa, sbloccati, decaduti, riserva, storni, anticipi, da pagare",
          }),
        )
        .requiredOption('--period <month|file>', said(PERIOD_TEXT))
        .requiredOption('--partner <id>', said({ en: 'partner id', it: 'id del partner' }))
        .option('--json', said({ en: 'the PeriodStatement as JSON', it: 'il PeriodStatement in JSON' }))
        .option('--locale <locale>', said({ en: 'it or en (default: PROVVIGO_LOCALE, else the system language)', it: 'it o en (predefinito: PROVVIGO_LOCALE, altrimenti la lingua del sistema)' }), parseLocale),
    ),
  ).action(action('period statement', async (o: Parameters<typeof Period.periodStatement>[0]) => (await import('./period.js')).periodStatement(o)));
  withExitCodes(
    addDbOption(
      period
        .command('questions')
        .description(said({ en: "partners' questions about their statements (asked in the studio's portal) and the answers", it: 'le domande dei partner sui loro estratti conto (fatte nel portale dello studio) e le risposte' }))
        .requiredOption('--period <month|file>', said(PERIOD_TEXT))
        .option('--partner <id>', said({ en: 'one partner only', it: 'solo un partner' }))
        .option('--open', said({ en: 'only the questions awaiting an answer', it: 'solo le domande in attesa di risposta' }))
        .option('--json', said({ en: 'the questions as JSON', it: 'le domande in JSON' })),
    ),
  ).action(action('period questions', async (o: Parameters<typeof Questions.periodQuestions>[0]) => (await import('./periodQuestions.js')).periodQuestions(o)));
  withExitCodes(
    addActorOptions(
      addDbOption(
        period
          .command('answer')
          .description(said({ en: "answer a partner's question, once; the partner reads it in the portal", it: 'risponde a una domanda di un partner, una sola volta; il partner la legge nel portale' }))
          .requiredOption('--period <month|file>', said(PERIOD_TEXT))
          .requiredOption('--question <n>', said({ en: 'the question number (#n in period questions)', it: 'il numero della domanda (#n in period questions)' }), parsePositiveInt)
          .addOption(
            new Option('--outcome <outcome>', said({ en: 'explained (the statement stands) or toCorrect (it will be corrected)', it: "explained (l'estratto conto è confermato) o toCorrect (sarà corretto)" }))
              .choices(['explained', 'toCorrect'])
              .makeOptionMandatory(),
          )
          .requiredOption('--text <answer>', said({ en: 'the answer the partner reads', it: 'la risposta che il partner legge' })),
      ),
    ),
  ).action(action('period answer', async (o: Parameters<typeof Questions.periodAnswer>[0]) => (await import('./periodQuestions.js')).periodAnswer(o)));
  withExitCodes(
    addActorOptions(
      addDbOption(
        period
          .command('notify')
          .description(said({ en: 'e-mail each partner the answers to its questions on the period, once each', it: 'invia per e-mail a ogni partner le risposte alle sue domande sul periodo, una volta sola' }))
          .requiredOption('--period <month|file>', said(PERIOD_TEXT))
          .option('--smtp <url>', said({ en: 'SMTP server, e.g. smtp://user:pass@host:587 (default $PROVVIGO_SMTP_URL, which keeps the password out of the shell history)', it: 'server SMTP, ad es. smtp://user:pass@host:587 (predefinito $PROVVIGO_SMTP_URL, che tiene la password fuori dalla cronologia della shell)' }))
          .option('--from <address>', said({ en: 'sender address, e.g. "Energia Futura" <provvigioni@example.com>', it: 'indirizzo del mittente, ad es. "Energia Futura" <provvigioni@example.com>' }))
          .option('--portal-url <url>', said({ en: "the partner portal's address, written in each notice", it: 'l’indirizzo del portale dei partner, scritto in ogni avviso' }))
          .option('--dry-run', said({ en: 'print the notices, send nothing', it: 'stampa gli avvisi, non invia nulla' })),
      ),
    ),
  ).action(action('period notify', async (o: Parameters<typeof Notify.periodNotify>[0]) => (await import('./periodNotify.js')).periodNotify(o)));
  withExitCodes(
    addDbOption(
      period
        .command('status')
        .description(said({ en: 'periods and their runs', it: 'i periodi e le loro esecuzioni' }))
        .option('--period <month|file>', said({ en: 'one period only', it: 'solo un periodo' })),
    ),
  ).action(action('period status', async (o: Parameters<typeof Period.periodStatus>[0]) => (await import('./period.js')).periodStatus(o)));
}
