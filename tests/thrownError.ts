/** An error as the packages' language tests read it: its English `message` and, when it has them, both texts. */
export type ThrownError = Error & { messages?: { en: string; it: string } };

/**
 * The error `fn` throws, for asserting on outside any `catch` (an assertion inside one may never run); the test fails
 * when `fn` throws none.
 */
export function thrownError(fn: () => unknown): ThrownError {
  try {
    fn();
  } catch (e) {
    return e as ThrownError;
  }
  throw new Error('expected a refusal, got none');
}
