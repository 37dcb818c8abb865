import { expect } from 'vitest';
import { CliError } from '../../src/io/errors.js';

/** The CliError a command fails with (the test fails when it does not fail, or fails otherwise). */
export async function refusal(run: Promise<number>): Promise<CliError> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}
