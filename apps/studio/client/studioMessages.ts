import type { UiLocale } from '@provvigo/react';

/**
 * The words of the studio's own panels in both languages: the SAP panel and partners' questions. They live here, not
 * in `@provvigo/react`'s `messages()`, because no embedder shows them: every word added there is carried by every app
 * that renders a `<Statement>` or a `<PlanBuilder>` (the consumer test holds those apps to a size budget).
 */
const en = {
  sapTitle: 'SAP posting',
  sapSource: 'As the last run of provvigo post sap recorded it. The studio sends nothing to SAP.',
  sapNothing: 'Nothing of this period is in SAP yet.',
  sapPostedBy: (who: string, at: string) => `Every invoice is in SAP: the run was marked posted by ${who} on ${at}.`,
  sapMissing: (keys: string) => `Recorded when the run was posted, but no longer in the posting log: ${keys}`,
  sapInvoices: 'Invoices',
  sapInvoice: 'Invoice',
  sapAmount: 'Sent to SAP',
  sapDocument: 'SAP document',
  sapNotes: 'Notes',
  sapUpdated: (at: string, attempts: number) => `${at}, ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`,
  sapStates: { pending: 'pending', posted: 'posted', failed: 'not posted', unknown: 'outcome unknown', accepted: 'accepted' } as Record<string, string>,
  sapMismatch: (approved: string) => `differs from the approved invoice (${approved})`,
  sapNotInRun: 'the approved run has no invoice for this partner',
  sapChanged: 'changed after the run was marked posted',
  sapAccruals: 'Accrual journal entries',
  sapAccrualSet: 'Accrual set',
  sapKind: 'Kind',
  sapKinds: { accrual: 'accrual', reversal: 'reversal' } as Record<string, string>,
  sapMessage: 'Message id',
  questions: 'Questions about this statement',
  questionsStaff: 'Partner questions',
  noQuestions: 'No questions yet.',
  askTitle: 'Ask a question',
  askHint: 'Finance reads it and answers here. Name the contract or record if your question is about one.',
  askAbout: 'About',
  wholeStatement: 'the whole statement',
  yourQuestion: 'Your question',
  askSend: 'Send the question',
  asking: 'Sending…',
  asked: 'Question sent: finance will answer here.',
  askedBy: (who: string, at: string) => `${who}, ${at}`,
  aboutLine: (line: string) => `About: ${line}`,
  awaitingAnswer: 'Awaiting an answer.',
  answerBy: (who: string, at: string) => `Answer from ${who}, ${at}`,
  outcomes: { explained: 'The statement stands', toCorrect: 'It will be corrected' } as Record<string, string>,
  answerTitle: 'Answer',
  answerOutcome: 'Outcome',
  answerSend: 'Send the answer',
  answered: 'Answer sent.',
  openQuestions: (n: number) => (n === 1 ? '1 question awaits an answer.' : `${n} questions await an answer.`),
  openColumn: 'Questions awaiting an answer',
  errors: {
    too_many_questions: 'Many of your questions still await an answer: wait for finance to answer before asking more.',
  } as Record<string, string>,
};

type StudioMessages = typeof en;

const it: StudioMessages = {
  sapTitle: 'Registrazione in SAP',
  sapSource: 'Come l’ha registrata l’ultima esecuzione di provvigo post sap. Lo studio non invia nulla a SAP.',
  sapNothing: 'Niente di questo periodo è ancora in SAP.',
  sapPostedBy: (who: string, at: string) => `Tutte le fatture sono in SAP: l’esecuzione è stata contabilizzata da ${who} il ${at}.`,
  sapMissing: (keys: string) => `Registrate alla contabilizzazione dell’esecuzione, ma non più nel log delle registrazioni: ${keys}`,
  sapInvoices: 'Fatture',
  sapInvoice: 'Fattura',
  sapAmount: 'Inviato a SAP',
  sapDocument: 'Documento SAP',
  sapNotes: 'Note',
  sapUpdated: (at: string, attempts: number) => `${at}, ${attempts === 1 ? '1 tentativo' : `${attempts} tentativi`}`,
  sapStates: { pending: 'in attesa', posted: 'registrata', failed: 'non registrata', unknown: 'esito sconosciuto', accepted: 'accettata' } as Record<string, string>,
  sapMismatch: (approved: string) => `diverso dalla fattura approvata (${approved})`,
  sapNotInRun: 'l’esecuzione approvata non ha fatture per questo partner',
  sapChanged: 'modificata dopo la contabilizzazione dell’esecuzione',
  sapAccruals: 'Scritture dei ratei',
  sapAccrualSet: 'Gruppo di ratei',
  sapKind: 'Tipo',
  sapKinds: { accrual: 'rateo', reversal: 'storno' } as Record<string, string>,
  sapMessage: 'Id del messaggio',
  questions: 'Domande su questo estratto conto',
  questionsStaff: 'Domande dei partner',
  noQuestions: 'Ancora nessuna domanda.',
  askTitle: 'Fai una domanda',
  askHint: 'L’amministrazione la legge e risponde qui. Se la domanda riguarda un contratto o un record, indicalo.',
  askAbout: 'Riguarda',
  wholeStatement: 'tutto l’estratto conto',
  yourQuestion: 'La tua domanda',
  askSend: 'Invia la domanda',
  asking: 'Invio in corso…',
  asked: 'Domanda inviata: l’amministrazione risponderà qui.',
  askedBy: (who: string, at: string) => `${who}, ${at}`,
  aboutLine: (line: string) => `Riguarda: ${line}`,
  awaitingAnswer: 'In attesa di risposta.',
  answerBy: (who: string, at: string) => `Risposta di ${who}, ${at}`,
  outcomes: { explained: 'L’estratto conto è confermato', toCorrect: 'Sarà corretto' } as Record<string, string>,
  answerTitle: 'Risposta',
  answerOutcome: 'Esito',
  answerSend: 'Invia la risposta',
  answered: 'Risposta inviata.',
  openQuestions: (n: number) => (n === 1 ? '1 domanda attende risposta.' : `${n} domande attendono risposta.`),
  openColumn: 'Domande in attesa di risposta',
  errors: {
    too_many_questions: 'Molte tue domande attendono ancora risposta: attendi che l’amministrazione risponda prima di farne altre.',
  } as Record<string, string>,
};

const STUDIO_MESSAGES: Record<UiLocale, StudioMessages> = { en, it };

export function studioMessages(locale: UiLocale): StudioMessages {
  return STUDIO_MESSAGES[locale];
}
