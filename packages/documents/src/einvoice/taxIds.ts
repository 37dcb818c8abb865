import type { BothLanguages } from '@provvigo/core';

/**
 * Check digits of Italian tax identifiers, so a wrong VAT number or codice fiscale is caught before SdI rejects the
 * file (SdI checks both against the Anagrafe Tributaria; error codes 00301/00305).
 *
 * - Partita IVA (11 digits): the 11th digit is the Luhn-style check of the first ten — digits in odd positions
 *   summed, digits in even positions doubled (minus 9 above 9) and summed; check = (10 − total mod 10) mod 10
 *   (DM 23 dicembre 1976, the algorithm the Agenzia delle Entrate publishes for the partita IVA).
 * - Codice fiscale of a person (16 characters): the 16th letter is the control character over the first fifteen,
 *   odd positions by the DM 23/12/1976 table, even positions by their value, total mod 26 as a letter.
 * - Codice fiscale of a company: 11 digits, same check as the partita IVA.
 */
export function isValidPartitaIva(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  let total = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(value[i]);
    if (i % 2 === 0) total += d;
    else total += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (total % 10)) % 10 === Number(value[10]);
}

// Values of characters in odd positions (1st, 3rd, …) for the codice fiscale control character.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charValue(c: string): { odd: number; even: number } {
  const digit = /\d/.test(c);
  const idx = digit ? Number(c) : c.charCodeAt(0) - 65;
  return { odd: ODD[idx]!, even: idx };
}

export function isValidCodiceFiscale(value: string): boolean {
  const v = value.toUpperCase();
  if (/^\d{11}$/.test(v)) return isValidPartitaIva(v);
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(v)) return false;
  let total = 0;
  for (let i = 0; i < 15; i++) {
    const val = charValue(v[i]!);
    total += i % 2 === 0 ? val.odd : val.even;
  }
  return String.fromCharCode(65 + (total % 26)) === v[15];
}

/** The problem with an Italian VAT id ("IT" + 11 digits, or 11 digits), or undefined when it is valid or not Italian. */
export function italianVatIdProblem(vatId: string, country: string): string | undefined {
  return italianVatIdProblems(vatId, country)?.en;
}

/** `italianVatIdProblem` in both languages, for the refusals a user reads. */
export function italianVatIdProblems(vatId: string, country: string): BothLanguages | undefined {
  const clean = vatId.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-Z]{2})(.*)$/.exec(clean);
  const [c, code] = m ? [m[1]!, m[2]!] : [country.toUpperCase(), clean];
  if (c !== 'IT') return undefined;
  if (!/^\d{11}$/.test(code)) return { en: `"${vatId}" is not an Italian VAT number (11 digits)`, it: `"${vatId}" non è una partita IVA italiana (11 cifre)` };
  return isValidPartitaIva(code) ? undefined : { en: `"${vatId}" fails the partita IVA check digit`, it: `"${vatId}" ha la cifra di controllo della partita IVA errata` };
}

/** The problem with a codice fiscale (format or check character), or undefined when it is valid. */
export function codiceFiscaleProblem(taxCode: string): string | undefined {
  return codiceFiscaleProblems(taxCode)?.en;
}

/** `codiceFiscaleProblem` in both languages, for the refusals a user reads. */
export function codiceFiscaleProblems(taxCode: string): BothLanguages | undefined {
  return isValidCodiceFiscale(taxCode)
    ? undefined
    : { en: `"${taxCode}" is not a valid codice fiscale (format or check character)`, it: `"${taxCode}" non è un codice fiscale valido (formato o carattere di controllo)` };
}
