/**
 * The e-invoice register: every e-invoice issued at payment, from which the next number of each partner's own
 * sequence (the partner is the CedentePrestatore: a dedicated series agreed with each partner, italy-tax.md §5.2)
 * and the next SdI file progressive of the transmitter are derived. Kept as a JSON document by the CLI; pure here.
 */
import { z } from 'zod';
import { IsoDateSchema } from '@provvigo/core';
import { RelatedInvoiceSchema, type RelatedInvoice } from '../schema.js';

export const RegisteredInvoiceSchema = z
  .object({
    partnerId: z.string().min(1),
    period: z.string().min(1),
    number: z.string().min(1).max(20),
    date: IsoDateSchema,
    documentType: z.enum(['TD01', 'TD04']),
    /** The transmitter (IdTrasmittente, e.g. "IT01234567897") and the file's progressive: unique together. */
    transmitter: z.string().min(3),
    progressive: z.string().regex(/^[A-Za-z0-9]{1,5}$/),
    file: z.string().min(1),
    related: z.array(RelatedInvoiceSchema).default([]),
    documentTotal: z.string(),
    netToPay: z.string(),
  })
  .strict();
export type RegisteredInvoice = z.infer<typeof RegisteredInvoiceSchema>;

export const EInvoiceRegisterSchema = z.object({ version: z.literal(1), invoices: z.array(RegisteredInvoiceSchema) }).strict();
export type EInvoiceRegister = z.infer<typeof EInvoiceRegisterSchema>;

export const emptyRegister = (): EInvoiceRegister => ({ version: 1, invoices: [] });

/** The next number in the partner's sequence for the year: "<prefix><year>/<n>" with n from 0001, e.g. "PV2026/0003". */
export function nextInvoiceNumber(register: EInvoiceRegister, partnerId: string, year: string, prefix = 'PV'): string {
  const head = `${prefix}${year}/`;
  let last = 0;
  for (const inv of register.invoices) {
    if (inv.partnerId === partnerId && inv.number.startsWith(head)) last = Math.max(last, Number(inv.number.slice(head.length)));
  }
  return `${head}${String(last + 1).padStart(4, '0')}`;
}

/** The next SdI file progressive of a transmitter: base 36, five characters ("00001" … "ZZZZZ"). */
export function nextProgressive(register: EInvoiceRegister, transmitter: string): string {
  let last = 0;
  for (const inv of register.invoices) if (inv.transmitter === transmitter) last = Math.max(last, parseInt(inv.progressive, 36));
  const next = last + 1;
  if (next >= 36 ** 5) throw new Error(`transmitter ${transmitter}: the SdI file progressives are exhausted`);
  return next.toString(36).toUpperCase().padStart(5, '0');
}

/**
 * The original invoices a credit note of `partnerId` corrects (FatturaPA DatiFattureCollegate):
 *   - for each corrected period (the `originalPeriod` of its clawbacks and adjustments), the partner's TD01
 *     e-invoices of that period;
 *   - for lines without one (ledger balance movements: a negative balance brought forward, reserve withheld,
 *     advance recovery), the partner's latest TD01 of an earlier period than `period` (the balance it reduces).
 * What cannot be found is listed in `missing` (a period, or "balance"): the caller must refuse the credit note,
 * naming partner and document, rather than issue it unlinked or linked to a guess.
 */
export function originalInvoices(
  register: EInvoiceRegister,
  partnerId: string,
  corrects: { periods: readonly string[]; balance: boolean; period: string },
): { related: RelatedInvoice[]; missing: string[] } {
  const own = register.invoices.filter((i) => i.partnerId === partnerId && i.documentType === 'TD01');
  const chosen: RegisteredInvoice[] = [];
  const missing: string[] = [];
  for (const p of [...new Set(corrects.periods)].sort()) {
    const found = own.filter((i) => i.period === p);
    if (found.length === 0) missing.push(p);
    chosen.push(...found);
  }
  if (corrects.balance) {
    const earlier = own.filter((i) => i.period < corrects.period);
    const latest = earlier[earlier.length - 1];
    if (latest) chosen.push(latest);
    else missing.push('balance');
  }
  const seen = new Set<string>();
  const related = chosen.filter((i) => !seen.has(i.number) && Boolean(seen.add(i.number))).map((i) => ({ number: i.number, date: i.date }));
  return { related, missing };
}

/** Invoices already issued for a partner and period: issuing again is a no-op (idempotent re-runs). */
export function issuedFor(register: EInvoiceRegister, partnerId: string, period: string): RegisteredInvoice[] {
  return register.invoices.filter((i) => i.partnerId === partnerId && i.period === period);
}
