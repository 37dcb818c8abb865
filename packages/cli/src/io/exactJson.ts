import { isSafeNumber } from 'lossless-json';

/**
 * A value that starts with a run of sixteen digits or more, a decimal point allowed among them: a JSON number
 * JSON.parse may round is written so (any decimal of up to fifteen significant digits is a double's exactly, read back
 * the same). Only after `:`, `[` or `,`, where a value starts, so that a text holding a long code (an IBAN, a POD)
 * does not send its line down the slow path; a text that only looks like such a value costs time, never a digit.
 */
const LONG_NUMBER = /(?:^|[:[,])\s*-?\d(?:\.?\d){15}/;

/** The third argument Node 22 and later give a reviver: the number's text as written (V8's JSON.parse source access). */
type ReviverContext = { source?: string } | undefined;

/**
 * JSON.parse, except that a number a JS number cannot hold exactly is kept as its text as written: an amount such as
 * 12345678901234567.89, or an id above 2^53 (9007199254740993 would read as …992, and two records as one). The run
 * reads a number given as text exactly, where JSON.parse would have changed it without a word. A text holding no
 * sixteen-digit run, nearly every one, takes JSON.parse's plain path: the reviver costs about five times the parse.
 */
export function parseJsonExactly(text: string): unknown {
  if (!LONG_NUMBER.test(text)) return JSON.parse(text);
  const exact = (_key: string, value: unknown, context?: ReviverContext): unknown => {
    const source = context?.source;
    return typeof value === 'number' && source !== undefined && !isSafeNumber(source) ? source : value;
  };
  return JSON.parse(text, exact as (key: string, value: unknown) => unknown);
}
