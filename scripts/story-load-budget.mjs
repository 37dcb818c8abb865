#!/usr/bin/env node
// Issue 11 §7: "stories load in under 3 s". The Storybook browser test (packages/react/tests/browser/everyStory.ts)
// opens every story alone in Chromium and records, per story, the milliseconds from navigation to Storybook's
// `storyRendered` event in test-artifacts/story-load-times.json; it asserts nothing about time (a shared machine).
// CI runs this script after the tests: it prints the slowest stories and fails when one took 3 s or more.
//   node scripts/story-load-budget.mjs [file] [budget-ms]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('../test-artifacts/story-load-times.json', import.meta.url);
const budget = Number(process.argv[3] ?? 3000);
let times;
try {
  times = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`story-load-budget: cannot read ${file} (run the react project's browser tests first): ${e.message}`);
  process.exit(1);
}
const rows = Object.entries(times).sort((a, b) => b[1].renderedMs - a[1].renderedMs);
if (rows.length === 0) {
  console.error(`story-load-budget: ${file} lists no story`);
  process.exit(1);
}
const ms = rows.map(([, t]) => t.renderedMs).sort((a, b) => a - b);
const median = ms[Math.floor(ms.length / 2)];
console.log(`stories: ${rows.length}; first render: median ${median} ms, slowest ${ms.at(-1)} ms (budget ${budget} ms)`);
for (const [id, t] of rows.slice(0, 5)) console.log(`  ${String(t.renderedMs).padStart(6)} ms  ${id} (finished, play included: ${t.finishedMs} ms)`);
const over = rows.filter(([, t]) => t.renderedMs >= budget);
if (over.length > 0) {
  console.error(`story-load-budget: ${over.length} stories took ${budget} ms or more: ${over.map(([id]) => id).join(', ')}`);
  process.exit(1);
}
