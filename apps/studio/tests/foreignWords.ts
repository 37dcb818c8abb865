/** The fixed words of the other language found in a text (whole words, case-sensitive as written). */
export function foreignWords(text: string, words: readonly string[]): string[] {
  return words.filter((w) => new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(text));
}
