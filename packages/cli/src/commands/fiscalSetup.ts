import { euVatPack, type PeriodFiscalSetup } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { CliError } from '../io/errors.js';
import { readJsonFile } from '../io/readFacts.js';

/** The jurisdiction packs the CLI computes fiscal items with (the studio passes the same). */
export const CLI_FISCAL_PACKS = [itPack, euVatPack] as const;

/**
 * The fiscal setup of a period run: the packs and the paying company's fiscal facts, read from the principal file
 * the invoices use (`address.country`, `splitPayment`); without one, an Italian principal without split payment.
 */
export async function fiscalSetupFrom(principalFile: string | undefined): Promise<PeriodFiscalSetup> {
  if (!principalFile) return { packs: CLI_FISCAL_PACKS, principal: { country: 'IT', splitPayment: false } };
  const raw = (await readJsonFile(principalFile)) as { address?: { country?: unknown }; splitPayment?: unknown } | null;
  if (!raw || typeof raw !== 'object') throw new CliError('expected the paying company as a JSON object', { file: principalFile });
  const country = typeof raw.address?.country === 'string' ? raw.address.country : 'IT';
  return { packs: CLI_FISCAL_PACKS, principal: { country, splitPayment: raw.splitPayment === true } };
}
