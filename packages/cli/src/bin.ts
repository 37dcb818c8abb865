import { CommanderError } from 'commander';
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
    process.stderr.write(`provvigo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.usage;
  });
