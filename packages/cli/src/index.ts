export { createProgram, EXIT } from './program.js';
// the CLI's language (PROVVIGO_LOCALE, else the system's): for an embedder or a script that prints beside the CLI
export { cliLocale } from './io/cliLocale.js';
