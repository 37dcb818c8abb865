// The worker pool's transfer encoding on its own (packages/pool/src/columns.ts), on the bench's contracts:
//   node --import tsx src/encodeLoop.ts [lines=200000] [rounds=7]
// Encodes the fact table as the pool does before sending a partition to a worker (on the main thread, beside the
// workers) and decodes it as a worker does, `rounds` times, and prints the median of each and each field's text count.
import { decodeFactTable, encodeFactTable } from '@provvigo/pool';
import { workload } from './data.js';
import { median } from './measure.js';

const [lines = 200_000, rounds = 7] = process.argv.slice(2, 4).map(Number);
const w = workload('pool', 500, lines);
const encode: number[] = [];
const decode: number[] = [];
let texts = '';
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const table = encodeFactTable(w.contracts);
  encode.push(performance.now() - t);
  if (!table) throw new Error('the contracts could not be encoded');
  texts = table.fields.map((f) => `${f.name} ${f.offsets.length - 1}`).join(', ');
  t = performance.now();
  decodeFactTable(table);
  decode.push(performance.now() - t);
}
console.log(`${w.contracts.length} records: encode ${median(encode).toFixed(1)} ms, decode ${median(decode).toFixed(1)} ms (medians of ${rounds}); texts per field: ${texts}`);
