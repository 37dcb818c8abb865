// What finance reads when the money does not add up, with the CLI in Italian: `audit verify` on a store edited behind
// its back names each problem in Italian (the store words it in both languages), and `period calculate`'s movement
// table says which identity of a statement does not reconcile in Italian, under core's Italian column headers.
// Expectations come from what the fixture breaks (the audit entry and ledger entry edited, the payable moved), read
// from the store, not from the command's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, MOVEMENT_COLUMNS, PeriodStatementSchema, type AuditEntry, type LedgerEntry, type MovementKey } from '@provvigo/core';
import { Store, openDatabase } from '@provvigo/store';
import { auditVerify } from '../src/commands/audit.js';
import { periodApprove, periodCalculate, periodClose, periodOpen, periodStatement, periodValidate } from '../src/commands/period.js';
import { movementTable } from '../src/commands/periodReport.js';
import { capture } from './helpers/capture.js';
import { removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';
import { inItalian } from './helpers/inItalian.js';

let dir: string;
let db: string;
beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-problems-it-'));
  const base = { db, period: '2026-10' };
  expect(await periodOpen({ ...base, as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);
  // exit 1: the sample's bad records are rejected with an issue each; the run is stored all the same
  expect(await periodCalculate({ ...base, ...sampleInputs, as: 'carla', at: '2026-11-01T09:00:00Z' }, capture().io)).toBe(1);
  expect(await periodValidate({ ...base, as: 'carla', at: '2026-11-01T10:00:00Z' }, capture().io)).toBe(0);
  expect(await periodApprove({ ...base, as: 'anna', at: '2026-11-02T10:00:00Z' }, capture().io)).toBe(0);
  expect(await periodClose({ ...base, as: 'anna', at: '2026-11-02T11:00:00Z' }, capture().io)).toBe(0);
}, 240_000);
afterAll(() => removeFolders(dir, db));

/** The store's audit log and ledger, as the commands left them. */
async function stored(): Promise<{ log: AuditEntry[]; ledger: LedgerEntry[] }> {
  const store = await Store.open(await openDatabase(db));
  try {
    return { log: await store.auditLog(), ledger: await store.ledger() };
  } finally {
    await store.close();
  }
}

describe('audit verify on a tampered store, in Italian', () => {
  it("names the edited approval entry and the changed ledger entry in Italian; in English as before", async () => {
    const { log, ledger } = await stored();
    const approve = log.find((e) => e.action === 'run.approve')!;
    const first = ledger[0]!; // seq 1: the ledger reads back in append order
    // someone with database rights switches the append-only triggers off and edits history
    const raw = await openDatabase(db);
    await raw.exec(`ALTER TABLE provvigo_audit DISABLE TRIGGER USER;
      UPDATE provvigo_audit SET entry = jsonb_set(entry, '{actor}', '"mallory"') WHERE seq = ${approve.seq};
      ALTER TABLE provvigo_ledger DISABLE TRIGGER USER;
      UPDATE provvigo_ledger SET amount = amount + 1, entry = jsonb_set(entry, '{amount}', to_jsonb((amount + 1)::text)) WHERE seq = 1;`);
    await raw.close();

    const inIt = capture();
    expect(await inItalian(() => auditVerify({ db }, inIt.io))).toBe(1);
    const italian = inIt.errors();
    expect(italian).toMatch(/^archivio COMPROMESSO: problemi: \d+;/);
    // the entry edited, by its seq and position in the chain (the code stays as scripts match it)
    expect(italian).toContain(`  provvigo_audit #${approve.seq}: hash_mismatch: la voce n. ${approve.seq} (posizione ${approve.seq - 1}) è stata modificata:`);
    // the ledger entry whose amount moved, against what the approval booked
    expect(italian).toContain(`  provvigo_runs 2026-10-r1: il movimento ${first.id} del registro contabile è diverso da quello contabilizzato all'approvazione dell'esecuzione\n`);
    expect(italian).not.toMatch(/was edited|differs from what|ledger entry/);

    const en = capture();
    expect(await auditVerify({ db }, en.io)).toBe(1);
    expect(en.errors()).toContain(`  provvigo_audit #${approve.seq}: hash_mismatch: entry #${approve.seq} (position ${approve.seq - 1}) was edited: its content no longer matches its hash\n`);
    expect(en.errors()).toContain(`  provvigo_runs 2026-10-r1: ledger entry ${first.id} differs from what the run's approval booked\n`);
  });
});

describe("period calculate's movement table in Italian", () => {
  it("says which identity of a statement does not reconcile in Italian, under core's Italian headers", async () => {
    const c = capture();
    expect(await periodStatement({ db, period: '2026-10', partner: 'AGT-0002', json: true }, c.io)).toBe(0);
    const good = PeriodStatementSchema.parse(JSON.parse(c.text()));
    // the payable moved by 1.00: the bridge of earned … carried no longer reaches it
    const bad = { ...good, payable: new Decimal(good.payable).plus(1).toFixed(2) };
    const italian = movementTable([bad], undefined, 'it');
    const line = italian.split('\n').filter((l) => l.startsWith('non quadra: '));
    expect(line).toEqual([
      expect.stringMatching(
        new RegExp(`^non quadra: AGT-0002 2026-10: la quadratura da pagare = maturato .* non torna \\(${new Decimal(good.payable).toString()} ≠ ${new Decimal(bad.payable).toString()}\\)$`),
      ),
    ]);
    expect(italian).not.toMatch(/does not reconcile|fails/);
    // the headers are core's Italian ones, in its column order
    const head = italian.split('\n').find((l) => l.startsWith('partner '))!.split(/ {2,}/).map((h) => h.trim());
    const header = new Map(MOVEMENT_COLUMNS.map((col) => [col.key, col.headers.it]));
    const shown: MovementKey[] = ['earned', 'adjustments', 'held', 'released', 'reserveWithheld', 'reserveReleased', 'clawbacks', 'broughtForward', 'advanceRecovered', 'carriedForward', 'payable', 'heldBefore', 'lapsed', 'heldAfter'];
    expect(head.slice(2)).toEqual(shown.map((k) => header.get(k)));
    expect(movementTable([good], undefined, 'it')).not.toContain('non quadra');
    expect(movementTable([bad], undefined, 'en')).toMatch(/^does not reconcile: AGT-0002 2026-10: payable = earned .* fails \(/m);
  });
});
