// Issue 11 §7: "stories load in under 3 s". Opens the first story of every story file of the built Storybook
// (packages/react/storybook-static, built by the react project's browser test or `pnpm build-storybook`) cold in
// Chromium, three times each, and takes the median time from navigation to the story's first render. Prints the
// figures with the machine's load average and fails when a median is 3 s or more. A script, not a test: it measures
// wall-clock time, so CI runs it on its own after the tests (scripts/test-all.sh), never alongside them.
//   node --conditions=@provvigo/source --import tsx packages/react/scripts/story-load-budget.ts [budget-ms]
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStorybook, staticDir } from '../tests/browser/storybookServer.js';
import { openStoryPage } from '../tests/browser/storyPage.js';

const budget = Number(process.argv[2] ?? 3000);
// cold loads per story file (the median is taken); CI sets 1 to keep its budget (scripts/test-all.sh)
const RUNS = Math.max(1, Number(process.env['PROVVIGO_STORY_RUNS'] ?? 3));
if (!existsSync(join(staticDir, 'index.json'))) {
  console.error(`story-load-budget: no built Storybook in ${staticDir} (run pnpm build-storybook first)`);
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, { id: string; type: string; importPath: string }> };
const firstOfFile = new Map<string, string>();
for (const e of Object.values(index.entries)) if (e.type === 'story' && !firstOfFile.has(e.importPath)) firstOfFile.set(e.importPath, e.id);

const { url, server } = await serveStorybook();
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
const rows: { id: string; ms: number }[] = [];
try {
  for (const id of firstOfFile.values()) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const o = await openStoryPage(browser, url, id, 1280);
      times.push(o.renderedMs);
      await o.page.close();
    }
    rows.push({ id, ms: Math.round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!) });
  }
} finally {
  await browser.close();
  server.close();
}
rows.sort((a, b) => b.ms - a.ms);
console.log(`story files: ${rows.length}; cold load to first render, median of ${RUNS}: slowest ${rows[0]?.ms} ms, fastest ${rows.at(-1)?.ms} ms (budget ${budget} ms); load average ${load} → ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const r of rows) console.log(`${String(r.ms).padStart(7)} ms  ${r.id}`);
const over = rows.filter((r) => r.ms >= budget);
if (over.length > 0) {
  console.error(`story-load-budget: ${over.length} of ${rows.length} took ${budget} ms or more`);
  process.exit(1);
}
