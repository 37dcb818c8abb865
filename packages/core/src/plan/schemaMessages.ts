/**
 * The Italian of the messages a plan's schema (and the other schemas a user's data meets: facts, ledger, fiscal) refuses it with. Our own messages (the custom texts of PlanSchema,
 * NameSchema, the fact schema…) have their sentence here, word for word; zod's generic messages ("Invalid input:
 * expected string, received undefined") are read by their shape. A message neither knows keeps its English text in
 * Italian too: a partly English message beats a wrong translation.
 */
import type { BothLanguages } from '../schema/common.js';
import { LIMITS, MAX_PLAN_ID_LENGTH, MAX_PLAN_NAME_LENGTH } from '../schema/plan.js';

/** Our custom schema messages, English → Italian (plan, names, decimals, dates, records, fact schema). */
export const SCHEMA_MESSAGES_IT: ReadonlyMap<string, string> = new Map([
  // schema/plan.ts
  [`a formula may hold at most ${LIMITS.maxFormulaLength} characters`, `una formula può avere al massimo ${LIMITS.maxFormulaLength} caratteri`],
  ['a formula starts with "="', 'una formula inizia con "="'],
  ['`__proto__` cannot be a component name: JavaScript reserves it', '`__proto__` non può essere il nome di un componente: JavaScript lo riserva'],
  ['a payout names exactly one of column (line sheet) or cell (summary sheet)', 'un pagamento indica una sola tra colonna (foglio righe) e cella (foglio di riepilogo)'],
  ['a release deadline is in months or in days, not both', 'la scadenza del pagamento all’evento si indica in mesi o in giorni, non in entrambi'],
  ['a clawback window needs exactly one of withinMonths or withinDays', 'il periodo di storno richiede uno solo tra withinMonths e withinDays'],
  ['a plan id must not be empty', 'il codice del piano non può essere vuoto'],
  [`a plan id may hold at most ${MAX_PLAN_ID_LENGTH} characters`, `il codice del piano può avere al massimo ${MAX_PLAN_ID_LENGTH} caratteri`],
  ['lowercase letters, digits, - _ .', 'solo lettere minuscole, cifre, - _ .'],
  [`a plan's name may hold at most ${MAX_PLAN_NAME_LENGTH} characters`, `il nome del piano può avere al massimo ${MAX_PLAN_NAME_LENGTH} caratteri`],
  ["a plan's name must not be empty or blank", 'il nome del piano non può essere vuoto'],
  ["a plan's name needs a text in Italian (it) or English (en)", 'il nome del piano richiede un testo in italiano (it) o in inglese (en)'],
  ['an ISO 4217 code such as EUR', 'un codice ISO 4217, ad es. EUR'],
  // schema/common.ts
  ['must start with a letter or _ and hold only letters, digits and _', 'deve iniziare con una lettera o _ e contenere solo lettere, cifre e _'],
  ['is a reserved name (__proto__, constructor, prototype)', 'è un nome riservato (__proto__, constructor, prototype)'],
  ['must be a decimal string such as "12.50"', 'deve essere un numero decimale scritto come testo, ad es. "12.50"'],
  ['must be a date YYYY-MM-DD', 'deve essere una data AAAA-MM-GG'],
  ['is not a date in the calendar', 'non è una data del calendario'],
  // schema/ownRecord.ts
  ['`__proto__` cannot be a name here: JavaScript reserves it', '`__proto__` non può essere un nome qui: JavaScript lo riserva'],
  // schema/facts.ts (a fact schema given with the plan)
  ['must be a decimal such as "0" or a date YYYY-MM-DD', 'deve essere un numero decimale come "0" o una data AAAA-MM-GG'],
  ['thousands and decimal separators must differ', 'i separatori delle migliaia e dei decimali devono essere diversi'],
  // schema/ledger.ts (an upfront agreement) and schema/fiscal.ts (a partner's fiscal profile)
  ['a recovery schedule needs maxShare, instalment or both', 'il piano di recupero richiede maxShare, instalment o entrambi'],
  ['a value name must not be empty', 'il nome di un valore non può essere vuoto'],
]);

/** zod's names of types, as a business user reads them. */
const TYPE_IT: Record<string, string> = {
  string: 'un testo',
  number: 'un numero',
  int: 'un numero intero',
  boolean: 'true o false',
  object: 'un oggetto',
  record: 'un oggetto',
  array: 'un elenco',
  null: 'null',
  undefined: 'nessun valore',
  nan: 'NaN',
  NaN: 'NaN',
  date: 'una data',
  bigint: 'un numero intero',
};
const typeIt = (t: string) => TYPE_IT[t] ?? t;

const UNIT_IT: Record<string, [string, string]> = {
  characters: ['carattere', 'caratteri'],
  items: ['elemento', 'elementi'],
  entries: ['voce', 'voci'],
  bytes: ['byte', 'byte'],
  elements: ['elemento', 'elementi'],
};

/** `<=64`, `<64`, `exactly 3` (and the `>=`/`>` of a minimum) in words. */
function bound(adj: string, n: string, unit?: string): string {
  const words = unit ? UNIT_IT[unit] : undefined;
  const u = words ? ` ${n === '1' ? words[0] : words[1]}` : unit ? ` ${unit}` : '';
  const lead = adj === '<=' ? 'al massimo' : adj === '<' ? 'meno di' : adj === '>=' ? 'almeno' : adj === '>' ? 'più di' : 'esattamente';
  return `${lead} ${n}${u}`;
}

/** zod's generic messages by their shape (zod/v4/locales/en.js). */
const GENERIC: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Invalid input: expected (\w+), received undefined$/, (m) => `valore mancante: serve ${typeIt(m[1]!)}`],
  [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `valore non valido: serve ${typeIt(m[1]!)}, trovato ${typeIt(m[2]!)}`],
  [/^Invalid input: more than one option matched$/, () => 'valore non valido: corrisponde a più di una forma ammessa'],
  [/^Invalid input: expected (.+)$/, (m) => `valore non valido: serve ${m[1]}`],
  [/^Invalid input$/, () => 'valore non valido'],
  [/^Invalid option: expected one of (.+)$/, (m) => `valore non ammesso: serve uno tra ${m[1]}`],
  [/^Invalid discriminator value\. Expected (.+)$/, (m) => `tipo non valido: serve uno tra ${m[1]}`],
  [/^Too big: expected (\w+) to have (<=|<|exactly )(\S+) (\w+)$/, (m) => `troppo lungo: ${bound(m[2]!.trim(), m[3]!, m[4])}`],
  [/^Too big: expected (\w+) to be (<=|<|exactly )(\S+)$/, (m) => `troppo grande: deve essere ${bound(m[2]!.trim(), m[3]!)}`],
  [/^Too small: expected (\w+) to have (>=|>|exactly )(\S+) (\w+)$/, (m) => `troppo corto: ${bound(m[2]!.trim(), m[3]!, m[4])}`],
  [/^Too small: expected (\w+) to be (>=|>|exactly )(\S+)$/, (m) => `troppo piccolo: deve essere ${bound(m[2]!.trim(), m[3]!)}`],
  [/^Invalid string: must match pattern (.+)$/, (m) => `testo non valido: deve rispettare il modello ${m[1]}`],
  [/^Invalid string: must start with "(.*)"$/, (m) => `testo non valido: deve iniziare con "${m[1]}"`],
  [/^Invalid string: must end with "(.*)"$/, (m) => `testo non valido: deve finire con "${m[1]}"`],
  [/^Invalid string: must include "(.*)"$/, (m) => `testo non valido: deve contenere "${m[1]}"`],
  [/^Invalid number: must be a multiple of (.+)$/, (m) => `numero non valido: deve essere un multiplo di ${m[1]}`],
  [/^Unrecognized key: (.+)$/, (m) => `chiave non prevista: ${m[1]}`],
  [/^Unrecognized keys: (.+)$/, (m) => `chiavi non previste: ${m[1]}`],
  [/^Invalid key in (\w+)$/, (m) => `nome non valido in ${m[1] === 'record' ? 'questo elenco' : m[1]}`],
  [/^Invalid value in (\w+)$/, (m) => `valore non valido in ${m[1] === 'record' ? 'questo elenco' : m[1]}`],
];

/**
 * The Italian of one schema message: `own` (another package's schema messages, English → Italian) word for word, then
 * ours, zod's by its shape, else the English text.
 */
export function schemaMessageIt(message: string, own?: ReadonlyMap<string, string>): string {
  const ours = own?.get(message) ?? SCHEMA_MESSAGES_IT.get(message);
  if (ours !== undefined) return ours;
  for (const [re, to] of GENERIC) {
    const m = re.exec(message);
    if (m) return to(m);
  }
  return message;
}

/** A schema message in both languages, with an English `prefix` ("fact schema: ") and its Italian (`prefixIt`). */
export function schemaText(message: string, prefix = '', prefixIt = ''): BothLanguages {
  return { en: `${prefix}${message}`, it: `${prefixIt}${schemaMessageIt(message)}` };
}

/** What `schemaIssueTexts` reads of a zod issue. */
interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly params?: unknown;
}

/**
 * One issue's message in both languages, without its path: the Italian worded by `schemaMessageIt` with the package's
 * `own` messages, or, for a custom issue whose message names a value (no fixed text to look up), its `params.it`.
 */
export function schemaIssueMessage(issue: SchemaIssue, own?: ReadonlyMap<string, string>): BothLanguages {
  const given = issue.code === 'custom' ? (issue.params as { it?: unknown } | undefined)?.it : undefined;
  return { en: issue.message, it: typeof given === 'string' ? given : schemaMessageIt(issue.message, own) };
}

/**
 * Each issue of a refused configuration as `path: message` in both languages (`(root)` / `(radice)` for the whole
 * input), the message as `schemaIssueMessage` words it.
 */
export function schemaIssueTexts(issues: readonly SchemaIssue[], own?: ReadonlyMap<string, string>): BothLanguages[] {
  return issues.map((i) => {
    const path = i.path.join('.');
    const message = schemaIssueMessage(i, own);
    return { en: `${path || '(root)'}: ${message.en}`, it: `${path || '(radice)'}: ${message.it}` };
  });
}

/** Every issue as `schemaIssueTexts` words it, joined by "; " in each language: one text for a refusal that lists them all. */
export function schemaIssuesJoined(issues: readonly SchemaIssue[], own?: ReadonlyMap<string, string>): BothLanguages {
  const texts = schemaIssueTexts(issues, own);
  return { en: texts.map((t) => t.en).join('; '), it: texts.map((t) => t.it).join('; ') };
}
