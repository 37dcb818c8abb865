import { ValidationError, approvedInvoiceFromFiscal, formatReconciliation, type FiscalResultLike, type InvoiceHeader, type PostReport } from '@provvigo/adapter-sap';
import { Decimal, type Locale } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { readJsonFile } from '../io/readFacts.js';
import type { Io } from './shared.js';

/**
 * The `--invoices` file of `provvigo post sap`, read into the period's invoices: entries with a fiscal result are
 * turned into approved invoices, those of other periods left out and those with nothing to post set apart. Kept
 * apart from the posting so the file's shapes and their messages live in one place.
 */

/**
 * An index entry whose fiscal result is zero throughout (a statement with nothing payable this period, e.g. every
 * line held): its pro-forma documents exist, but SAP has no supplier invoice of zero, so there is nothing to post.
 * It is counted in the reconciliation line and settles its partner for the run's `posted` state.
 */
export interface NothingToPost {
  nothingToPost: true;
  invoiceNumber: string;
  partnerId: string;
  periodId: string;
  runId?: string | undefined;
}

const isNothingToPost = (inv: unknown): inv is NothingToPost => (inv as { nothingToPost?: unknown } | null)?.nothingToPost === true;

const allZero = (amounts: readonly { amount: string }[]) => amounts.every((a) => new Decimal(a.amount).isZero());

/**
 * Invoice entries: ApprovedInvoice objects as they are, or entries with a fiscal result —
 * `{invoiceNumber | number, documentDate?, postingDate?, fiscal}` — as in the `invoices.json` index of
 * `provvigo invoices` (its top-level `date` is the document date).
 */
function toInvoices(raw: unknown, file: string, io: Io, postingDate: string | undefined): { invoices: unknown[]; converted: number } {
  const list = Array.isArray(raw) ? raw : (raw as { invoices?: unknown } | null)?.invoices;
  if (!Array.isArray(list)) throw new CliError({ en: 'expected an array of invoices (or {"invoices": [...]})', it: 'atteso un array di fatture (o {"invoices": [...]})' }, { file, exitCode: 1 });
  const topDate = (raw as { date?: unknown } | null)?.date;
  let converted = 0;
  const invoices = list.map((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (e.fiscal === undefined) return entry;
    const documentDate = (e.documentDate ?? topDate) as string | undefined;
    const header = {
      ...(e as object),
      invoiceNumber: (e.invoiceNumber ?? e.number) as string,
      documentDate,
      postingDate: (e.postingDate ?? postingDate ?? documentDate) as string,
    } as InvoiceHeader;
    if (typeof header.invoiceNumber !== 'string' || typeof header.documentDate !== 'string') {
      const en = "an entry with a fiscal result needs invoiceNumber (or number) and documentDate (or the file's date)";
      throw new CliError({ en, it: 'una voce con un risultato fiscale richiede invoiceNumber (o number) e documentDate (o il campo date del file)' }, { file, record: String(i + 1), exitCode: 1 });
    }
    try {
      converted += 1;
      const invoice = approvedInvoiceFromFiscal(header, e.fiscal as FiscalResultLike);
      if (allZero(invoice.lines) && allZero(invoice.vat ?? []) && allZero(invoice.withholdings ?? [])) {
        const zero: NothingToPost = { nothingToPost: true, invoiceNumber: invoice.invoiceNumber, partnerId: invoice.partnerId, periodId: invoice.periodId, runId: invoice.runId };
        return zero;
      }
      return invoice;
    } catch (err) {
      if (err instanceof ValidationError) {
        // adapter-sap words the defect in both languages ("record" is the Italian word too, as CliError's place says)
        io.err(`${file}, record ${i + 1}: ${said(err.messages)}\n`);
        // counted as a validation failure
        return { invoiceNumber: header.invoiceNumber, partnerId: e.partnerId, periodId: (e.fiscal as { period?: string }).period, ...(header.runId ? { runId: header.runId } : {}) };
      }
      const reason = (err as Error).message;
      throw new CliError({ en: `unreadable fiscal result: ${reason}`, it: `risultato fiscale illeggibile: ${reason}` }, { file, record: String(i + 1), exitCode: 1 });
    }
  });
  return { invoices, converted };
}

/**
 * The invoices of `period` in `file` (an entry without a period counts as the period's), and apart from them the
 * ones with nothing to post; what was converted or left out is said on stderr.
 */
export async function readPeriodInvoices(
  file: string,
  period: string,
  postingDate: string | undefined,
  io: Io,
): Promise<{ invoices: unknown[]; zero: NothingToPost[] }> {
  const { invoices: all, converted } = toInvoices(await readJsonFile(file), file, io, postingDate);
  const ofPeriod = all.filter((inv) => (inv as { periodId?: unknown } | null)?.periodId === period || (inv as { periodId?: unknown } | null)?.periodId === undefined);
  const locale = cliLocale();
  const others = all.length - ofPeriod.length;
  if (others > 0) io.err(said({ en: `${others} invoice(s) of other periods left out (not period ${period})\n`, it: `fatture di altri periodi escluse (non del periodo ${period}): ${others}\n` }, locale));
  if (converted > 0) io.err(said({ en: `${converted} invoice(s) built from their fiscal results\n`, it: `fatture costruite dai loro risultati fiscali: ${converted}\n` }, locale));
  const zero = ofPeriod.filter(isNothingToPost);
  const invoices = ofPeriod.filter((inv) => !isNothingToPost(inv));
  const zeros = zero.map((z) => z.invoiceNumber).join(', ');
  if (zero.length > 0) {
    io.err(said({ en: `${zero.length} invoice(s) with every amount zero, nothing to post: ${zeros}\n`, it: `fatture con ogni importo a zero, niente da registrare: ${zero.length} (${zeros})\n` }, locale));
  }
  return { invoices, zero };
}

/**
 * `invoices N = … + nothing to post Z` when there are zero invoices (in Italian `fatture N = … + niente da registrare
 * Z`); the line stays as it was otherwise.
 */
export function withNothingToPost(line: string, zero: number, locale: Locale = 'en'): string {
  if (zero === 0) return line;
  const counted = line.replace(/^(invoices|fatture) (\d+) /, (_, word: string, n: string) => `${word} ${Number(n) + zero} `);
  return said({ en: `${counted} + nothing to post ${zero}`, it: `${counted} + niente da registrare ${zero}` }, locale);
}

/** The reconciliation line of a posting, `invoices N = posted + already present + failed`, in `locale`. */
export function postingReconciliation(r: PostReport, zero: number, locale: Locale): string {
  return withNothingToPost(formatReconciliation(r, locale), zero, locale);
}
