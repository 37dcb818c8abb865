/**
 * Runs a HyperFormula construction with `console.warn` and `console.error` muted. HyperFormula prints its licence-key
 * notices there when it builds an instance; core reports a key that does not compute as an issue instead
 * (`assertLicensed`), so nothing reaches the host application's console. The call is synchronous: only the
 * construction itself runs while the console is muted, and the console is restored even when it throws.
 */
export function quietly<T>(build: () => T): T {
  const { warn, error } = console;
  console.warn = () => {};
  console.error = () => {};
  try {
    return build();
  } finally {
    console.warn = warn;
    console.error = error;
  }
}
