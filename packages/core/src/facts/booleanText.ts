/**
 * The words a record may give for true and false, compared trimmed and in lower case: JSON's own, 1 and 0, and yes/no
 * in English and Italian, VERO and FALSO included (Italian Excel writes a boolean cell so in a CSV export, and the
 * Italian issue for a bad value already asked for "vero o falso").
 */
const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'y', 'si', 'sì', 'vero']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'n', 'falso']);

/** The boolean a raw value means, or undefined when it names neither: the record check and the engine read it alike. */
export function booleanOf(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  return TRUE_WORDS.has(s) ? true : FALSE_WORDS.has(s) ? false : undefined;
}
