/**
 * Writes a generated sample to a folder: partners.json, period.json and facts/<table>.<format>.
 *   pnpm --filter @provvigo/example-utility run generate -- --lines 1000000 --partners 500 --format csv --out /tmp/big
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample, loadFactSchema, writeSample } from '../src/index.js';

const { values } = parseArgs({
  // pnpm passes a literal "--" through: drop it.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seed: { type: 'string', default: '2026' },
    partners: { type: 'string', default: '320' },
    lines: { type: 'string', default: '20000' },
    period: { type: 'string', default: '2026-10' },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string', default: '.provvigo/generated' },
  },
});
const format = values.format;
if (format !== 'csv' && format !== 'json' && format !== 'jsonl') throw new Error('--format is csv, json or jsonl');
const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
const sample = generateSample({ seed: Number(values.seed), partners: Number(values.partners), lines: Number(values.lines), period: values.period });
const written = await writeSample(out, sample, { format, factSchema: await loadFactSchema() });
process.stdout.write(`${JSON.stringify({ partners: sample.partners.length, ...Object.fromEntries(Object.entries(sample.facts).map(([t, r]) => [t, r.length])), written }, null, 2)}\n`);
