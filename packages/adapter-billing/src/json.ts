import { isSafeNumber, parse } from 'lossless-json';

/**
 * Parses event JSON without losing digits: a number a JS `number` cannot hold exactly (an id above 2^53, say) is kept
 * as its source text, so two events whose ids differ in the last digit stay two events. Throws on invalid JSON.
 */
export function parseEventJson(text: string): unknown {
  return parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : value));
}
