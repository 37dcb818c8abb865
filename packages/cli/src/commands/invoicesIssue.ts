/**
 * `provvigo invoices issue --period P --paid-on DATE`: the e-invoices of a period, issued when SAP or the bank
 * confirms the payment (the tax point of a service is its payment, art. 6 c.3 DPR 633/72). From the pro-forma
 * index (`invoices.json` of `provvigo invoices`), for each partner:
 *   - the positive lines become a TD01 and the negative ones (clawbacks, negative corrections, negative balances)
 *     a TD04 credit note linked (DatiFattureCollegate) to the partner's invoices of the corrected periods — each
 *     document with its own fiscal computation from the pro-forma's year-to-date state, so Enasarco still sums to
 *     the pro-forma's (its year-to-date rounding), while each document rounds its own IVA and ritenuta;
 *   - each document is dated the payment day and numbered in the partner's own sequence (the partner is the
 *     CedentePrestatore; the principal issues on its behalf, SoggettoEmittente CC);
 *   - the XML is named IT<IdCodice>_<progressive>.xml, the progressive unique per transmitter.
 * Every XML passes the semantic check before it is written; the register (JSON) keeps numbers and progressives.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { computeFiscal, euVatPack, formatMoney, sumAmounts, type FiscalResult, type Partner, type Period } from '@provvigo/core';
import {
  EInvoiceRegisterSchema,
  buildInvoiceDocumentOrThrow,
  checkFatturaPASet,
  emptyRegister,
  fiscalLinesFromSummary,
  issuedFor,
  nextInvoiceNumber,
  nextProgressive,
  originalInvoices,
  renderDocuments,
  splitVatId,
  transmitterOf,
  type EInvoiceRegister,
  type RenderedDocuments,
  type StatementSummary,
} from '@provvigo/documents';
import { itPack } from '@provvigo/fiscal-it';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError, errorText, type CliMessage } from '../io/errors.js';
import { loadPartners, loadPeriod } from '../io/loadInputs.js';
import { parseOrFail } from '../io/parseOrFail.js';
import { readJsonFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { fiscalOrFail, readInvoicingPrincipal } from './fiscalSetup.js';
import type { InvoiceIndexEntry } from './invoices.js';
import { processIo, type Io } from './shared.js';
import { aligned } from '../io/textTable.js';

export interface IssueOptions {
  period: string;
  paidOn: string;
  partners: string;
  principal: string;
  /** The folder of `provvigo invoices` for this period: its invoices.json is read, the e-invoices written there. */
  out: string;
  register?: string;
  numberPrefix: string;
}

interface Part {
  summary: StatementSummary;
  fiscal: FiscalResult;
  type: 'TD01' | 'TD04';
}

/** Positive lines → TD01, negative lines → TD04; recomputed only when a statement has both. */
function splitParts(entry: InvoiceIndexEntry, partner: Partner, period: Period, splitPayment: boolean, country: string): Part[] {
  const s = entry.summary;
  const negAdj = s.adjustments.filter((a) => a.amount.startsWith('-'));
  const posAdj = s.adjustments.filter((a) => !a.amount.startsWith('-'));
  const hasNegative = negAdj.length > 0 || s.clawbacks.length > 0;
  const hasPositive = s.components.length > 0 || posAdj.length > 0;
  if (!hasNegative) return [{ summary: s, fiscal: entry.fiscal, type: 'TD01' }];
  if (!hasPositive) return [{ summary: s, fiscal: entry.fiscal, type: 'TD04' }];
  // Exact sums at the statement's own scale (core money: no float, no rounding).
  const total = (xs: { amount: string }[]) => sumAmounts(xs.map((x) => x.amount));
  const positive: StatementSummary = { components: s.components, adjustments: posAdj, clawbacks: [], commissions: total([...s.components, ...posAdj]) };
  const negative: StatementSummary = { components: [], adjustments: negAdj, clawbacks: s.clawbacks, commissions: total([...negAdj, ...s.clawbacks]) };
  const principal = { country, splitPayment, settings: {} };
  const settle = { quarter: false, year: false };
  const { currency } = entry.fiscal;
  const first = fiscalOrFail(computeFiscal([itPack, euVatPack], { partner, period, currency, lines: fiscalLinesFromSummary(positive), ytd: entry.fiscal.trace.ytdBefore, principal, settle }), partner.id, period.id);
  const creditPeriod = { ...period, id: `${period.id}-NC` };
  const second = fiscalOrFail(computeFiscal([itPack, euVatPack], { partner, period: creditPeriod, currency, lines: fiscalLinesFromSummary(negative), ytd: first.ytdAfter, principal, settle }), partner.id, creditPeriod.id);
  return [
    { summary: positive, fiscal: first, type: 'TD01' },
    { summary: negative, fiscal: second, type: 'TD04' },
  ];
}

async function readRegister(file: string): Promise<EInvoiceRegister> {
  try {
    await stat(file);
  } catch {
    return emptyRegister();
  }
  return parseOrFail(EInvoiceRegisterSchema, await readJsonFile(file), { file, exitCode: 1 });
}

export async function invoicesIssue(options: IssueOptions, io: Io = processIo): Promise<number> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.paidOn)) {
    throw new CliError({
      en: '--paid-on must be a date YYYY-MM-DD (the day SAP or the bank confirmed the payment)',
      it: '--paid-on deve essere una data AAAA-MM-GG (il giorno in cui SAP o la banca ha confermato il pagamento)',
    });
  }
  const period = await loadPeriod(options.period);
  const { partners } = await loadPartners(options.partners);
  const byId = new Map<string, Partner>(partners.map((p) => [p.id, p]));
  const { principal, splitPayment } = await readInvoicingPrincipal(options.principal);
  const indexFile = join(options.out, 'invoices.json');
  const index = (await readJsonFile(indexFile)) as { period?: Period; invoices?: InvoiceIndexEntry[] } | null;
  if (!index || typeof index !== 'object' || index.period?.id !== period.id || !Array.isArray(index.invoices)) {
    const en = `not the pro-forma index of period ${period.id} (run provvigo invoices first)`;
    throw new CliError({ en, it: `non è l'indice delle pro-forma del periodo ${period.id} (esegui prima provvigo invoices)` }, { file: indexFile, exitCode: 1 });
  }
  const registerFile = options.register ?? join(dirname(options.out), 'e-invoice-register.json');
  const register = await readRegister(registerFile);
  const year = options.paidOn.slice(0, 4);
  const locale = cliLocale();
  const issued: Array<{ rendered: RenderedDocuments; originalPeriods: string[] }> = [];
  let failures = 0;
  for (const entry of index.invoices) {
    if (entry.receipt) continue;
    if (issuedFor(register, entry.partnerId, period.id).length > 0) {
      io.out(said({ en: `  ${entry.partnerId.padEnd(12)} already issued for ${period.id}\n`, it: `  ${entry.partnerId.padEnd(12)} già emessa per ${period.id}\n` }, locale));
      continue;
    }
    try {
      const partner = byId.get(entry.partnerId);
      if (!partner) throw new CliError({ en: `partner ${entry.partnerId} is not in ${options.partners}`, it: `il partner ${entry.partnerId} non è in ${options.partners}` });
      const parts = splitParts(entry, partner, period, Boolean(splitPayment), principal.address?.country ?? 'IT');
      const rendered: Array<{ rendered: RenderedDocuments; originalPeriods: string[] }> = [];
      for (const part of parts) {
        const corrections = [...part.summary.adjustments, ...part.summary.clawbacks];
        const originalPeriods = corrections.flatMap((l) => (l.originalPeriod ? [l.originalPeriod] : []));
        const related = part.type === 'TD04' ? linkedOriginals(register, registerFile, entry, period.id, corrections) : [];
        const draft = { principal, partner, period, statement: part.summary, fiscal: part.fiscal, kind: 'einvoice' as const, documentType: part.type, related, date: options.paidOn, locale: partner.language, payment: { dueDate: options.paidOn } };
        const probe = buildInvoiceDocumentOrThrow({ ...draft, number: 'X1', transmissionId: '1' });
        const t = transmitterOf(probe);
        const transmitter = `${t.country}${t.code}`;
        const number = nextInvoiceNumber(register, entry.partnerId, year, options.numberPrefix);
        const progressive = nextProgressive(register, transmitter);
        const doc = buildInvoiceDocumentOrThrow({ ...draft, number, transmissionId: progressive });
        const r = await renderDocuments(doc);
        register.invoices.push({ partnerId: entry.partnerId, period: period.id, number, date: options.paidOn, documentType: part.type, transmitter, progressive, file: r.names.xml, related, documentTotal: doc.totals.documentTotal, netToPay: doc.totals.netToPay });
        rendered.push({ rendered: r, originalPeriods });
      }
      issued.push(...rendered);
    } catch (e) {
      failures += 1;
      io.err(`partner ${entry.partnerId}: ${e instanceof CliError ? e.format() : errorText(e)}\n`);
    }
  }
  const known = register.invoices
    .filter((i) => i.documentType === 'TD01')
    .map((i) => ({ cedente: cedenteOf(byId.get(i.partnerId)), number: i.number, date: i.date }));
  const { problems } = checkFatturaPASet(issued.map((x) => ({ file: x.rendered.names.xml, xml: x.rendered.xml })), known);
  if (problems.length > 0) {
    for (const p of problems) io.err(`${p}\n`);
    const n = problems.length;
    io.err(said({ en: `period ${period.id}: ${n} problem(s) in the e-invoices: nothing written\n`, it: `periodo ${period.id}: problemi nelle fatture elettroniche: ${n}; non è stato scritto nulla\n` }, locale));
    return EXIT.issues;
  }
  await mkdir(options.out, { recursive: true });
  for (const { rendered: r } of issued) {
    await writeFile(join(options.out, r.names.xml), r.xml);
    await writeFile(join(options.out, r.names.invoicePdf), r.invoicePdf);
  }
  // one line per document, its total aligned on the right edge, then the invoices a credit note corrects
  const listed = issued.map(({ rendered: r }) => [
    r.doc.partner.id,
    r.doc.documentType,
    r.doc.number,
    r.names.xml,
    formatMoney(r.doc.totals.documentTotal, r.doc.currency, locale),
    r.doc.related.length ? `→ ${r.doc.related.map((x) => x.number).join(', ')}` : '',
  ]);
  io.out(aligned(listed, [false, false, false, false, true, false]));
  await writeFile(registerFile, `${JSON.stringify(register, null, 2)}\n`);
  const [n, notes] = [issued.length, issued.filter((x) => x.rendered.doc.documentType === 'TD04').length];
  io.out(
    said(
      {
        en: `period ${period.id}: ${n} e-invoice(s) issued on ${options.paidOn} (${notes} credit note(s)); register ${registerFile}${failures ? `; ${failures} partner(s) failed` : ''}\n`,
        it: `periodo ${period.id}: fatture elettroniche emesse il ${options.paidOn}: ${n} (note di credito: ${notes}); registro ${registerFile}${failures ? `; partner non riusciti: ${failures}` : ''}\n`,
      },
      locale,
    ),
  );
  return failures > 0 ? EXIT.issues : EXIT.ok;
}

/**
 * The invoices a TD04 corrects (DatiFattureCollegate), from the register: see `originalInvoices`. When one cannot be
 * found — a corrected period never issued as an e-invoice through this register, or a balance movement with no
 * earlier invoice — the credit note is refused with an error naming the partner, the document and what is missing;
 * the partner's other documents of the period wait with it (nothing is issued half).
 */
function linkedOriginals(register: EInvoiceRegister, registerFile: string, entry: InvoiceIndexEntry, periodId: string, corrections: ReadonlyArray<{ label: string; originalPeriod?: string | undefined }>) {
  const partnerId = entry.partnerId;
  const { related, missing } = originalInvoices(register, partnerId, {
    periods: corrections.flatMap((l) => (l.originalPeriod ? [l.originalPeriod] : [])),
    balance: corrections.some((l) => !l.originalPeriod),
    period: periodId,
  });
  if (missing.length === 0 && related.length > 0) return related;
  const what = missingInvoices(missing, periodId, corrections);
  throw new CliError(
    {
      en:
        `partner ${partnerId}: the credit note (TD04) of period ${periodId}, from pro-forma ${entry.number}, cannot name the invoice it corrects: the register has no e-invoice of this partner for ${what.en}. ` +
        'Issue the original first (provvigo invoices issue --period <that period>); a credit note is never issued unlinked',
      it:
        `partner ${partnerId}: la nota di credito (TD04) del periodo ${periodId}, dalla pro-forma ${entry.number}, non può indicare la fattura che rettifica: il registro non ha alcuna fattura elettronica di questo partner per ${what.it}. ` +
        'Emetti prima la fattura originale (provvigo invoices issue --period <quel periodo>); una nota di credito non è mai emessa senza collegamento',
    },
    { file: registerFile },
  );
}

/** The invoices a credit note cannot find, in both languages: a period's invoice, or one before `periodId` for the balance lines. */
function missingInvoices(missing: readonly string[], periodId: string, corrections: ReadonlyArray<{ label: string; originalPeriod?: string | undefined }>): CliMessage {
  const labels = corrections.filter((l) => !l.originalPeriod).map((l) => l.label).join('; ');
  const en = missing.map((m) => (m === 'balance' ? `an invoice of a period before ${periodId} (for: ${labels})` : `the invoice of period ${m}`));
  const it = missing.map((m) => (m === 'balance' ? `una fattura di un periodo precedente a ${periodId} (per: ${labels})` : `la fattura del periodo ${m}`));
  return { en: en.join(', '), it: it.join(', ') };
}

function cedenteOf(partner: Partner | undefined): string {
  const vat = partner?.billing?.vatId;
  if (!vat) return '';
  const v = splitVatId(vat, partner?.billing?.address?.country ?? 'IT');
  return `${v.country}${v.code}`;
}
