import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '@provvigo/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStudio, type StudioOptions } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { postgresAvailable, testSchema } from './postgres.js';

/**
 * The plans folder (the builder's working copies) and the store's plan versions never tell two stories: a save that
 * the folder cannot take leaves no version in the store, a working copy that missed a save does not bring an older
 * plan back on the next start, and a file that is not JSON is reported and skipped instead of stopping the studio.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const plan = sample.plans.find((p) => p.id === 'agency-agents')!;
const available = await postgresAvailable();
const logged: string[] = [];
let pgSchema: Awaited<ReturnType<typeof testSchema>>;

async function withStudio<T>(options: Pick<StudioOptions, 'db' | 'plansDir'>, use: (url: string, cookie: string) => Promise<T>): Promise<T> {
  const studio = await startStudio({ ...options, sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  try {
    return await use(studio.url, await loginCookie(studio.url, 'designer', PASSWORD));
  } finally {
    await studio.close();
  }
}

const put = (url: string, cookie: string, body: Plan) =>
  fetch(`${url}/api/plans/${body.id}`, { method: 'PUT', headers: { cookie, origin: url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const versions = async (url: string, cookie: string) =>
  ((await (await fetch(`${url}/api/plans/${plan.id}/versions`, { headers: { cookie } })).json()) as { versions: { version: number }[] }).versions.map((v) => v.version);
const current = async (url: string, cookie: string) =>
  ((await (await fetch(`${url}/api/plans`, { headers: { cookie } })).json()) as { plans: Plan[] }).plans.find((p) => p.id === plan.id);
const renamed = (name: string): Plan => ({ ...plan, name: { it: name, en: name } });

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe('plan working copies and the store', () => {
  it('a save the plans folder cannot take keeps no version in the store', async () => {
    const base = mkdtempSync(join(tmpdir(), 'studio-plans-blocked-'));
    writeFileSync(join(base, 'file'), '');
    await withStudio({ db: 'memory://', plansDir: join(base, 'file', 'plans') }, async (url, cookie) => {
      expect((await put(url, cookie, renamed('Agenti 2027'))).status).toBe(500);
      expect(await versions(url, cookie)).toEqual([]);
      expect((await current(url, cookie))?.name).toEqual(plan.name);
    });
  });

  it('a saved plan is in the folder, whole, with the version the store gave it, and nothing is left aside', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'studio-plans-')), 'plans');
    await withStudio({ db: 'memory://', plansDir: dir }, async (url, cookie) => {
      expect((await put(url, cookie, renamed('Agenti 2027'))).status).toBe(200);
      expect((await put(url, cookie, renamed('Agenti 2028'))).status).toBe(200);
    });
    expect(readdirSync(dir)).toEqual([`${plan.id}.json`]);
    const file = JSON.parse(readFileSync(join(dir, `${plan.id}.json`), 'utf8')) as Plan;
    expect([file.name, file.version]).toEqual([{ it: 'Agenti 2028', en: 'Agenti 2028' }, 2]);
  });

  it('a plans folder holding a file that is not JSON: reported and skipped, the studio starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-plans-corrupt-'));
    writeFileSync(join(dir, `${plan.id}.json`), '{"id": "agency-agents", "name": {"it": "Agen');
    logged.length = 0;
    await withStudio({ db: 'memory://', plansDir: dir }, async (url, cookie) => {
      expect((await current(url, cookie))?.name).toEqual(plan.name);
    });
    expect(logged.filter((l) => l.startsWith(`studio: ignoring saved plan ${plan.id}.json`))).toHaveLength(1);
  });

  describe.skipIf(!available)('restarted on the same database (PostgreSQL)', () => {
    beforeAll(async () => {
      pgSchema = await testSchema('studio_plans');
    });
    afterAll(async () => {
      await pgSchema?.drop();
    });

    it('the store’s latest version wins over an older working copy', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-plans-behind-'));
      await withStudio({ db: pgSchema.db, plansDir: dir }, async (url, cookie) => {
        expect((await put(url, cookie, renamed('Agenti 2027'))).status).toBe(200);
        const older = readFileSync(join(dir, `${plan.id}.json`), 'utf8');
        expect((await put(url, cookie, renamed('Agenti 2028'))).status).toBe(200);
        // the studio stopped after the store's save and before the file's: the folder still holds version 1
        writeFileSync(join(dir, `${plan.id}.json`), older);
      });
      await withStudio({ db: pgSchema.db, plansDir: dir }, async (url, cookie) => {
        expect(await versions(url, cookie)).toEqual([1, 2]);
        const shown = await current(url, cookie);
        expect([shown?.name, shown?.version]).toEqual([{ it: 'Agenti 2028', en: 'Agenti 2028' }, 2]);
      });
    });
  });
});
