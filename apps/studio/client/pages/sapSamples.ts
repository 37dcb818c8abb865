import type { SapPostings } from './SapPostingsPanel.js';

// Answers of GET /api/periods/:period/sap for the stories, written by hand (no server behind a story). The figures
// and documents are made up; the shape is the server's.

type Invoice = SapPostings['invoices'][number];

const invoice = (n: number, over: Partial<Invoice> = {}): Invoice => {
  const amount = `${1000 + n * 37}.${String((n * 13) % 100).padStart(2, '0')}`;
  return {
    invoiceNumber: `2026-03/${String(n).padStart(4, '0')}`,
    partnerId: `AG${String(n).padStart(3, '0')}`,
    state: 'posted',
    grossAmount: amount,
    currency: 'EUR',
    sapDocument: String(5105600000 + n),
    sapFiscalYear: '2026',
    resolution: 'created',
    error: null,
    attempts: 1,
    updatedAt: '2026-04-05T08:30:00Z',
    approved: { amount, currency: 'EUR' },
    matchesApproved: true,
    recorded: 'none',
    ...over,
  };
};

/** An approved run posted by the CLI: every invoice in SAP, an accrual posted and its reversal accepted. */
export const postedSap: SapPostings = {
  run: { id: 'run-2026-03-a1', state: 'posted' },
  posted: { actor: 'franca.rossi', at: '2026-04-05T08:31:00Z' },
  invoices: [1, 2, 3].map((n) => invoice(n, { recorded: 'same' })),
  accruals: [
    { accrualId: 'ACC-2026-03', kind: 'accrual', state: 'posted', accountingDocument: '100000412', messageId: '6f1c2a9e-52b3-4d0c-9a51-3c1f0e7b8d21', error: null, updatedAt: '2026-04-05T08:32:00Z' },
    { accrualId: 'ACC-2026-03', kind: 'reversal', state: 'accepted', accountingDocument: null, messageId: '0a7d5e64-91c8-4f2e-b3a6-7e2d9c1b4f58', error: null, updatedAt: '2026-04-05T08:32:00Z' },
  ],
  missing: [],
};

/** An approved run not yet posted: the panel says nothing is in SAP. */
export const nothingInSap: SapPostings = { run: { id: 'run-2026-03-a1', state: 'approved' }, posted: null, invoices: [], accruals: [], missing: [] };

/** What finance must act on: a refused invoice, an amount other than the approved one, an edited row, a lost one. */
export const troubledSap: SapPostings = {
  ...postedSap,
  invoices: [
    invoice(1, { recorded: 'changed', grossAmount: '2074.26', matchesApproved: false }),
    invoice(2, {
      state: 'failed',
      sapDocument: null,
      sapFiscalYear: null,
      resolution: null,
      attempts: 3,
      error: { en: 'SAP: Balance not zero: 1,037.26 debit - 1,037.25 credit (M8/082)', it: 'SAP: Balance not zero: 1,037.26 debit - 1,037.25 credit (M8/082)' },
    }),
    invoice(3, { approved: null, matchesApproved: false }),
    invoice(4, { state: 'unknown', sapDocument: null, sapFiscalYear: null, resolution: null, error: { en: 'no answer from SAP within 30 s: the next run looks the invoice up first', it: 'nessuna risposta da SAP entro 30 s: la prossima esecuzione cerca prima la fattura' } }),
  ],
  accruals: [
    { accrualId: 'ACC-2026-03', kind: 'accrual', state: 'failed', accountingDocument: null, messageId: '6f1c2a9e-52b3-4d0c-9a51-3c1f0e7b8d21', error: { en: 'Posting period 003 2026 is not open', it: 'Il periodo contabile 003 2026 non è aperto' }, updatedAt: '2026-04-05T08:32:00Z' },
  ],
  missing: ['1000/AG005/2026-03-0005/2026'],
};

/** A large agency network: 120 invoices and 40 accrual sets. */
export const longSap: SapPostings = {
  ...postedSap,
  invoices: Array.from({ length: 120 }, (_, k) => invoice(k + 1, { recorded: 'same' })),
  accruals: Array.from({ length: 40 }, (_, k) => ({ ...postedSap.accruals[0]!, accrualId: `ACC-2026-03-${String(k + 1).padStart(3, '0')}` })),
};
