import { workload } from './data.js';
import { baselineL } from './baselineL.js';
import { runEngine } from './engine.js';
import { time } from './measure.js';
const n = Number(process.argv[2] ?? 20000);
const w = workload('p', 500, n);
runEngine({ ...w, contracts: w.contracts.slice(0, 2000) }, 'off');
for (const mode of ['off', 'sample', 'full'] as const) {
  if (mode === 'full' && n > 50000) continue;
  const e = time(() => runEngine(w, mode));
  console.log(mode, Math.round(e.ms), 'ms', { ...e.value.summary.verify, partners: e.value.summary.verify?.partners.length });
}
const l = time(() => baselineL(w));
console.log('L', Math.round(l.ms));
