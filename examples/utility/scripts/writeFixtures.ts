/** Regenerates `fixtures/small/` (JSON facts and the same facts as CSV). Run: pnpm --filter @provvigo/example-utility run fixtures */
import { join } from 'node:path';
import { SAMPLE_FILES, loadFactSchema, writeCsv, writeSample } from '../src/files.js';
import { smallSample } from '../src/fixtures.js';

const factSchema = await loadFactSchema();
const sample = smallSample();
await writeSample(SAMPLE_FILES.small, sample, { format: 'json', factSchema });
for (const [table, records] of Object.entries(sample.facts)) {
  await writeCsv(join(SAMPLE_FILES.small, 'facts-csv', `${table}.csv`), Object.keys(factSchema.tables[table]?.columns ?? {}), records);
}
process.stdout.write(`wrote ${SAMPLE_FILES.small} (${sample.partners.length} partners, ${Object.values(sample.facts).reduce((n, r) => n + r.length, 0)} records)\n`);
