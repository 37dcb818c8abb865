import { CommanderError } from 'commander';
import { EXIT, createProgram } from './program.js';

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
