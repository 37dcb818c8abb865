// Tests of `provvigo plan save|history|diff` on the embedded store.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDiff, planHistory, planSave } from '../src/commands/plan.js';
import { capture } from './helpers/capture.js';
import { removeFolders, tempStore } from './helpers/tempStore.js';

const here = dirname(fileURLToPath(import.meta.url));
const planFile = resolve(here, '../../../examples/utility/plans/agency-agents.json');
let dir: string;
let db: string;
beforeAll(async () => void ({ dir, db } = await tempStore('provvigo-plan-cli-')));
afterAll(() => removeFolders(dir, db));

describe('provvigo plan', () => {
  it('saves versions, lists them and shows what changed', async () => {
    let c = capture();
    expect(await planSave({ db, file: planFile, as: 'dora', at: '2026-10-01T08:00:00Z' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/^plan agency-agents saved as version 1 \(hash [0-9a-f]{64}\) by dora\n$/);
    c = capture();
    expect(await planSave({ db, file: planFile, as: 'dora' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/^plan agency-agents unchanged: same content as version 1/);

    // the designer raises the efficiency bonus and leaves `version` as it was in the file
    const plan = JSON.parse(await readFile(planFile, 'utf8')) as { parameters: Record<string, { value: string }> };
    plan.parameters['EfficiencyBonus']!.value = '30.00';
    const edited = join(dir, 'agency-agents.json');
    await writeFile(edited, JSON.stringify(plan));
    c = capture();
    expect(await planSave({ db, file: edited, as: 'dora', at: '2026-10-02T08:00:00Z' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/saved as version 2/);

    c = capture();
    expect(await planHistory({ db, plan: 'agency-agents' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/^\s*1\s+[0-9a-f]{16}\s+2026-01-01\s+dora\s+2026-10-01T08:00:00Z$/m);
    expect(c.text()).toMatch(/^\s*2\s+[0-9a-f]{16}\s+2026-01-01\s+dora\s+2026-10-02T08:00:00Z$/m);

    c = capture();
    expect(await planDiff({ db, plan: 'agency-agents', from: 1, json: true }, c.io)).toBe(0);
    expect(JSON.parse(c.text())).toEqual({
      plan: 'agency-agents',
      from: 1,
      to: 2,
      changes: [{ path: 'parameters.EfficiencyBonus.value', kind: 'changed', before: '25.00', after: '30.00' }],
    });
    c = capture();
    expect(await planDiff({ db, plan: 'agency-agents', from: 1, to: 2 }, c.io)).toBe(0);
    expect(c.text()).toContain('~ parameters.EfficiencyBonus.value: "25.00" → "30.00"');

    c = capture();
    expect(await planDiff({ db, plan: 'agency-agents', from: 7 }, c.io)).toBe(1);
    expect(c.errors()).toContain('plan agency-agents has no version 7 [plan_unknown]');
    c = capture();
    expect(await planHistory({ db, plan: 'nope' }, c.io)).toBe(1);
    expect(c.errors()).toContain('plan nope has no saved version');
  }, 120_000);
});
