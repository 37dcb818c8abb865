// Requires every entry point listed in entries.json that ships CommonJS (a "require" condition) and checks that each
// one exports something. Prints one line per entry.
const entries = require('./entries.json');

let failed = 0;
for (const { specifier, cjs } of entries) {
  if (!cjs) continue;
  try {
    const names = Object.keys(require(specifier));
    if (names.length === 0) throw new Error('no exports');
    console.log(`  cjs ${process.version} ${specifier}: ${names.length} exports`);
  } catch (error) {
    failed++;
    console.error(`  cjs ${process.version} ${specifier}: FAILED ${error instanceof Error ? error.stack : error}`);
  }
}
process.exitCode = failed ? 1 : 0;
