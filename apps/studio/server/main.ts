import { fileURLToPath } from 'node:url';
import { startStudio } from './app.js';
import { loadSample } from './sample.js';
import { demoUsers } from './users.js';

// `pnpm studio`: the studio on the embedded sample, data in .provvigo/studio (PGlite) or PROVVIGO_DB.
const sample = loadSample();
const password = process.env['STUDIO_DEMO_PASSWORD'] ?? 'provvigo-demo';
const port = Number(process.env['PORT'] ?? 5180);
const studio = await startStudio(
  {
    db: process.env['PROVVIGO_DB'] ?? '.provvigo/studio',
    plansDir: process.env['STUDIO_PLANS'] ?? '.provvigo/studio-plans',
    sample,
    users: demoUsers(sample.partners, password),
    clientDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
  },
  port,
);
console.log(`Provvigo studio on ${studio.url}`);
console.log(`  staff: designer / approver; partners: their id in lower case (e.g. ${sample.partners[0]?.id.toLowerCase()}); demo password: ${password}`);
