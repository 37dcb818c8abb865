// A partition that fails on data, run through the queue by three `provvigo worker` processes: two partners of one
// partition have bad contracts, one partner fails the partner schema and a CSV row is rejected by the reader. Their partition is still written (bad data is reported, never thrown), the other
// partitions complete, and the run is stored with its issues and counts, byte for byte the single-process run of the
// same inputs. The run is then approvable for every partner but the blocked ones, as the README says.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactRecord, Issue, RunResult } from '@provvigo/core';
import { queueStatus } from '@provvigo/queue';
import { openDatabase, Store } from '@provvigo/store';
import { periodApprove, periodCalculate, periodOpen, periodValidate } from '../src/commands/period.js';
import { newLocation, type TestLocation } from '../../store/tests/helpers/engines.js';
import { startWorkerProcess, type Proc } from './helpers/queueProcesses.js';
import { capture, example, queueServersAvailable, sampleInputs, SHARED_REDIS, storedRun, who } from './helpers/queueRuns.js';

const servers = await queueServersAvailable();
const PARTITIONS = 6;
// Partitions deal the sorted partner ids round-robin (README, "How a run flows"). The sample's 20 ids sorted:
// AGT-0001 … AGT-0010 are positions 0–9, so AGT-0003 (2) and AGT-0009 (8) both fall in partition 2 (2 % 6 = 8 % 6).
const BAD_PARTITION = 2;
// AGT-0003's first contract gets a category the plan's rate table does not have: its commission line cannot be
// computed (#N/A), an error on a line, so the partner is blocked. AGT-0009's first contract gets a consumption that
// is not a number: the record is rejected and listed on its statement; the sample plans keep the default
// `rejectedRecords: 'warn'`, so AGT-0009 stays approvable.
const BLOCKED = 'AGT-0003';
const REJECTING = 'AGT-0009';
// TEC-0003 gets a kind the partner schema does not allow: it computes nothing, gets a blocked statement saying why,
// and each of its interventions is rejected saying so. It is the last id sorted, so the partitions of the others
// do not move. A CSV row of AGT-0001 with fewer fields than its header is rejected by the reader and counted.
const INVALID = 'TEC-0003';
// contracts rejected: the fixture's three bad-by-design records (BAD-MISSING-CATEGORY, BAD-WRONG-TYPE,
// BAD-UNKNOWN-PARTNER), AGT-0009's and the short CSV row.
const CONTRACTS_REJECTED = 5;

interface Bad {
  dir: string;
  partners: string;
  /** Interventions of the invalid partner, counted from the fixture file. */
  invalidInterventions: number;
  contracts: FactRecord[];
  blockedId: string;
  rejectedAt: number;
}

/** A copy of the sample facts with the two bad contracts. */
async function badFacts(): Promise<Bad> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-queue-bad-'));
  await cp(join(example, 'fixtures/small/facts'), dir, { recursive: true });
  const contracts = JSON.parse(await readFile(join(dir, 'contracts.json'), 'utf8')) as FactRecord[];
  const blockedAt = contracts.findIndex((c) => c['partnerId'] === BLOCKED);
  const rejectedAt = contracts.findIndex((c) => c['partnerId'] === REJECTING);
  contracts[blockedAt] = { ...contracts[blockedAt]!, category: 'IDROGENO' };
  contracts[rejectedAt] = { ...contracts[rejectedAt]!, annualKwh: 'tanti' };
  await writeFile(join(dir, 'contracts.json'), JSON.stringify(contracts, null, 2));
  await writeFile(join(dir, 'contracts.short.csv'), 'id,partnerId,signedDate,product\r\nSHORT-ROW,AGT-0001,2026-10-03\r\n');
  const partners = JSON.parse(await readFile(sampleInputs.partners, 'utf8')) as Array<{ id: string; kind: string }>;
  partners.find((p) => p.id === INVALID)!.kind = 'boss';
  const partnersFile = join(dir, '..', `${dir.split('/').pop()}-partners.json`);
  await writeFile(partnersFile, JSON.stringify(partners));
  const interventions = JSON.parse(await readFile(join(dir, 'interventions.json'), 'utf8')) as FactRecord[];
  const invalidInterventions = interventions.filter((r) => r['partnerId'] === INVALID).length;
  return { dir, partners: partnersFile, invalidInterventions, contracts, blockedId: String(contracts[blockedAt]!['id']), rejectedAt };
}

async function summaryOf(target: string): Promise<{ summary: Omit<RunResult, 'statements'>; blocked: string[] }> {
  const store = await Store.open(await openDatabase(target));
  try {
    const run = (await store.getRun('2026-10-r1'))!;
    const evaluated = await store.getEvaluated('2026-10-r1');
    return { summary: run.summary!, blocked: evaluated.filter((s) => s.blocked).map((s) => s.partnerId).sort() };
  } finally {
    await store.close();
  }
}

describe.runIf(servers)('a partition that fails on data, through the queue', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  let bad: Bad;
  let inputs: typeof sampleInputs;
  let reference: Awaited<ReturnType<typeof storedRun>>;

  const opened = async (): Promise<TestLocation> => {
    const location = await newLocation('postgres');
    cleanup.push(() => location.dispose());
    expect(await periodOpen({ db: location.target, period: '2026-10', as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);
    return location;
  };

  beforeAll(async () => {
    bad = await badFacts();
    cleanup.push(() => rm(bad.dir, { recursive: true, force: true }), () => rm(bad.partners, { force: true }));
    inputs = { ...sampleInputs, partners: bad.partners, facts: [bad.dir] };
    // the reference: the same bad inputs calculated in one process (exit 1: a partner is blocked)
    const single = await opened();
    expect(await periodCalculate({ db: single.target, period: '2026-10', ...inputs, ...who }, capture().io)).toBe(1);
    reference = await storedRun(single.target);
  }, 300_000);

  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it('reports the partners with their issues, completes the other partitions, stores the counts; the others are approvable', async () => {
    const location = await opened();
    const prefix = `provvigo-test-${randomBytes(4).toString('hex')}`;
    const workers: Proc[] = await Promise.all(
      [0, 1, 2].map((i) => startWorkerProcess({ queue: SHARED_REDIS, db: location.target, prefix, lockSeconds: 60 }, `worker ${i}`)),
    );
    cleanup.push(() => Promise.all(workers.map((w) => w.stop('SIGKILL'))));

    const c = capture();
    const code = await periodCalculate({ db: location.target, period: '2026-10', ...inputs, ...who, queue: SHARED_REDIS, queuePrefix: prefix, partitions: PARTITIONS }, c.io);
    // exit 1 (issues), not a failed run: the run is calculated and says which partner is blocked and why
    expect(code, c.errors()).toBe(1);
    expect(c.errors()).toContain(`blocked partners (errors in their data or lines; they cannot be approved): ${BLOCKED}, ${INVALID}\n`);
    expect(c.errors()).toContain(`partner ${INVALID}: "kind": "boss" is not an allowed value`);
    expect(c.errors()).toContain(`contracts ${String(bad.contracts[bad.rejectedAt]!['id'])}: "Annual kWh" (annualKwh): expected a number, found "tanti"`);
    expect(c.errors()).toContain('IDROGENO');
    // every partition, the bad one included, written exactly once; nothing failed
    const lines = workers.flatMap((w) => w.lines);
    for (let p = 0; p < PARTITIONS; p++) expect(lines.filter((l) => l.includes(`partition ${p}: written`)), `partition ${p}`).toHaveLength(1);
    expect(lines.some((l) => l.includes(': failed'))).toBe(false);
    expect(lines.some((l) => l.includes(`partition ${BAD_PARTITION}: written`))).toBe(true);
    // the counts, stated by the command and stored with the run: every contract accounted for
    expect(c.text()).toMatch(new RegExp(`contracts: ${bad.contracts.length + 1} in = \\d+ used \\+ \\d+ excluded \\+ ${CONTRACTS_REJECTED} rejected`));
    const { summary, blocked } = await summaryOf(location.target);
    expect(blocked).toEqual([BLOCKED, INVALID]);
    for (const [table, n] of Object.entries(summary.counts)) expect(n.in, table).toBe(n.used + n.excluded + n.rejected);
    expect(summary.counts['contracts']).toMatchObject({ in: bad.contracts.length + 1, rejected: CONTRACTS_REJECTED });
    // interventions rejected: the fixture's WO-BAD-SLA and every one of the invalid partner, each saying where it
    // failed (TEC-0003 is the last of the 20 partners: partners[19])
    expect(summary.counts['interventions']!.rejected).toBe(1 + bad.invalidInterventions);
    const ofInvalid = summary.issues.filter((i: Issue) => i.partnerId === INVALID && i.record?.table === 'interventions');
    expect(ofInvalid).toHaveLength(bad.invalidInterventions);
    for (const i of ofInvalid) expect(i.messages?.en).toContain(`is in the partner list but was rejected (${bad.partners}, partners[19], field "kind")`);
    // issues name the record where the user supplied it (its place in the whole input, not in the partition's share)
    const tanti = summary.issues.find((i: Issue) => i.partnerId === REJECTING && i.field === 'annualKwh');
    expect(tanti?.path).toEqual(['facts', 'contracts', bad.rejectedAt, 'annualKwh']);
    expect(summary.issues.some((i: Issue) => i.partnerId === BLOCKED && i.record?.id === bad.blockedId && i.severity === 'error')).toBe(true);
    // the whole stored run, issues and blocked statement included, equals the single-process run byte for byte
    const queued = await storedRun(location.target);
    expect(queued.state).toBe('calculated');
    expect(queued.outputHash).toBe(reference.outputHash);
    expect(queued.documents === reference.documents).toBe(true);
    expect((await queueStatus({ url: SHARED_REDIS, prefix })).pending).toBe(0);

    // Approvable, except the blocked partner: validation says so, four-eyes approval books the others and holds it
    // until its data is fixed and the period recalculated.
    const v = capture();
    expect(await periodValidate({ db: location.target, period: '2026-10', as: 'carla', at: '2026-11-01T10:00:00Z' }, v.io)).toBe(1);
    expect(v.errors()).toContain(`blocked ${BLOCKED}: `);
    expect(v.errors()).toContain(`blocked ${INVALID}: `);
    expect(v.errors()).toContain('2 partner(s) blocked: the others can be approved');
    const a = capture();
    expect(await periodApprove({ db: location.target, period: '2026-10', as: 'anna', at: '2026-11-02T10:00:00Z' }, a.io)).toBe(1);
    expect(a.text()).toMatch(/approved by anna \(calculated by carla\): 18 partner\(s\) approved, [1-9]\d* ledger entries booked/);
    expect(a.errors()).toContain(`blocked ${BLOCKED}: `);
  }, 600_000);
});
