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

/** The quarantine reason of an event whose JSON does not parse: ours, then the parser's cause as it gave it. */
export function notJsonReasons(cause: string): BothLanguages {
  return { en: `the payload is not valid JSON: ${cause}`, it: `il contenuto non è un JSON valido: ${cause}` };
}
