import type { InquiryItem } from './InquiryThread.js';
import type { AskableLine } from './PartnerQuestions.js';

// Questions and lines for the stories, written by hand (no server behind a story). The people, contracts and amounts
// are made up; the shapes are the server's.

const base = { periodId: '2026-03', runId: 'run-2026-03-a1', partnerId: 'AG001' };

export const sampleLines: AskableLine[] = [
  { id: 'plan-a/commission/C-1042', label: 'Commissione luce', sourceId: 'C-1042', amount: '45.00', currency: 'EUR' },
  { id: 'plan-a/commission/C-1043', label: 'Commissione gas', sourceId: 'C-1043', amount: '38.50', currency: 'EUR' },
  { id: 'plan-a/bonus/AG001', label: 'Bonus volumi', sourceId: null, amount: '250.00', currency: 'EUR' },
];

/** The adjustment of April's run that corrects the March line asked about in question 11. */
const aprilCorrection = {
  periodId: '2026-04',
  runId: 'run-2026-04-a1',
  runState: 'approved' as const,
  approved: true,
  adjustmentId: 'adj:2026-03:plan-a/commission/C-1043:1',
  label: 'Commissione gas',
  change: 'changed' as const,
  currency: 'EUR',
  previousAmount: '38.50',
  newAmount: '77.00',
  delta: '38.50',
};

/**
 * One question about a line answered "it will be corrected" and corrected by April's run, one open question about the
 * whole statement, and one answered "it will be corrected" whose correction is not booked yet.
 */
export const someQuestions: InquiryItem[] = [
  {
    ...base,
    id: 11,
    lineId: 'plan-a/commission/C-1043',
    question: 'Il contratto C-1043 risulta sospeso, ma il cliente è attivo dal 3 marzo.',
    askedBy: 'ag001',
    askedAt: '2026-04-03T08:10:00Z',
    answer: { text: 'Confermato: la fornitura è attiva. La commissione sarà pagata con il periodo di aprile.', outcome: 'toCorrect', by: 'franca.rossi', at: '2026-04-04T14:20:00Z' },
    corrections: [aprilCorrection],
  },
  { ...base, id: 12, lineId: null, question: 'Why is the volume bonus lower than in February?', askedBy: 'ag001', askedAt: '2026-04-05T09:00:00Z', answer: null },
  {
    ...base,
    id: 13,
    lineId: 'plan-a/commission/C-1042',
    question: 'La potenza del contratto C-1042 è 6 kW, non 3.',
    askedBy: 'ag001',
    askedAt: '2026-04-06T09:00:00Z',
    answer: { text: 'Il distributore ha confermato 6 kW: la riga sarà ricalcolata.', outcome: 'toCorrect', by: 'franca.rossi', at: '2026-04-07T11:00:00Z' },
    corrections: [],
  },
];

/** Staff's view while the correcting run is still under review: the partner does not see it yet. */
export const correctionUnderReview: InquiryItem[] = someQuestions.map((q) =>
  q.id === 11 ? { ...q, corrections: [{ ...aprilCorrection, runState: 'calculated', approved: false }] } : q,
);

/** Many partners' questions, for the staff panel's long list. */
export const manyQuestions: InquiryItem[] = Array.from({ length: 40 }, (_, k) => ({
  ...base,
  id: 100 + k,
  partnerId: `AG${String(k + 1).padStart(3, '0')}`,
  lineId: k % 3 === 0 ? null : `plan-a/commission/C-${2000 + k}`,
  question: `Domanda ${k + 1}: il contratto C-${2000 + k} non compare tra le righe pagabili, ma il cliente ha attivato la fornitura il giorno ${(k % 28) + 1} del mese scorso.`,
  askedBy: `ag${String(k + 1).padStart(3, '0')}`,
  askedAt: '2026-04-03T08:10:00Z',
  answer: k % 2 === 0 ? { text: 'La fornitura risulta ancora in attivazione presso il distributore.', outcome: 'explained', by: 'franca.rossi', at: '2026-04-04T14:20:00Z' } : null,
}));

/** Staff's view once `provvigo period notify` e-mailed the first answer to the partner; the later answer not yet. */
export const answerEmailed: InquiryItem[] = someQuestions.map((q) =>
  q.id === 11 ? { ...q, notice: { to: 'amministrazione@romaenergypoint.it', at: '2026-04-04T18:00:00Z' } } : { ...q, notice: null },
);
