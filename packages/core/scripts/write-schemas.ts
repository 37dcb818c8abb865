/**
 * Writes the JSON Schema files of core's boundary types into packages/core/schemas/ from the zod schemas, so
 * editors and non-TypeScript callers can validate plan, fact-schema, partner and run-result files.
 *   node --conditions=@provvigo/source --import tsx packages/core/scripts/write-schemas.ts
 * tests/docs.test.ts fails when the committed files differ from what this script writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFiles } from './schemaFiles.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(dir, file), text);
  process.stdout.write(`wrote ${join(dir, file)}\n`);
}
