import { CommanderError } from 'commander';
import { CliError } from './io/errors.js';
import { EXIT, createProgram } from './program.js';

// `provvigo explain … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw error;
});

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    // a CliError from an option's parser (run --verify) is worded in both languages: print the user's
    const message = error instanceof CliError ? error.format() : error instanceof Error ? error.message : String(error);
    process.stderr.write(`provvigo: ${message}\n`);
    process.exitCode = EXIT.usage;
  });
