/**
 * What the zod checks of the lines' columns and the trace groups cost `readStatement` (issue 15 §3): one partner's
 * statement of `--lines` contract lines of the sample plan (a), its canonical JSON read back many times; the checks
 * alone are timed on the same parsed columns and groups. Prints the median of each and the checks' share of a read.
 *
 *   pnpm --filter @provvigo/bench exec node --conditions=@provvigo/source --import tsx src/readCost.ts [--lines 20000]
 */
import { parseArgs } from 'node:util';
import { RecordColumnsSchema, TraceGroupsSchema, evaluate, readStatement, statementJson } from '@provvigo/core';
import { engineInput, workload } from './data.js';
import { fmt, median, time } from './measure.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '15' } } });
const w = workload('read', 1, Number(values.lines));
const result = evaluate(engineInput(w));
const statement = result.statements.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
const json = statementJson(statement);
const { lines, traces: groups } = JSON.parse(json) as { lines: unknown; traces: unknown };
const rounds = Number(values.rounds);
const read: number[] = [];
const check: number[] = [];
for (let i = 0; i < rounds; i++) {
  read.push(time(() => readStatement(json)).ms);
  check.push(time(() => [RecordColumnsSchema.parse(lines), TraceGroupsSchema.parse(groups)]).ms);
}
const r = median(read);
const c = median(check);
console.log(`${fmt(statement.lines.length)} lines, ${fmt(json.length)} bytes of JSON, ${(groups as unknown[]).length} trace group(s)`);
console.log(`readStatement (JSON.parse, checks, lines from their columns, lazy traces): ${fmt(r, 1)} ms; the checks alone: ${fmt(c, 2)} ms = ${fmt((100 * c) / r, 1)} % of the read`);
