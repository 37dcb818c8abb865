import { formatMoneyMove, type Locale } from '@provvigo/core';
import { answerInquiry, currentRun, inquiryCorrections, listInquiries, StoreError, type Inquiry, type InquiryCorrection, type InquiryOutcome } from '@provvigo/store';
import { EXIT } from '../exitCodes.js';
import { cliLocale, said } from '../io/cliLocale.js';
import { loadPeriod } from '../io/loadInputs.js';
import { actorFrom, refusalsAsIssues, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

/**
 * `provvigo period questions` and `provvigo period answer`: partners' questions about their statements (asked in the
 * studio's portal, kept by the store's `openInquiry`) for finance working from the command line. The same store
 * functions as the studio's: one answer per question, each message an entry of the audit log.
 */

const WORDS: Record<Locale, {
  whole: string;
  about: (line: string) => string;
  asked: (who: string, at: string) => string;
  answered: (who: string, at: string, outcome: string) => string;
  awaiting: string;
  outcomes: Record<InquiryOutcome, string>;
  total: (period: string, n: number, open: number) => string;
  corrected: (period: string, run: string, approved: boolean) => string;
  awaitingCorrection: string;
}> = {
  en: {
    whole: 'about the whole statement',
    about: (line) => `about line ${line}`,
    asked: (who, at) => `asked by ${who} at ${at}`,
    answered: (who, at, outcome) => `answered by ${who} at ${at}: ${outcome}`,
    awaiting: 'awaiting an answer',
    outcomes: { explained: 'the statement stands', toCorrect: 'it will be corrected' },
    total: (period, n, open) => `period ${period}: ${n} question${n === 1 ? '' : 's'}, ${open} awaiting an answer\n`,
    corrected: (period, run, approved) => `corrected in ${period} (run ${run}${approved ? '' : ', not approved yet'})`,
    awaitingCorrection: 'no correction booked yet',
  },
  it: {
    whole: "su tutto l'estratto conto",
    about: (line) => `sulla riga ${line}`,
    asked: (who, at) => `chiesta da ${who} il ${at}`,
    answered: (who, at, outcome) => `risposta di ${who} il ${at}: ${outcome}`,
    awaiting: 'in attesa di risposta',
    outcomes: { explained: "l'estratto conto è confermato", toCorrect: 'sarà corretto' },
    total: (period, n, open) => `periodo ${period}: domande ${n}, in attesa di risposta ${open}\n`,
    corrected: (period, run, approved) => `corretto in ${period} (esecuzione ${run}${approved ? '' : ', non ancora approvata'})`,
    awaitingCorrection: 'nessuna correzione ancora registrata',
  },
};

/** A text as indented lines under its heading (a question can hold several lines). */
const indented = (text: string): string => `${text.split('\n').map((l) => `    ${l}`).join('\n')}\n`;

/** One adjustment correcting what was asked: where, and the line's amount before and after with the change. */
function correctionText(c: InquiryCorrection, locale: Locale): string {
  return `  ${WORDS[locale].corrected(c.periodId, c.runId, c.approved)}: ${c.label} ${formatMoneyMove(c.previousAmount, c.newAmount, c.delta, c.currency, locale)}\n`;
}

function questionText(q: Inquiry, locale: Locale, corrections: readonly InquiryCorrection[] = []): string {
  const w = WORDS[locale];
  const head = `#${q.id}  ${q.partnerId}  ${w.asked(q.askedBy, q.askedAt)}  ${q.lineId === null ? w.whole : w.about(q.lineId)}\n`;
  const answer = q.answer ? `  ${w.answered(q.answer.by, q.answer.at, w.outcomes[q.answer.outcome])}\n${indented(q.answer.text)}` : `  ${w.awaiting}\n`;
  const awaited = q.answer?.outcome === 'toCorrect' && corrections.length === 0 ? `  ${w.awaitingCorrection}\n` : '';
  return `${head}${indented(q.question)}${answer}${corrections.map((c) => correctionText(c, locale)).join('')}${awaited}`;
}

/**
 * Lists a period's questions (of one partner with `--partner`; only those awaiting an answer with `--open`), each with
 * the adjustments of later runs that correct what it asked about (the store's `inquiryCorrections`, runs under review
 * included and marked: finance sees what is booked before partners do).
 */
export async function periodQuestions(options: StoreOptions & { period: string; partner?: string; open?: boolean; json?: boolean }, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const locale = cliLocale();
  return refusalsAsIssues('period questions', io, () =>
    withStore(options, async (store) => {
      await currentRun(store, period.id); // an unknown period is refused, not listed as empty
      const all = await listInquiries(store, { periodId: period.id, partnerId: options.partner });
      const shown = options.open ? all.filter((q) => q.answer === null) : all;
      const corrections = await inquiryCorrections(store, shown, { visibleOnly: false });
      if (options.json) {
        io.out(`${JSON.stringify(shown.map((q) => ({ ...q, corrections: corrections.get(q.id) ?? [] })), null, 2)}\n`);
        return EXIT.ok;
      }
      for (const q of shown) io.out(questionText(q, locale, corrections.get(q.id)));
      io.out(WORDS[locale].total(period.id, all.length, all.filter((q) => q.answer === null).length));
      return EXIT.ok;
    }),
  );
}

/** Answers a question of the period once, as `--as`; a question of another period is refused as not found. */
export async function periodAnswer(
  options: StoreOptions & ActorOptions & { period: string; question: number; outcome: InquiryOutcome; text: string },
  io: Io = processIo,
): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  const locale = cliLocale();
  return refusalsAsIssues('period answer', io, () =>
    withStore(options, async (store) => {
      try {
        const answered = await answerInquiry(store, { id: options.question, periodId: period.id, answer: options.text, outcome: options.outcome, actor: actor.id, at });
        io.out(questionText(answered, locale));
        return EXIT.ok;
      } catch (e) {
        if (!(e instanceof StoreError && e.code === 'inquiry_unknown')) throw e;
        // the number as `period questions` prints it (#n), without the store's code: a mistyped number, not a refusal
        const missing = { en: `period ${period.id} has no question #${options.question}`, it: `il periodo ${period.id} non ha la domanda n. ${options.question}` };
        io.err(`provvigo period answer: ${said(missing, locale)}\n`);
        return EXIT.issues;
      }
    }),
  );
}
