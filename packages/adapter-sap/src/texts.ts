import { bothTexts, schemaMessageIt, type BothLanguages } from '@provvigo/core';
import type { z } from 'zod';

/**
 * The adapter's texts in both of the product's languages. What a user reads (an error, an invoice's outcome, a
 * validation issue) carries `{ en, it }` beside its English `message`. SAP's own words (an OData error's code and
 * message, a SOAP fault, its logon page) and Node's (a socket error) are quoted as they came, in both languages.
 */

/** `<context>: <what>` in each language; the context names the call ("invoice CM-1: create", "fattura CM-1: registrazione"). */
export function within(context: string | BothLanguages, what: BothLanguages): BothLanguages {
  const c = bothTexts(context);
  return { en: `${c.en}: ${what.en}`, it: `${c.it}: ${what.it}` };
}

/** `"12.345" has more decimals than EUR allows`, with the currency's minor units when given. */
export function tooManyDecimals(value: string, currency: string, scale?: number): BothLanguages {
  const minor = scale === undefined ? '' : ` (${scale})`;
  return { en: `"${value}" has more decimals than ${currency} allows${minor}`, it: `"${value}" ha più decimali di quanti ne ammetta ${currency}${minor}` };
}

/**
 * The adapter's own schema messages (configuration, approved invoice, accruals, payload), English → Italian, word for
 * word; zod's generic ones and core's are worded by core's `schemaMessageIt`.
 */
const SCHEMA_MESSAGES_IT: ReadonlyMap<string, string> = new Map([
  // config.ts
  ['a company code has exactly 4 characters', 'il codice società ha esattamente 4 caratteri'],
  ['a tax code has 1 or 2 characters', 'il codice IVA ha 1 o 2 caratteri'],
  ['withholding tax types and codes have 1 or 2 characters', 'tipi e codici ritenuta hanno 1 o 2 caratteri'],
  ['must be a decimal string such as "22"', 'deve essere un numero decimale scritto come testo, ad es. "22"'],
  [
    'an absolute path such as /sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques (no query, no trailing /)',
    'un percorso assoluto come /sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques (senza query e senza / finale)',
  ],
  [
    'the service segment is longer than the 30 characters S/4HANA Cloud uses; copy the URL from the communication arrangement',
    "il segmento del servizio supera i 30 caratteri usati da S/4HANA Cloud; copia l'URL dall'accordo di comunicazione",
  ],
  [
    'API_JOURNALENTRYITEMBASIC_SRV has no AccountingDocument nor DocumentReferenceID to find a journal entry by; ' +
      'use the path of API_OPLACCTGDOCITEMCUBE_SRV (communication arrangement SAP_COM_0303), e.g. /sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
    'API_JOURNALENTRYITEMBASIC_SRV non ha AccountingDocument né DocumentReferenceID con cui trovare una scrittura contabile; ' +
      'usa il percorso di API_OPLACCTGDOCITEMCUBE_SRV (accordo di comunicazione SAP_COM_0303), ad es. /sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
  ],
  ['basic auth needs password or passwordEnv', "l'autenticazione basic richiede password o passwordEnv"],
  ['OAuth client credentials need clientSecret or clientSecretEnv', 'le credenziali client OAuth richiedono clientSecret o clientSecretEnv'],
  ['x509 auth needs either pfxFile or certFile and keyFile', "l'autenticazione x509 richiede pfxFile oppure certFile e keyFile"],
  ['x509 auth with PEM files needs both certFile and keyFile', "l'autenticazione x509 con file PEM richiede sia certFile sia keyFile"],
  ['configure at least one tax code rule', 'configura almeno una regola per i codici IVA'],
  ['Invalid URL', 'URL non valido'],
  // invoice.ts
  ['is not a real calendar date', 'non è una data del calendario'],
  ['must be an ISO 4217 code such as "EUR"', 'deve essere un codice ISO 4217, ad es. "EUR"'],
  ['an invoice needs at least one line', 'una fattura richiede almeno una riga'],
  // supplierInvoicePayload.ts
  ['must be a non-negative Decimal(14,3) string', 'deve essere un importo non negativo Decimal(14,3) scritto come testo'],
  ['must be an OData date "/Date(ms)/"', 'deve essere una data OData "/Date(ms)/"'],
  ['is a 4-digit item number', 'è un numero di posizione di 4 cifre'],
]);

/** The SAP ids config.ts checks, named in Italian. */
const SAP_IDS_IT: ReadonlyMap<string, string> = new Map([
  ['a G/L account', 'un conto Co.Ge.'],
  ['a cost centre', 'un centro di costo'],
  ['a supplier (invoicing party)', 'un fornitore (emittente della fattura)'],
]);

/** The sentence about one of those ids, when it is one of them. */
function idIt(what: string, sentence: (whatIt: string) => string): string | undefined {
  const named = SAP_IDS_IT.get(what);
  return named === undefined ? undefined : sentence(named);
}

/** The adapter's schema messages with a number or an id in them, by their shape. */
const SCHEMA_SHAPES_IT: [RegExp, (m: RegExpExecArray) => string | undefined][] = [
  [/^has at most (\d+) characters in SAP$/, (m) => `ha al massimo ${m[1]} caratteri in SAP`],
  [/^(.+) has at most (\d+) characters in SAP$/, (m) => idIt(m[1]!, (what) => `${what} ha al massimo ${m[2]} caratteri in SAP`)],
  [/^(.+) holds only letters, digits, _ and -$/, (m) => idIt(m[1]!, (what) => `${what} contiene solo lettere, cifre, _ e -`)],
];

/** The Italian of a schema message: the adapter's own, else core's (zod's generic ones), else the English text. */
export function schemaMessageInItalian(message: string): string {
  // the shapes first: no message of SCHEMA_MESSAGES_IT has one of them
  for (const [shape, words] of SCHEMA_SHAPES_IT) {
    const m = shape.exec(message);
    const it = m ? words(m) : undefined;
    if (it !== undefined) return it;
  }
  return schemaMessageIt(message, SCHEMA_MESSAGES_IT);
}

/** zod's issues as the adapter's validation issues of `record`, each message in both languages. */
export function schemaIssues(
  record: string,
  issues: readonly z.core.$ZodIssue[],
  root = '(root)',
): { record: string; field: string; message: string; messages: BothLanguages }[] {
  return issues.map((i) => ({ record, field: i.path.join('.') || root, message: i.message, messages: { en: i.message, it: schemaMessageInItalian(i.message) } }));
}
