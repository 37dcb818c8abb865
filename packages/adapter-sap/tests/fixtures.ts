import { parseSapConfig, type ApprovedInvoiceInput, type PostingRecord, type SapConfig, type SapConfigInput } from '../src/index.js';

export const PASSWORD = 'S3cr3t-Pa55!';

/** A realistic Italian configuration: IVA 22 % (V2), exempt/forfettario (V0), reverse charge (R1); ritenuta + Enasarco. */
export function configInput(baseUrl: string, over: Partial<SapConfigInput['connection']> = {}): SapConfigInput {
  return {
    connection: {
      baseUrl,
      sapClient: '100',
      // as the communication arrangement SAP_COM_0002 shows them
      journalEntryPath: '/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques',
      journalEntryReadPath: '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
      auth: { type: 'basic', username: 'INTEGRATION', password: PASSWORD },
      timeoutMs: 10_000,
      concurrency: 4,
      maxAttempts: 3,
      retryBaseDelayMs: 0,
      ...over,
    },
    posting: { companyCode: 'IT01', accountingDocumentType: 'KR', creditMemoDocumentType: 'KG', headerText: 'Provvigioni {period}' },
    suppliers: {},
    glAccounts: { byComponent: { commission: '0061010000', bonus: '0061010100', clawback: '0061010000' }, default: '0061019999' },
    costCenters: { byComponent: {}, default: 'IT01SALES' },
    taxCodes: [
      { rate: '22', taxCode: 'V2' },
      { rate: '0', natura: 'N2.2', taxCode: 'V0' },
      { rate: '0', reverseCharge: true, taxCode: 'R1' },
    ],
    withholding: {
      ritenuta: { withholdingTaxType: 'RA', withholdingTaxCode: 'R2' },
      enasarco: { withholdingTaxType: 'EN', withholdingTaxCode: 'E1' },
    },
    accruals: { accruedLiabilityGlAccount: '0021900000', expenseGlAccount: '0061010000', logicalSystem: 'PROVVIGO' },
  };
}

export function makeConfig(baseUrl: string, partners: number, over: Partial<SapConfigInput['connection']> = {}): SapConfig {
  const input = configInput(baseUrl, over);
  input.suppliers = Object.fromEntries(Array.from({ length: partners }, (_, i) => [partnerId(i), supplierId(i)]));
  return parseSapConfig(input);
}

export const partnerId = (i: number) => `P${String(i).padStart(5, '0')}`;
export const supplierId = (i: number) => String(17300000 + i);

/**
 * An agent's monthly self-billing invoice: commission + bonus at 22 % IVA, ritenuta 23 % on 50 % of the
 * commissions, Enasarco 8.5 % agent share. Amounts vary deterministically with i.
 */
export function makeInvoice(i: number, period = '2026-11'): ApprovedInvoiceInput {
  const commissionCents = 10_000 + ((i * 7919) % 500_000);
  const bonusCents = (i * 104_729) % 20_000;
  const net = commissionCents + bonusCents;
  const cents = (c: number) => `${Math.trunc(c / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
  const vat = Math.round((net * 22) / 100);
  const ritBase = Math.round(net / 2);
  return {
    invoiceNumber: `CM${period.replace('-', '')}-${String(i).padStart(5, '0')}`,
    // every tenth reference is given in lower case: SAP's field is upper case, so sending and looking up must match
    ...(i % 10 === 3 ? { reference: `cm${period.replace('-', '')}-${String(i).padStart(5, '0')}` } : {}),
    runId: `RUN-${period}`,
    periodId: period,
    partnerId: partnerId(i),
    documentDate: '2026-11-30',
    postingDate: '2026-11-30',
    currency: 'EUR',
    lines: [
      { component: 'commission', amount: cents(commissionCents), vatRate: '22' },
      ...(bonusCents > 0 ? [{ component: 'bonus', amount: cents(bonusCents), vatRate: '22' }] : []),
    ],
    vat: [{ rate: '22', taxable: cents(net), amount: cents(vat) }],
    withholdings: [
      { type: 'ritenuta', base: cents(ritBase), rate: '23', amount: cents(Math.round((ritBase * 23) / 100)) },
      { type: 'enasarco', base: cents(net), rate: '8.5', amount: cents(Math.round((net * 85) / 1000)) },
    ],
  };
}

/** A pending posting of credit memo CM1 for supplier 17300001 (company code IT01): the fixture the log tests vary. */
export const pendingPosting: PostingRecord = {
  key: 'IT01/17300001/CM1/2026',
  periodId: '2026-11',
  invoiceNumber: 'CM1',
  partnerId: 'P00001',
  companyCode: 'IT01',
  supplier: '17300001',
  reference: 'CM1',
  fiscalYear: '2026',
  grossAmount: '1220.00',
  currency: 'EUR',
  state: 'pending',
  sapDocument: null,
  sapFiscalYear: null,
  resolution: null,
  errorCode: null,
  errorMessage: null,
  errorDetails: null,
  transactionId: null,
  attempts: 1,
  updatedAt: '2026-11-30T10:00:00.000Z',
};
