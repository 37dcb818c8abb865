/**
 * What sending a partition to a worker costs: structured clone (v8.serialize in the sender, v8.deserialize in the
 * worker) against the pool's columns (encode in the sender, decode in the worker), on the bench's contracts, medians of
 * six interleaved rounds after one warm-up. `node --conditions=@provvigo/source --import tsx bench/src/transferCost.ts
 * [lines]` (one partition of two: lines / 2 records).
 */
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { loadavg } from 'node:os';
import { factTableBuffers, decodeFactTable, encodeFactTable } from '@provvigo/pool';
import { workload } from './data.js';

const w = workload('transfer', 500, Number(process.argv[2] ?? 200_000));
const half = w.contracts.filter((_, i) => i % 2 === 0);
const time = <T>(f: () => T): [number, T] => {
  const s = performance.now();
  const v = f();
  return [performance.now() - s, v];
};
const r: Record<string, number[]> = { cloneSend: [], cloneReceive: [], encode: [], decode: [], cloneBytes: [], columnBytes: [] };
for (let k = 0; k < 7; k++) {
  const [send, bytes] = time(() => serialize(half));
  const [receive] = time(() => deserialize(bytes));
  const [encode, table] = time(() => encodeFactTable(half)!);
  const [decode] = time(() => decodeFactTable(table));
  r.cloneSend!.push(send);
  r.cloneReceive!.push(receive);
  r.encode!.push(encode);
  r.decode!.push(decode);
  r.cloneBytes!.push(bytes.length);
  r.columnBytes!.push(factTableBuffers(table).reduce((s, x) => s + x.byteLength, 0));
}
const median = (a: number[]) => a.slice(1).sort((x, y) => x - y)[3]!;
console.log(JSON.stringify({ records: half.length, load: loadavg().map((x) => x.toFixed(1)), ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(median(v))])) }));
