import type { BothLanguages } from '@provvigo/core';
import { StoreError } from './errors.js';

/** Rows per INSERT when writing statements, traces and entries (one JSON parameter per batch). */
export const BATCH = 500;

// Two keys of the same advisory-lock namespace as migrate(); every write transaction takes WRITE_LOCK so ledger and
// audit sequence numbers are assigned without gaps or races between connections and processes.
export const LOCK_NAMESPACE = 0x70726f76;
export const WRITE_LOCK = 2;

/*
 * Text PostgreSQL keeps in neither text nor jsonb, on either engine: the NUL character, and half of a character beyond
 * U+FFFF (a lone UTF-16 surrogate, which JSON can write but UTF-8 cannot). Passed on, NUL failed inside the query with
 * the database's own error (SQLSTATE 22021 in text, 22P05 in jsonb), a lone surrogate failed in jsonb (22P02) and in
 * text was silently turned into U+FFFD by the driver (a lookup could then match another id). The store refuses both
 * itself, naming what carried them:
 * - a text parameter where it enters the store, the public function that takes it (`storableText`): that function
 *   knows the field ("the period id", "opening balance 2: partnerId"); a check in the query wrapper of db.ts could
 *   only say "parameter $1 of SELECT … FROM provvigo_periods", and would change the behaviour of every other package
 *   that shares `Db` for its own tables (the adapters keep raw texts of their own);
 * - a JSON document where it becomes the jsonb parameter (`jsonParam`): one regular expression over the JSON text,
 *   no walk over the values of a batch of statements or traces.
 */

const NUL: BothLanguages = { en: 'a NUL character (\\u0000)', it: 'un carattere NUL (\\u0000)' };
const HALF: BothLanguages = { en: 'half a character (a lone UTF-16 surrogate)', it: 'metà di un carattere (un surrogato UTF-16 isolato)' };
const cannotKeep = (what: BothLanguages, found: BothLanguages) =>
  new StoreError('invalid_data', {
    en: `${what.en} contains ${found.en}, which the store cannot keep: clean the source record`,
    it: `${what.it} contiene ${found.it}, che l'archivio non può conservare: correggi il record di origine`,
  });

/** NUL, or a high surrogate not followed by a low one, or a low one not after a high one. */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The Italian of the fields `storableText` is given by their English name (periodRuns.ts, the audit log and the
 * store's methods name them so). A name not here is a field path as the caller wrote it (`at`, `record.approvedAt`),
 * the same in both languages; a name built from a position or an id comes in both languages (`storableField`).
 * Exported for the tests' scan of the sources (every worded name is here), not from the package.
 */
export const FIELD_NAMES_IT: ReadonlyMap<string, string> = new Map([
  ['the period id', "l'id del periodo"],
  ['the run id', "l'id dell'esecuzione"],
  ['the actor id', "l'id dell'utente"],
  ['the plan id', "l'id del piano"],
  ['the partner id', "l'id del partner"],
  ['the line id', "l'id della riga"],
  ['the reason', 'il motivo'],
  ['the audit action', "l'azione del registro di audit"],
  ['the audit run id', "l'id dell'esecuzione nel registro di audit"],
  ["the session's operating-system user", "l'utente del sistema operativo della sessione"],
  ['the source of the opening balances', 'la fonte dei saldi di apertura'],
  ['the question', 'la domanda'],
  ['the answer', 'la risposta'],
]);

/** A field's name in both languages, from the English name `storableText` is given. */
const fieldName = (en: string): BothLanguages => ({ en, it: FIELD_NAMES_IT.get(en) ?? en });

/**
 * Refuses the first of `fields` (its English name, as the message says it, → the text or texts) that the store cannot
 * keep. Absent values pass; so do values that are not text (the caller's schema refuses those).
 */
export function storableText(fields: Readonly<Record<string, unknown>>): void {
  for (const [what, value] of Object.entries(fields)) storableField(fieldName(what), value);
}

/** As `storableText` for one field whose name is given in both languages ("opening balance 2: partnerId"). */
export function storableField(what: BothLanguages, value: unknown): void {
  for (const text of Array.isArray(value) ? value : [value]) {
    const found = typeof text === 'string' ? unstorable(text) : undefined;
    if (found !== undefined) throw cannotKeep(what, found);
  }
}

/** What in `text` the store cannot keep, in both languages, or undefined. */
function unstorable(text: string): BothLanguages | undefined {
  const found = UNSTORABLE_TEXT.exec(text)?.[0];
  return found === undefined ? undefined : found === '\u0000' ? NUL : HALF;
}

/**
 * What in `text` the store cannot keep (`a NUL character (\u0000)` or `half a character (a lone UTF-16 surrogate)`),
 * or undefined: for a caller that checks its input before the store does, to name the field in its own terms (the
 * studio names the path in a request's body).
 */
export function unstorableIn(text: string): string | undefined {
  return unstorable(text)?.en;
}

/**
 * The same in JSON text as JSON.stringify writes it: NUL as `\u0000`, and (since Node 12) a lone surrogate as its
 * escape `\ud800`…`\udfff` in lower case, where a whole pair is written as itself. An escape counts only after an
 * even number of backslashes (`\\u0000` is a backslash followed by the text "u0000").
 */
const UNSTORABLE_JSON = /(?:^|[^\\])(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/;

/**
 * JSON text for a jsonb parameter, refused with a message naming what carried it (`what`, in both languages: "a
 * statement of run R") when the store cannot keep it.
 */
export function jsonParam(value: unknown, what: BothLanguages): string {
  const text = JSON.stringify(value);
  // most documents hold no escape at all: a plain substring search, then the expression only when one is there
  if (text.includes('\\u')) {
    const found = UNSTORABLE_JSON.exec(text)?.[1];
    if (found !== undefined) throw cannotKeep(what, found === '0000' ? NUL : HALF);
  }
  return text;
}
