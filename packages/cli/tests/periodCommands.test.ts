// Tests of the store-backed commands (H3b): period open|calculate|validate|approve|close, accruals, whatif, audit.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parse } from 'csv-parse/sync';
import { join, } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccrualRowSchema, PeriodStatementSchema, WhatIfResultSchema, type AuditEntry, type Statement } from '@provvigo/core';
import { Store, openDatabase } from '@provvigo/store';
import { accrualsCommand } from '../src/commands/accruals.js';
import { CliError } from '../src/io/errors.js';
import { auditLogCommand, auditVerify } from '../src/commands/audit.js';
import { periodApprove, periodCalculate, periodClose, periodOpen, periodStatement, periodStatus, periodValidate } from '../src/commands/period.js';
import { whatIfCommand } from '../src/commands/whatif.js';
import { capture } from './helpers/capture.js';
import { example, removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';
// the store's test helper: a fresh PGlite folder copied from an initialised template
import { freshPgliteFolder } from '../../store/tests/helpers/engines.js';

const inputs = sampleInputs;

let dir: string;
let db: string;
beforeAll(async () => void ({ dir, db } = await tempStore('provvigo-period-cli-')));
afterAll(() => removeFolders(dir, db));

/** A regular expression matching `text` literally. */
const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Euros as Intl writes them for a locale, from the number (the statement's amounts have two decimals), with plain spaces. */
const euros = (amount: string, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(Number(amount)).replace(/[\u00a0\u202f]/g, ' ');

/**
 * `period statement` of an approved partner with held amounts, in English and Italian: the payable in each language's
 * money format, and each held amount said from its ledger entry's fields (the service event, the contract, the
 * deadline in the language's date form), never the English explanation stored with the entry.
 */
async function expectStatementInBothLanguages(): Promise<void> {
  let c = capture();
  expect(await periodStatement({ db, period: '2026-10', partner: 'AGT-0002', json: true }, c.io)).toBe(0);
  const ps = PeriodStatementSchema.parse(JSON.parse(c.text()));
  expect(ps.held.length).toBeGreaterThan(1); // the checks of held amounts below are not vacuous
  c = capture();
  expect(await periodStatement({ db, period: '2026-10', partner: 'AGT-0002', locale: 'en' }, c.io)).toBe(0);
  const en = c.text();
  expect(en).toMatch(/^statement of AGT-0002, 2026-10 \(run 2026-10-r1, approved\)\n/);
  expect(en).toMatch(new RegExp(`^ {2}= payable +${literally(euros(ps.payable, 'en-US'))}$`, 'm'));
  expect(en.split('\n').filter((l) => / held until supply activation \(contract \S+\); lapses if not met by \d{4}-\d{2}-\d{2}\.$/.test(l))).toHaveLength(ps.held.length);
  for (const h of ps.held) expect(en).toContain(`\n  ${euros(h.amount, 'en-US')} held until supply activation (contract ${h.subject})`);
  expect(en).not.toContain('Held until');
  c = capture();
  expect(await periodStatement({ db, period: '2026-10', partner: 'AGT-0002', locale: 'it' }, c.io)).toBe(0);
  const it = c.text();
  expect(it).toMatch(/^estratto conto di AGT-0002, 2026-10 \(esecuzione 2026-10-r1, approvato\)\n/);
  expect(it).toMatch(new RegExp(`^ {2}= da pagare +${literally(euros(ps.payable, 'it-IT'))}$`, 'm'));
  expect(it.split('\n').filter((l) => / in attesa di attivazione della fornitura \(contratto \S+\); decade se non avviene entro il \d{2}\/\d{2}\/\d{4}\.$/.test(l))).toHaveLength(ps.held.length);
  // each entry once, as its sentence (which says the amount): no amount column before it repeating the amount
  for (const h of ps.held) expect(it).toContain(`\n  ${euros(h.amount, 'it-IT')} in attesa di attivazione della fornitura (contratto ${h.subject})`);
  c = capture();
  expect(await periodStatement({ db, period: '2026-10', partner: 'NOBODY', locale: 'it' }, c.io)).toBe(1);
  expect(c.errors()).toContain("il partner NOBODY non ha un estratto conto nell'esecuzione 2026-10-r1");
  // a partner id one digit short: the run's partner it most likely meant
  c = capture();
  expect(await periodStatement({ db, period: '2026-10', partner: 'AGT-002', locale: 'it' }, c.io)).toBe(1);
  expect(c.errors()).toContain(`il partner AGT-002 non ha un estratto conto nell'esecuzione 2026-10-r1; forse intendevi "AGT-0002"?`);
}

/** Parses the calculate summary's table and checks each row: payable = the bridge columns with their signs. */
function expectRowsAddUp(text: string): void {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('partner '));
  expect(at).toBeGreaterThan(0);
  const head = lines[at]!.split(/ {2,}/).map((h) => h.trim());
  const sign: Record<string, number> = { earned: 1, adjust: 1, held: -1, released: 1, reserve: -1, 'res.rel': 1, clawback: -1, 'b/fwd': -1, 'adv.rec': -1, carried: 1 };
  // the movement table runs from its header to its `total` row (other tables may follow)
  const end = lines.findIndex((l, i) => i > at && l.startsWith('total '));
  expect(end).toBeGreaterThan(at);
  const rows = lines.slice(at + 2, end + 1).filter((l) => /^\S+ {2,}[A-Z]{3} /.test(l));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const cells = row.split(/ {2,}/).map((x) => x.trim());
    let cents = 0n;
    head.forEach((h, i) => {
      if (sign[h] !== undefined) cents += BigInt(sign[h]) * BigInt(cells[i]!.replace('.', ''));
    });
    expect(cents, row).toBe(BigInt(cells[head.indexOf('payable')]!.replace('.', '')));
  }
}

describe('provvigo period / accruals / audit on the embedded store', () => {
  it('walks a period from open to close with four-eyes approval', async () => {
    const base = { db, period: '2026-10' };
    let c = capture();
    expect(await periodOpen({ ...base, as: 'carla', at: '2026-11-01T08:00:00Z' }, c.io)).toBe(0);
    expect(c.text()).toContain('period 2026-10 (2026-10-01 … 2026-10-31) opened by carla');
    c = capture();
    expect(await periodOpen({ ...base, as: 'carla' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/already exists.*\[period_exists\]/);

    c = capture();
    // exit 1 (README): the fixture holds 3 bad contracts, rejected with an issue each; the run is stored all the same
    expect(await periodCalculate({ ...base, ...inputs, as: 'carla', at: '2026-11-01T09:00:00Z' }, c.io)).toBe(1);
    expect(c.text()).toContain('run 2026-10-r1 calculated by carla');
    expect(c.errors()).toMatch(/contracts BAD-WRONG-TYPE: "Annual kWh" \(annualKwh\): expected a number, found "tremila"/);
    // the three sample plans (each `version: 1` in its file) become stored versions, pinned by the run
    for (const id of ['agency-agents', 'field-service', 'outbound']) expect(c.text()).toMatch(new RegExp(`plan ${id} version 1 \\([0-9a-f]{12}…\\) saved as a new version`));
    expect(c.text()).toMatch(/contracts: 173 in = 162 used \+ 8 excluded \+ 3 rejected/);
    // service events are counted as the ledger reads them, and add up
    const ev = /serviceEvents \(service events\): (\d+) in = (\d+) used by the ledger \+ (\d+) excluded \(dated after the period\) \+ (\d+) rejected/.exec(c.text());
    expect(ev).not.toBeNull();
    const [evIn, evUsed, evExcluded, evRejected] = ev!.slice(1).map(Number) as [number, number, number, number];
    expect(evUsed).toBeGreaterThan(0);
    expect(evIn).toBe(evUsed + evExcluded + evRejected);
    // every row of the summary adds up: payable = Σ signed movement columns (signs read from the header)
    expectRowsAddUp(c.text());
    c = capture();
    expect(await periodCalculate({ ...base, ...inputs, as: 'carla' }, c.io)).toBe(1); // the same 3 rejected records
    expect(c.text()).toContain('unchanged');

    c = capture();
    expect(await periodApprove({ ...base, as: 'anna' }, c.io)).toBe(1);
    expect(c.errors()).toContain('validate it first');
    expect(await periodValidate({ ...base, as: 'carla', at: '2026-11-01T10:00:00Z' }, capture().io)).toBe(0);
    c = capture();
    expect(await periodApprove({ ...base, as: 'carla' }, c.io)).toBe(1);
    expect(c.errors()).toContain('(four-eyes) [four_eyes]');
    // the same refusal for an Italian user: core's words, the code unchanged
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    c = capture();
    try {
      expect(await periodApprove({ ...base, as: 'carla' }, c.io)).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(c.errors()).toContain("provvigo period approve: carla ha calcolato l'esecuzione 2026-10-r1 e quindi non può approvarla (principio dei quattro occhi) [four_eyes]");
    c = capture();
    expect(await periodApprove({ ...base, as: 'anna', at: '2026-11-02T10:00:00Z' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/run 2026-10-r1 approved by anna \(calculated by carla\): 20 partner\(s\) approved, \d+ ledger entries booked/);
    c = capture();
    expect(await periodApprove({ ...base, as: 'bruno' }, c.io)).toBe(1);
    expect(c.errors()).toContain('already approved by anna');

    expect(await periodClose({ ...base, as: 'anna', at: '2026-11-02T11:00:00Z' }, capture().io)).toBe(0);
    await expectStatementInBothLanguages();
    expect(await periodStatement({ db, period: '2026-10', partner: 'NOBODY' }, capture().io)).toBe(1);
    c = capture();
    expect(await periodStatus({ db }, c.io)).toBe(0);
    expect(c.text()).toMatch(/2026-10\s+closed\s+2026-10-r1\s+approved\s+carla\s+anna\s+20/);
  }, 240_000); // each command opens the embedded store, as a user's shell would

  it('exports accruals as JSON and CSV that agree', async () => {
    let c = capture();
    expect(await accrualsCommand({ db, format: 'json' }, c.io)).toBe(0);
    const rows = AccrualRowSchema.array().parse((JSON.parse(c.text()) as { rows: unknown }).rows);
    expect(rows.map((r) => r.partnerId)).toHaveLength(20);
    expect(rows.every((r) => r.period === '2026-10' && r.paid === '0.00')).toBe(true); // approved, not yet posted
    c = capture();
    expect(await accrualsCommand({ db, format: 'csv', period: ['2026-10'] }, c.io)).toBe(0);
    const lines = c.text().replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^period,partnerId,currency,earned/);
    expect(lines).toHaveLength(21);
  });

  it('verifies the audit log and catches tampering done behind the store', async () => {
    let c = capture();
    expect(await auditVerify({ db }, c.io)).toBe(0);
    // period.open, run.open, three plan.save (the calculation stored the sample's plans), calculate, validate,
    // approve, close
    expect(c.text()).toMatch(/audit log ok: 9 entries/);
    expect(c.text()).toContain('runs ok: 1 run(s)');
    // the head and count to anchor elsewhere are the last audit entry's hash and the number of entries
    const log = await (async () => {
      const { Store } = await import('@provvigo/store');
      const store = await Store.open(await openDatabase(db));
      try {
        return await store.auditLog();
      } finally {
        await store.close();
      }
    })();
    expect(c.text()).toContain(`anchor elsewhere: --head ${log[log.length - 1]!.hash} --count ${log.length}`);
    // the declared approver and, next to it, the OS user who ran the command (the CLI cannot prove `--as`)
    expect(log.find((e) => e.action === 'run.approve')).toMatchObject({ actor: 'anna', details: { session: { osUser: userInfo().username } } });

    // someone with DBA rights disables the append-only triggers and edits history
    const raw = await openDatabase(db);
    await raw.exec(`ALTER TABLE provvigo_audit DISABLE TRIGGER USER;
      UPDATE provvigo_audit SET entry = jsonb_set(entry, '{actor}', '"mallory"') WHERE seq = 8;
      ALTER TABLE provvigo_ledger DISABLE TRIGGER USER;
      UPDATE provvigo_ledger SET amount = amount + 1, entry = jsonb_set(entry, '{amount}', to_jsonb((amount + 1)::text)) WHERE seq = 1;`);
    await raw.close();
    c = capture();
    expect(await auditVerify({ db }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/hash_mismatch: entry #8/);
    expect(c.errors()).toMatch(/2026-10-r1: ledger entry \S+ differs from what the run's approval booked/);
  });

  it('diffs plan version B against A per partner and line', async () => {
    const planA = JSON.parse(await readFile(join(example, 'plans/agency-agents.json'), 'utf8')) as {
      version: number;
      tables: { Rates: { rows: { Fixed: number | string }[] } };
    };
    const planB = { ...planA, version: planA.version + 1 };
    planB.tables = { ...planA.tables, Rates: { ...planA.tables.Rates, rows: planA.tables.Rates.rows.map((r) => ({ ...r, Fixed: typeof r.Fixed === 'string' ? (Number(r.Fixed) + 5).toFixed(2) : r.Fixed + 5 })) } };
    const bFile = join(dir, 'agency-agents-v2.json');
    await writeFile(bFile, JSON.stringify(planB));
    let c = capture();
    expect(await whatIfCommand({ ...inputs, period: '2026-10', planB: [bFile], format: 'json', licenseKey: 'gpl-v3' }, c.io)).toBe(0);
    const diff = WhatIfResultSchema.parse(JSON.parse(c.text()));
    expect(diff.changedPartners).toBeGreaterThan(0);
    // every changed line is a commission line of plan A's partners and moved by exactly the +5 fixed part
    for (const p of diff.partners) for (const l of p.lines) if (l.change === 'changed' && l.component === 'commission') expect(l.delta).toBe('5.00');
    c = capture();
    expect(await whatIfCommand({ ...inputs, period: '2026-10', planB: [bFile], format: 'text', licenseKey: 'gpl-v3' }, c.io)).toBe(0);
    expect(c.text()).toMatch(/what-if: agency-agents v2 vs current plans — \d+ partner\(s\), \d+ line\(s\) change/);
  });

  it('prints the audit log in chain order, all of it or the entries --action, --actor, --run and --last select', async () => {
    const store = await Store.open(await openDatabase(db));
    const whole = await store.auditLog();
    await store.close();
    const listed = async (options: Omit<Parameters<typeof auditLogCommand>[0], 'db' | 'json'>): Promise<number[]> => {
      const c = capture();
      expect(await auditLogCommand({ db, json: true, ...options }, c.io)).toBe(0);
      return c.text().trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as AuditEntry).seq);
    };
    const seqs = (wanted: (e: AuditEntry) => boolean) => whole.filter(wanted).map((e) => e.seq);
    expect(await listed({})).toEqual(whole.map((e) => e.seq));
    const cases: Array<[Parameters<typeof listed>[0], number[]]> = [
      [{ action: 'run.approve' }, seqs((e) => e.action === 'run.approve')],
      [{ last: 3 }, whole.slice(-3).map((e) => e.seq)],
      // the actor as typed: matched as the log keeps it (lower case, trimmed)
      [{ actor: ' CARLA ', last: 2 }, seqs((e) => e.actor === 'carla').slice(-2)],
      [{ run: '2026-10-r1', action: 'run.calculate' }, seqs((e) => e.runId === '2026-10-r1' && e.action === 'run.calculate')],
    ];
    for (const [options, expected] of cases) {
      expect(expected.length, JSON.stringify(options)).toBeGreaterThan(0);
      expect(await listed(options), JSON.stringify(options)).toEqual(expected);
    }
    expect(await listed({ action: 'no.such.action' })).toEqual([]);
    // the text form: number, time, actor, action, run and the hash's first 12 characters
    const c = capture();
    expect(await auditLogCommand({ db, action: 'run.approve' }, c.io)).toBe(0);
    const approval = whole.find((e) => e.action === 'run.approve')!;
    expect(c.text()).toContain(`#${approval.seq} ${approval.at} ${approval.actor} run.approve ${approval.runId} ${approval.hash.slice(0, 12)}\n`);
  });

  it('writes the audit log as CSV: every field of every entry, read back by csv-parse; in Italian Excel\'s dialect too', async () => {
    const store = await Store.open(await openDatabase(db));
    const whole = await store.auditLog();
    await store.close();
    expect(whole.filter((e) => e.action === 'run.approve').length).toBeGreaterThan(0);
    const fields = ['seq', 'at', 'actor', 'action', 'runId', 'inputHash', 'outputHash', 'details', 'prevHash', 'hash'] as const;
    // the entries as a spreadsheet holds them: every field as text, null as empty, details as its JSON
    const asText = (e: AuditEntry) =>
      Object.fromEntries(fields.map((f) => [f, f === 'details' ? JSON.stringify(e.details) : e[f] === null ? '' : String(e[f])]));
    for (const [excelIt, delimiter] of [[false, ','], [true, ';']] as const) {
      const c = capture();
      expect(await auditLogCommand({ db, csv: true, excelIt }, c.io)).toBe(0);
      const text = c.text();
      expect(text.startsWith('\uFEFFseq' + delimiter + 'at' + delimiter)).toBe(true);
      const rows = parse(text, { bom: true, columns: true, delimiter }) as Record<string, string>[];
      expect(rows).toEqual(whole.map(asText));
    }
    // filtered as the other formats
    const c = capture();
    expect(await auditLogCommand({ db, csv: true, action: 'run.approve' }, c.io)).toBe(0);
    const approvals = parse(c.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(approvals.map((r) => Number(r['seq']))).toEqual(whole.filter((e) => e.action === 'run.approve').map((e) => e.seq));
    // one format per listing, refused before the store is opened
    await expect(auditLogCommand({ db: join(dir, 'no-such-store'), csv: true, json: true }, capture().io)).rejects.toMatchObject({ exitCode: 2, field: '--csv' });
    await expect(auditLogCommand({ db: join(dir, 'no-such-store'), excelIt: true }, capture().io)).rejects.toMatchObject({ exitCode: 2, field: '--excel-it' });
  });
});

describe('provvigo period calculate with a bad partner and a row the reader rejects (issue 12)', () => {
  let badDb: string;
  let files: { partners: string; facts: string[] };
  /** Contracts of the partner made invalid, counted from the fixture file itself (not by the engine). */
  let ofBadPartner: string[];
  beforeAll(async () => {
    badDb = await freshPgliteFolder('provvigo-period-bad-partner-');
    const bad = join(dir, 'bad-partner');
    await mkdir(join(bad, 'facts'), { recursive: true });
    // AGT-0003 (the third partner of the list, partners[2]) gets a kind the partner schema does not allow
    const partners = JSON.parse(await readFile(inputs.partners, 'utf8')) as Array<{ id: string; kind: string }>;
    expect(partners[2]!.id).toBe('AGT-0003');
    partners[2]!.kind = 'boss';
    await writeFile(join(bad, 'partners.json'), JSON.stringify(partners));
    const small = inputs.facts[0]!;
    for (const f of ['contracts.json', 'interventions.json', 'serviceEvents.json']) await copyFile(join(small, f), join(bad, 'facts', f));
    // a CSV of one row with fewer fields than its header: the reader rejects it, the run counts it and lists it
    await writeFile(join(bad, 'facts', 'contracts.short.csv'), 'id,partnerId,signedDate,product\r\nSHORT-ROW,AGT-0001,2026-10-03\r\n');
    const contracts = JSON.parse(await readFile(join(small, 'contracts.json'), 'utf8')) as Array<{ id: string; partnerId: string }>;
    ofBadPartner = contracts.filter((c) => c.partnerId === 'AGT-0003').map((c) => c.id);
    files = { partners: join(bad, 'partners.json'), facts: [join(bad, 'facts')] };
  });
  afterAll(() => rm(badDb, { recursive: true, force: true }));

  it('the others compute; the bad partner gets a blocked statement saying why; in = used + excluded + rejected; exit 1', async () => {
    const base = { db: badDb, period: '2026-10' };
    expect(await periodOpen({ ...base, as: 'carla' }, capture().io)).toBe(0);
    let c = capture();
    // exit 1 (README: a partner was rejected), and the run is stored
    expect(await periodCalculate({ ...base, ...inputs, ...files, as: 'carla' }, c.io), c.errors()).toBe(1);
    expect(c.text()).toContain('run 2026-10-r1 calculated by carla');
    expect(c.errors()).toMatch(/partner AGT-0003: "kind": "boss" is not an allowed value/);
    expect(c.errors()).toMatch(/blocked partners \(errors in their data or lines; they cannot be approved\): AGT-0003\n/);
    // 173 records of contracts.json + the short row; rejected: the fixture's 3 bad records (none of AGT-0003),
    // every contract of AGT-0003 and the short row
    expect(ofBadPartner.length).toBeGreaterThan(0);
    const counts = /contracts: (\d+) in = (\d+) used \+ (\d+) excluded \+ (\d+) rejected/.exec(c.text());
    expect(counts).not.toBeNull();
    const [cin, used, excluded, rejected] = counts!.slice(1).map(Number) as [number, number, number, number];
    expect(cin).toBe(173 + 1);
    expect(rejected).toBe(3 + ofBadPartner.length + 1);
    expect(cin).toBe(used + excluded + rejected);

    // the statements as evaluated, read back from the store
    const store = await Store.open(await openDatabase(badDb));
    let evaluated: Statement[];
    try {
      evaluated = await store.getEvaluated('2026-10-r1');
    } finally {
      await store.close();
    }
    expect(evaluated).toHaveLength(20);
    const s = evaluated.find((x) => x.partnerId === 'AGT-0003')!;
    expect(s.blocked).toBe(true);
    expect(s.lines).toEqual([]);
    expect(s.issues.map((i) => [i.field, i.rule])).toEqual([['kind', 'enum agency|agent|outbound|installer|technician']]);
    // each of its records: one issue, saying the partner exists but was rejected and where (file, record, field)
    const contractsRejected = (s.rejected ?? []).filter((i) => i.record?.table === 'contracts');
    expect(contractsRejected.map((i) => i.record?.id).sort()).toEqual([...ofBadPartner].sort());
    for (const i of s.rejected ?? []) {
      expect(i.field).toBe('partnerId');
      expect(i.messages?.en).toContain(`partner "AGT-0003" is in the partner list but was rejected (${files.partners}, partners[2], field "kind")`);
      expect(i.messages?.it).toContain(`il partner "AGT-0003" è nell'elenco dei partner ma è stato scartato (${files.partners}, partners[2], campo "kind")`);
    }
    // the row the reader rejected is on its partner's statement; that partner still computes
    const first = evaluated.find((x) => x.partnerId === 'AGT-0001')!;
    expect(first.rejected?.map((i) => [i.record?.table, i.code])).toEqual([['contracts', 'invalid_file']]);
    expect(first.lines.length).toBeGreaterThan(0);

    // validation names the blocked partner; approval books the 19 others
    c = capture();
    expect(await periodValidate({ ...base, as: 'carla' }, c.io)).toBe(1);
    expect(c.errors()).toMatch(/blocked AGT-0003: partner AGT-0003: "kind"/);
    c = capture();
    expect(await periodApprove({ ...base, as: 'anna' }, c.io)).toBe(1);
    expect(c.text()).toMatch(/19 partner\(s\) approved/);
  }, 240_000);
});

describe('provvigo period on a PostgreSQL server (--db postgres://…)', () => {
  const server = process.env.PROVVIGO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `cli_${Date.now().toString(36)}_${process.pid}`;
  const url = `${server}?schema=${schema}`;
  let up = false;
  beforeAll(async () => {
    try {
      const probe = await openDatabase(server);
      await probe.close();
      up = true;
    } catch (e) {
      // a test needing PostgreSQL fails in CI when the server is missing; locally it is skipped
      if (process.env.CI === 'true') throw e;
    }
  });
  afterAll(async () => {
    if (!up) return;
    const admin = await openDatabase(server);
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
  });

  it('runs the same commands against the server, in its own schema', async (ctx) => {
    if (!up) ctx.skip('PostgreSQL not reachable (skipped outside CI only: in CI the suite fails)');
    const base = { db: url, period: '2026-10' };
    expect(await periodOpen({ ...base, as: 'carla' }, capture().io)).toBe(0);
    const c = capture();
    expect(await periodCalculate({ ...base, ...inputs, as: 'carla' }, c.io)).toBe(1); // the fixture's 3 rejected records
    expect(c.text()).toContain('run 2026-10-r1 calculated by carla');
    // the three sample plans (each `version: 1` in its file) become stored versions, pinned by the run
    for (const id of ['agency-agents', 'field-service', 'outbound']) expect(c.text()).toMatch(new RegExp(`plan ${id} version 1 \\([0-9a-f]{12}…\\) saved as a new version`));
    expect(await periodValidate({ ...base, as: 'carla' }, capture().io)).toBe(0);
    // ' Anna ' is anna: the same person as far as four-eyes and the log are concerned
    expect(await periodApprove({ ...base, as: ' Anna ' }, capture().io)).toBe(0);
    const v = capture();
    expect(await auditVerify({ db: url }, v.io)).toBe(0);
    expect(v.text()).toMatch(/audit log ok: 8 entries/); // period.open, run.open, 3 × plan.save, run.calculate, run.validate, run.approve
    const serverStore = await Store.open(await openDatabase(url));
    const approval = (await serverStore.auditLog()).find((e) => e.action === 'run.approve');
    await serverStore.close();
    // on PostgreSQL the database role is recorded too (the test connects as postgres)
    expect(approval).toMatchObject({ actor: 'anna', details: { session: { osUser: userInfo().username, dbRole: 'postgres' } } });
    // an unreachable server: a clear error that never shows the password
    const failure = (await periodStatus({ db: 'postgres://nobody:secret@127.0.0.1:1/none' }, capture().io).catch((e: unknown) => e)) as CliError;
    expect(failure).toBeInstanceOf(CliError);
    expect(failure.format('en')).toMatch(/^postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: cannot open the store/);
    expect(failure.format('en')).not.toContain('secret');
  });
});
