import { euVatPack, type FiscalOutcome, type FiscalResult, type Locale, type PeriodFiscalSetup } from '@provvigo/core';
import { fiscalErrorsRefusal, PrincipalSchema, type Principal, type PrincipalInput } from '@provvigo/documents';
import { itPack } from '@provvigo/fiscal-it';
import { CliError } from '../io/errors.js';
import { parseOrFail } from '../io/parseOrFail.js';
import { readJsonFile } from '../io/readFacts.js';
import { table } from '../io/textTable.js';

/** The jurisdiction packs the CLI computes fiscal items with (the studio passes the same). */
export const CLI_FISCAL_PACKS = [itPack, euVatPack] as const;

/** The fiscal result of `computeFiscal`, or the documents' refusal naming partner, period and every error issue. */
export function fiscalOrFail(outcome: FiscalOutcome, partnerId: string, periodId: string): FiscalResult {
  if (outcome.ok) return outcome.fiscal;
  throw fiscalErrorsRefusal(partnerId, periodId, outcome.issues);
}

/**
 * The fiscal setup of a period run: the packs and the paying company's fiscal facts, read from the principal file
 * the invoices use (`address.country`, `splitPayment`); without one, an Italian principal without split payment.
 */
export async function fiscalSetupFrom(principalFile: string | undefined): Promise<PeriodFiscalSetup> {
  if (!principalFile) return { packs: CLI_FISCAL_PACKS, principal: { country: 'IT', splitPayment: false } };
  const raw = await readPrincipalFile(principalFile);
  const country = typeof raw.address?.country === 'string' ? raw.address.country : 'IT';
  return { packs: CLI_FISCAL_PACKS, principal: { country, splitPayment: raw.splitPayment === true } };
}

/**
 * The principal file (the paying company) of `period calculate`, `invoices` and `invoices issue`: a JSON object, or
 * an error naming the file (never a null, an array or a string read as a company).
 */
export async function readPrincipalFile(file: string): Promise<PrincipalInput & { splitPayment?: boolean }> {
  const raw = await readJsonFile(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError({ en: 'expected the paying company as a JSON object', it: 'atteso il committente come oggetto JSON' }, { file });
  return raw as PrincipalInput & { splitPayment?: boolean };
}

/**
 * The principal file of `invoices` and `invoices issue`: the whole paying company is checked here, once, with the file
 * and field named. Unchecked, a company without `legalName` or with a malformed `sdiCode` failed later, once per
 * partner, in messages that named the partner and not the file. `splitPayment` is the CLI's own field beside it.
 */
export async function readInvoicingPrincipal(file: string): Promise<{ principal: Principal; splitPayment: boolean }> {
  const { splitPayment, ...company } = await readPrincipalFile(file);
  return { principal: parseOrFail(PrincipalSchema, company, { file, exitCode: 1, what: { en: 'the paying company', it: 'il committente' } }), splitPayment: splitPayment === true };
}

const NET_TO_PAY_WORDS = {
  en: {
    title: 'fiscal items computed in the run (approval covers them):\n',
    head: ['partner', 'cur', 'fees', 'document', 'withheld', 'net to pay', ''],
    blocked: 'blocked',
    more: (n: number) => `… ${n} more (--all)`,
  },
  it: {
    title: "voci fiscali calcolate nell'esecuzione (l'approvazione le comprende):\n",
    head: ['partner', 'valuta', 'compensi', 'documento', 'ritenute', 'netto a pagare', ''],
    blocked: 'bloccato',
    more: (n: number) => `… altri ${n} (--all)`,
  },
} as const;

/**
 * What `period calculate` prints of the fiscal items the run computed: payable and net to pay per partner, the words
 * in `locale` and the amounts raw, as the movement table above it.
 */
export function netToPayTable(fiscal: readonly FiscalResult[], limit?: number, locale: Locale = 'en'): string {
  if (!fiscal.length) return '';
  const w = NET_TO_PAY_WORDS[locale];
  const shown = fiscal.slice(0, limit);
  const rows = shown.map((f) => [f.partnerId, f.currency, f.totals.fees, f.totals.documentTotal, f.totals.withholdingsTotal, f.totals.netToPay, f.issues.some((i) => i.severity === 'error') ? w.blocked : '']);
  if (shown.length < fiscal.length) rows.push([w.more(fiscal.length - shown.length), '', '', '', '', '', '']);
  return `${w.title}${table([...w.head], rows, [false, false, true, true, true, true, false])}`;
}
