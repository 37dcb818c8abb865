import type { BothLanguages } from '@provvigo/core';
import { DocumentError } from './errors.js';
import type { Address } from './types.js';

/** The FPR12 XSD's CAPType: five digits. */
export const CAP = /^\d{5}$/;

/**
 * Refuses an Italian address whose postcode is not 5 digits, naming `path` (e.g. partner.billing.address.zip) and,
 * when given, whose address it is. The postcode is never replaced: "00000" is the SdI's value for a foreign
 * address only, and on an Italian one it would file the party at no postcode. A missing postcode is left to the
 * caller (a pro-forma needs none; the XML refuses it as a missing field).
 */
export function refuseItalianPostcode(address: Address | undefined, path: string[], where: BothLanguages, whose = ''): void {
  const zip = address?.zip;
  if (zip === undefined || (address?.country ?? 'IT').toUpperCase() !== 'IT' || CAP.test(zip)) return;
  const field = `${path.join('.')} "${zip}"${whose ? ` (${whose})` : ''}`;
  throw new DocumentError(
    {
      en: `${where.en}: ${field} is not an Italian postcode (CAP: 5 digits); it is never guessed, correct the address`,
      it: `${where.it}: ${field} non è un CAP italiano (5 cifre); non viene mai indovinato, correggere l'indirizzo`,
    },
    path,
  );
}
