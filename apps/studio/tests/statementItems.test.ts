import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '@provvigo/core';
import type { LedgerEntry, PeriodStatement } from '@provvigo/core';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';

/**
 * The partner's statement API (issue 11 §6): held amounts come with the run's ledger entries (contract, reason,
 * release date) and the records' customer/product from the run's stored facts, only for the partner itself.
 * Expected values are read from the sample's fixture files (examples/utility), not from the studio's output.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
let studio: StudioServer;

const session = (username: string): Promise<string> => loginCookie(studio.url, username, PASSWORD);
async function call(cookie: string, method: string, path: string): Promise<{ status: number; body: any }> {
  const r = await fetch(`${studio.url}${path}`, { method, headers: { cookie } });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  const designer = await session('designer');
  expect((await call(designer, 'POST', `/api/periods/${period}/calculate`)).status).toBe(200);
  const approver = await session('approver');
  for (const step of ['validate', 'approve']) expect((await call(approver, 'POST', `/api/periods/${period}/${step}`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

const contracts = new Map((sample.facts['contracts'] ?? []).map((r) => [String(r['id']), r]));

describe('the partner statement API itemises held amounts from the approved run', () => {
  it('every held amount has its ledger entry (contract, releasing event, deadline) and the contract product from the facts', async () => {
    let partnersWithHeld = 0;
    for (const partner of sample.partners) {
      const cookie = await session(partner.id.toLowerCase());
      const { status, body } = await call(cookie, 'GET', `/api/periods/${period}/statements/${partner.id}`);
      expect(status).toBe(200);
      const ps = body.periodStatement as PeriodStatement | undefined;
      if (!ps || ps.held.length === 0) continue;
      partnersWithHeld++;
      const entries = new Map((body.ledgerEntries as LedgerEntry[]).map((e) => [e.id, e]));
      let sum = new Decimal(0);
      for (const h of ps.held) {
        const e = entries.get(h.entryId);
        expect(e, h.entryId).toBeDefined();
        expect(e!.kind).toBe('held');
        expect(e!.partnerId).toBe(partner.id);
        expect(e!.details['on']).toBeTruthy();
        sum = sum.plus(e!.amount);
        // the contract the amount waits on is one of the partner's own contracts in the fixture file
        const contract = contracts.get(e!.subject ?? '');
        expect(contract?.['partnerId']).toBe(partner.id);
        if (e!.source) expect(body.records[`${e!.source.table}/${e!.source.id}`]?.product).toBe(contract!['product']);
      }
      expect(sum.toString()).toBe(new Decimal(ps.totals.held).toString());
      // no entry of another partner travels with the statement
      expect((body.ledgerEntries as LedgerEntry[]).every((e) => e.partnerId === partner.id)).toBe(true);
    }
    // the sample's agencies hold lines until activation: the check above ran on real held amounts
    expect(partnersWithHeld).toBeGreaterThan(0);
  });

  it('a partner cannot read another partner statement, entries or records', async () => {
    const [a, b] = sample.partners;
    const cookie = await session(a!.id.toLowerCase());
    expect((await call(cookie, 'GET', `/api/periods/${period}/statements/${b!.id}`)).status).toBe(403);
  });
});
