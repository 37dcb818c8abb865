/**
 * The words of fact and partner validation, in Italian and English. Each message names the field the way the user
 * declared it (its label, with the column name in parentheses when they differ), the value as written and the rule.
 */
import type { LocalizedText } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import { dateHint } from './dateHint.js';
import { numberHint } from './numberHint.js';

export interface Bilingual {
  it: string;
  en: string;
}

/** How a field is named to people: `"Annual consumption" (annualKwh)`, or `"annualKwh"` without a label. */
export function fieldName(name: string, label: LocalizedText | undefined, language: 'it' | 'en'): string {
  const text = label === undefined ? undefined : typeof label === 'string' ? label : (label[language] ?? label.it ?? label.en);
  return text && text !== name ? `"${text}" (${name})` : `"${name}"`;
}

const shown = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value));
const list = (values: readonly unknown[]): string => values.map((v) => String(v)).join(', ');

const EXPECTED: Record<string, Bilingual> = {
  number: { en: 'a number', it: 'un numero' },
  money: { en: 'an amount', it: 'un importo' },
  percent: { en: 'a number (a fraction, 0.1 for 10%)', it: 'un numero (una frazione, 0.1 per 10%)' },
  integer: { en: 'a whole number', it: 'un numero intero' },
  boolean: { en: 'true or false', it: 'vero o falso (true/false)' },
  date: { en: 'a date YYYY-MM-DD', it: 'una data AAAA-MM-GG' },
  text: { en: 'text', it: 'un testo' },
};

/** The types a number is written for: a value of one of them typed with a decimal comma gets a hint (`numberHint`). */
const NUMERIC: ReadonlySet<string> = new Set(['number', 'money', 'percent', 'integer']);

/** One defect of one field, in both languages. `field` is a function of the language (labels may be bilingual). */
export type FieldDefect =
  | { kind: 'missing' }
  | { kind: 'type'; type: string; value: unknown }
  | { kind: 'calendar'; value: unknown }
  | { kind: 'enum'; value: unknown; allowed: readonly unknown[] }
  | { kind: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum'; value: unknown; bound: string | number }
  | { kind: 'pattern'; value: unknown; pattern: string }
  | { kind: 'maxLength'; value: unknown; max: number }
  | { kind: 'requiredIf'; other: string; values: readonly unknown[] | undefined }
  | { kind: 'partner'; value: unknown }
  | { kind: 'invalidPartner'; value: unknown; rejected: readonly Issue[] }
  | { kind: 'reference'; value: unknown; table: string; column: string }
  | { kind: 'unique'; value: unknown; columns: readonly string[]; first: string }
  | { kind: 'duplicateKey'; value: unknown }
  | { kind: 'notObject'; value: unknown }
  /** A field the schema does not declare, near a declared column the record lacks (misspeltKeys.ts). */
  | { kind: 'misspelt'; value: unknown; meant: string; meantLabel: LocalizedText | undefined };

/** The rule a defect breaks, as a short stable string for the `rule` field of an issue. */
export function ruleOf(d: FieldDefect): string {
  switch (d.kind) {
    case 'missing':
      return 'required';
    case 'type':
      return `type ${d.type}`;
    case 'calendar':
      return 'type date';
    case 'enum':
      return `enum ${d.allowed.map(String).join('|')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${d.kind} ${d.bound}`;
    case 'pattern':
      return `pattern ${d.pattern}`;
    case 'maxLength':
      return `maxLength ${d.max}`;
    case 'requiredIf':
      return `requiredIf ${d.other}${d.values ? `=${d.values.map(String).join('|')}` : ''}`;
    case 'partner':
    case 'invalidPartner':
      return 'references partners';
    case 'reference':
      return `references ${d.table}.${d.column}`;
    case 'unique':
      return `unique ${d.columns.join('+')}`;
    case 'duplicateKey':
      return 'unique key';
    case 'notObject':
      return 'record';
    case 'misspelt':
      return `column ${d.meant}`;
  }
}

/** The message of a defect of `field` (already named for people in each language). */
export function defectMessage(d: FieldDefect, field: Bilingual): Bilingual {
  const f = field;
  switch (d.kind) {
    case 'missing':
      return { en: `${f.en} is required but missing`, it: `${f.it} è obbligatorio ma manca` };
    case 'type': {
      const e = EXPECTED[d.type] ?? EXPECTED.text!;
      const hint = NUMERIC.has(d.type) ? numberHint(d.value) : d.type === 'date' ? dateHint(d.value) : { en: '', it: '' };
      return { en: `${f.en}: expected ${e.en}, found ${shown(d.value)}${hint.en}`, it: `${f.it}: ${shown(d.value)} non è ${e.it}${hint.it}` };
    }
    case 'calendar':
      return { en: `${f.en}: ${shown(d.value)} is not a date in the calendar`, it: `${f.it}: ${shown(d.value)} non è una data del calendario` };
    case 'enum':
      return { en: `${f.en}: ${shown(d.value)} is not an allowed value (allowed: ${list(d.allowed)})`, it: `${f.it}: ${shown(d.value)} non è un valore ammesso (ammessi: ${list(d.allowed)})` };
    case 'minimum':
      return { en: `${f.en}: ${shown(d.value)} is below the minimum ${d.bound}`, it: `${f.it}: ${shown(d.value)} è sotto il minimo ${d.bound}` };
    case 'maximum':
      return { en: `${f.en}: ${shown(d.value)} is above the maximum ${d.bound}`, it: `${f.it}: ${shown(d.value)} è sopra il massimo ${d.bound}` };
    case 'exclusiveMinimum':
      return { en: `${f.en}: ${shown(d.value)} must be greater than ${d.bound}`, it: `${f.it}: ${shown(d.value)} deve essere maggiore di ${d.bound}` };
    case 'exclusiveMaximum':
      return { en: `${f.en}: ${shown(d.value)} must be less than ${d.bound}`, it: `${f.it}: ${shown(d.value)} deve essere minore di ${d.bound}` };
    case 'pattern':
      return { en: `${f.en}: ${shown(d.value)} does not have the required form (${d.pattern})`, it: `${f.it}: ${shown(d.value)} non ha la forma richiesta (${d.pattern})` };
    case 'maxLength':
      return { en: `${f.en}: ${shown(d.value)} is longer than ${d.max} characters`, it: `${f.it}: ${shown(d.value)} supera ${d.max} caratteri` };
    case 'requiredIf': {
      const when = d.values ? ` is ${list(d.values)}` : ' is filled in';
      const quando = d.values ? ` vale ${list(d.values)}` : ' è compilato';
      return { en: `${f.en} is required when "${d.other}"${when}, but missing`, it: `${f.it} è obbligatorio quando "${d.other}"${quando}, ma manca` };
    }
    case 'partner':
      return { en: `${f.en}: ${shown(d.value)} is not in the partner list`, it: `${f.it}: ${shown(d.value)} non è nell'elenco dei partner` };
    case 'invalidPartner': {
      const where = partnerDefectPlace(d.rejected);
      return {
        en: `${f.en}: partner ${shown(d.value)} is in the partner list but was rejected${where.en}; its statement is blocked and says why`,
        it: `${f.it}: il partner ${shown(d.value)} è nell'elenco dei partner ma è stato scartato${where.it}; il suo rendiconto è bloccato e ne dice il motivo`,
      };
    }
    case 'reference':
      return { en: `${f.en}: ${shown(d.value)} is not the ${d.column} of any ${d.table} record`, it: `${f.it}: ${shown(d.value)} non è il ${d.column} di alcun record di ${d.table}` };
    case 'unique':
      return { en: `${f.en}: ${shown(d.value)} repeats record ${d.first} (${d.columns.join(' + ')} must be unique); the first is used`, it: `${f.it}: ${shown(d.value)} ripete il record ${d.first} (${d.columns.join(' + ')} deve essere unico); vale il primo` };
    case 'duplicateKey':
      return { en: `${f.en}: ${shown(d.value)} appears more than once; the first record is used`, it: `${f.it}: ${shown(d.value)} compare più volte; vale il primo record` };
    case 'notObject':
      return { en: `a record must be an object of column values, found ${shown(d.value)}`, it: `un record deve essere un oggetto di valori per colonna, trovato ${shown(d.value)}` };
    case 'misspelt': {
      const m = { en: fieldName(d.meant, d.meantLabel, 'en'), it: fieldName(d.meant, d.meantLabel, 'it') };
      return {
        en: `${f.en} is not a column of the fact schema, and the record lacks its column ${m.en}: rename the field to "${d.meant}" (or declare it in the fact schema); as it is, its value ${shown(d.value)} would not be read`,
        it: `${f.it} non è una colonna dello schema dei dati, e al record manca la sua colonna ${m.it}: rinomina il campo in "${d.meant}" (oppure dichiaralo nello schema dei dati); così com'è, il suo valore ${shown(d.value)} non verrebbe letto`,
      };
    }
  }
}

/**
 * Where a rejected partner's first defect is — its file, record and field, e.g. ` (partners.json, partners[2], field
 * "kind")` — so a fact record of that partner points at what to fix in the partner list (one issue per defect: the
 * partner's own issue says what is wrong, the record's names where). Empty when the partner's issues name nothing.
 */
function partnerDefectPlace(rejected: readonly Issue[]): Bilingual {
  const first = rejected[0];
  if (!first) return { en: '', it: '' };
  const index = first.path[0] === 'partners' && typeof first.path[1] === 'number' ? `partners[${first.path[1]}]` : undefined;
  const more = rejected.length - 1;
  const en = [first.file, index, first.field ? `field "${first.field}"${more > 0 ? ` and ${more} more` : ''}` : undefined].filter(Boolean);
  const it = [first.file, index, first.field ? `campo "${first.field}"${more > 0 ? ` e altri ${more}` : ''}` : undefined].filter(Boolean);
  return en.length ? { en: ` (${en.join(', ')})`, it: ` (${it.join(', ')})` } : { en: '', it: '' };
}
