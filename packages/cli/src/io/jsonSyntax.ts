/**
 * JSON syntax errors as the CLI reports them: the line and column, and what is wrong, never the text itself. V8's
 * message for an unexpected token quotes up to twenty characters around it (`Unexpected token 'h', ..."apiKey":
 * hunter2-S3"... is not valid JSON`), which in a configuration file may be part of a password or an API key. So the
 * text JSON.parse refused is read again with jsonc-parser (VS Code's JSON parser), strict, which tells where and why.
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

/** Where a JSON text stops being JSON (1-based line and column) and why, in words that quote none of the text. */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  reason: Reason;
}

/** What is wrong, in the CLI's two languages. */
export interface Reason {
  en: string;
  it: string;
}

const UNEXPECTED: Reason = { en: 'unexpected character', it: 'carattere inatteso' };

/** jsonc-parser's codes (by name: its enum is a const enum, unreadable here) in words (the ones strict JSON can meet; comments are refused as invalid symbols). */
const REASONS = new Map<string, Reason>([
  ['InvalidSymbol', { en: 'unexpected character', it: 'carattere inatteso' }],
  ['InvalidNumberFormat', { en: 'not a number as JSON writes one', it: 'numero non scritto come in JSON' }],
  ['PropertyNameExpected', { en: 'a property name in double quotes expected', it: 'manca il nome di una proprietà tra virgolette' }],
  ['ValueExpected', { en: 'a value expected', it: 'manca un valore' }],
  ['ColonExpected', { en: 'a colon expected', it: 'mancano i due punti' }],
  ['CommaExpected', { en: 'a comma expected', it: 'manca una virgola' }],
  ['CloseBraceExpected', { en: 'a closing brace expected', it: 'manca una parentesi graffa di chiusura' }],
  ['CloseBracketExpected', { en: 'a closing bracket expected', it: 'manca una parentesi quadra di chiusura' }],
  ['EndOfFileExpected', { en: 'more text after the JSON value', it: 'altro testo dopo il valore JSON' }],
  ['UnexpectedEndOfString', { en: 'a string not closed', it: 'stringa non chiusa' }],
  ['UnexpectedEndOfNumber', { en: 'a number cut short', it: 'numero incompleto' }],
  ['InvalidUnicode', { en: 'a \\u escape without four hex digits', it: 'escape \\u senza quattro cifre esadecimali' }],
  ['InvalidEscapeCharacter', { en: 'an escape JSON does not have', it: 'escape che JSON non ha' }],
  ['InvalidCharacter', { en: 'a control character inside a string', it: 'carattere di controllo in una stringa' }],
]);

/** The first problem of `text`, a text JSON.parse refused. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses: arrays nested deeper than its stack allows end it with a RangeError
  }
  const first = errors[0];
  // none found (nesting too deep for either parser): placed at the end
  if (!first) return { ...lineColumn(text, text.length), reason: { en: 'not valid JSON', it: 'JSON non valido' } };
  return { ...lineColumn(text, first.offset), reason: REASONS.get(printParseErrorCode(first.error)) ?? UNEXPECTED };
}

/** `not valid JSON at line 3, column 14: unexpected character`; for one line of a JSON Lines file, the column only. */
export function jsonSyntaxMessage(text: string, oneLine = false): string {
  return jsonSyntaxMessages(text, oneLine).en;
}

/** The same in both languages: `JSON non valido alla riga 3, colonna 14: carattere inatteso`. */
export function jsonSyntaxMessages(text: string, oneLine = false): Reason {
  const p = jsonSyntaxProblem(text);
  return {
    en: `not valid JSON at ${oneLine ? '' : `line ${p.line}, `}column ${p.column}: ${p.reason.en}`,
    it: `JSON non valido alla ${oneLine ? '' : `riga ${p.line}, `}colonna ${p.column}: ${p.reason.it}`,
  };
}

/** 1-based line and column of `offset` (columns in UTF-16 code units, as V8 counts them). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
