import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '@provvigo/core';

/** A plan's working copy written aside, not yet in place: `commit()` puts the saved version there, `discard()` removes it. */
export interface StagedPlanFile {
  commit(saved: Plan): void;
  discard(): void;
}

const planText = (plan: Plan) => `${JSON.stringify(plan, null, 2)}\n`;

/**
 * Writes a plan's working copy (`<id>.json` in `dir`) in two steps around the store's save. The plan is written aside
 * first, so a folder that cannot take it (not a folder, no space, no permission) fails the save before the store keeps
 * a version the folder never gets. `commit` writes the version the store numbered over it and renames it into place:
 * a rename is atomic, so a crash never leaves half a file for the next start to read.
 */
export function stagePlanFile(dir: string, plan: Plan): StagedPlanFile {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${plan.id}.json`);
  const aside = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, planText(plan));
  return {
    commit(saved) {
      writeFileSync(aside, planText(saved));
      renameSync(aside, target);
    },
    discard: () => rmSync(aside, { force: true }),
  };
}
