// Imports every entry point listed in entries.json (written by scripts/test-consumer.mjs) as ES modules and checks
// that each one exports something. Prints one line per entry.
import { readFileSync } from 'node:fs';

const entries = JSON.parse(readFileSync(new URL('./entries.json', import.meta.url), 'utf8'));
let failed = 0;
for (const { specifier } of entries) {
  try {
    const mod = await import(specifier);
    const names = Object.keys(mod).filter((k) => k !== 'default');
    if (names.length === 0) throw new Error('no named exports');
    console.log(`  esm ${process.version} ${specifier}: ${names.length} exports`);
  } catch (error) {
    failed++;
    console.error(`  esm ${process.version} ${specifier}: FAILED ${error instanceof Error ? error.stack : error}`);
  }
}
process.exitCode = failed ? 1 : 0;
