/**
 * The guard of every public function whose options object is required: a JavaScript caller who leaves it out (or
 * one of its required options) gets a `TypeError` naming the function and what to pass, never "Cannot read
 * properties of undefined". TypeScript callers are stopped by the signature already; this is for plain JS.
 */
export function requireOptions<T>(fn: string, options: T | undefined | null, required: readonly string[]): asserts options is T {
  const hint = `pass { ${required.join(', ')} }`;
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: the options object is missing (${hint})`);
  }
  const missing = required.filter((k) => (options as Record<string, unknown>)[k] === undefined);
  if (missing.length) throw new TypeError(`${fn}: option${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')} missing (${hint})`);
}
