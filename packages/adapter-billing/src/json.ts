import type { BothLanguages } from '@provvigo/core';
import { isSafeNumber, parse } from 'lossless-json';

/**
 * Parses event JSON without losing digits: a number a JS `number` cannot hold exactly (an id above 2^53, say) is kept
 * as its source text, so two events whose ids differ in the last digit stay two events. Throws on invalid JSON.
 */
export function parseEventJson(text: string): unknown {
  return parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : value));
}

/** `parseEventJson`, with the parser's own words when the text does not parse ("Duplicate key 'a' encountered at position 8"). */
export function tryParseEventJson(text: string): { ok: true; value: unknown } | { ok: false; cause: string } {
  try {
    return { ok: true, value: parseEventJson(text) };
  } catch (error) {
    return { ok: false, cause: (error as Error).message };
  }
}

/**
 * A quarantine reason after the place a file import read the event (`events.jsonl:2: …`), in both languages, when it
 * has one (the inbox's `origin`); as it is for a webhook's event, which has none. Every reason of an event read from a
 * file is prefixed here, at import and at any later processing (after `requeueEvents`), so the person fixing the
 * export is sent to the line whatever the fault.
 */
export function atPlace(reasons: BothLanguages, origin?: string | null): BothLanguages {
  return origin ? { en: `${origin}: ${reasons.en}`, it: `${origin}: ${reasons.it}` } : reasons;
}

/**
 * The quarantine reason of an event whose JSON does not parse: ours, then the parser's cause as it gave it; after the
 * place a file import read it (`events.jsonl:2: …`) when there is one. The import and a later processing of the same
 * stored line (after `requeueEvents`) both word it here, so the two reasons are the same text.
 */
export function notJsonReasons(cause: string, origin?: string | null): BothLanguages {
  return atPlace({ en: `the payload is not valid JSON: ${cause}`, it: `il contenuto non è un JSON valido: ${cause}` }, origin);
}

/**
 * Whether JSON text stops inside a string, an object or an array, i.e. text is missing at its end: a cut-off line.
 * A line that closes everything it opens is complete, whatever else the parser refuses in it (a duplicate key). Read
 * from the text itself rather than from the parser's wording, which names the end of input only for some cuts (`{"a":tr`,
 * cut inside `true`, reads "Object value expected after ':' at position 5").
 */
export function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++; // the escaped character cannot close the string
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}
