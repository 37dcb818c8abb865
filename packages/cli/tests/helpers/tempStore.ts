// A test file's scratch space: a temporary folder and a fresh embedded store (PGlite folder), removed after the file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// the store's test helper: a fresh PGlite folder copied from an initialised template (initialising one takes ~10 s)
import { freshPgliteFolder } from '../../../store/tests/helpers/engines.js';

/** The sample utility of examples/utility: its plans, fact schema, small partner list and facts. */
export const example = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/utility');
export const sampleInputs = {
  plan: [join(example, 'plans')],
  schema: join(example, 'factSchema.json'),
  partners: join(example, 'fixtures/small/partners.json'),
  facts: [join(example, 'fixtures/small/facts')],
};

/** Creates `<prefix>…` (a scratch folder) and `<prefix>db-…` (a fresh PGlite store folder). */
export async function tempStore(prefix: string): Promise<{ dir: string; db: string }> {
  return { dir: await mkdtemp(join(tmpdir(), prefix)), db: await freshPgliteFolder(`${prefix}db-`) };
}

export async function removeFolders(...folders: string[]): Promise<void> {
  for (const folder of folders) if (folder) await rm(folder, { recursive: true, force: true });
}
