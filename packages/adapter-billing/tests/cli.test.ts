import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '@provvigo/store';
import { afterAll, describe, expect, it } from 'vitest';
import { utilityExportMapping } from '../src/testing/index.js';

/** `provvigo import billing` end to end: the real CLI in its own process. */
const cliBin = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));
const PG = process.env.PROVVIGO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `billing_cli_${process.pid}_${randomBytes(3).toString('hex')}`;
const pgOk = await openDatabase(PG)
  .then(async (db) => (await db.close(), true))
  .catch(() => false);
const dbTarget = pgOk ? `${PG}?schema=${schema}` : join(mkdtempSync(join(tmpdir(), 'provvigo-billing-cli-')), 'db');

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', cliBin, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

afterAll(async () => {
  if (pgOk) {
    const db = await openDatabase(PG);
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  }
});

describe('provvigo import billing', () => {
  it('imports with progress and a reconciliation line; a re-import is all duplicates; a broken file imports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-cli-'));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify(utilityExportMapping(), null, 2));
    const rows = ['ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO'];
    for (let i = 0; i < 2500; i++) {
      const type = ['ATTIVAZIONE', 'PRIMA_FATTURA_PAGATA', 'CESSAZIONE', 'SWITCH_OUT', 'LETTURA'][i % 5];
      rows.push(`EV-${i};8007Q${String(i).padStart(13, '0')};AGT-000${(i % 7) + 1};${type};${i === 17 ? '2026-10-01' : `${String((i % 28) + 1).padStart(2, '0')}/10/2026`}`);
    }
    const csv = join(dir, 'eventi.csv');
    writeFileSync(csv, rows.join('\n') + '\n');

    const first = await cli(['import', 'billing', '--file', csv, '--mapping', mapping, '--db', dbTarget]);
    expect(first.err).toContain('1000 row(s) read');
    expect(first.out).toMatch(/^eventi\.csv: received 2500 = stored 1999 \+ quarantined 1 \+ ignored 500 \+ duplicates 0 \(sha256 [0-9a-f]{12}\)\n$/);
    expect(first.code).toBe(1);

    const again = await cli(['import', 'billing', '--file', csv, '--mapping', mapping, '--db', dbTarget]);
    expect(again.out).toMatch(/received 2500 = stored 0 \+ quarantined 0 \+ ignored 0 \+ duplicates 2500/);
    expect(again.code).toBe(0);

    const broken = join(dir, 'rotto.csv');
    writeFileSync(broken, 'ID_EVENTO;CONTRATTO;TIPO_EVENTO;DATA_EVENTO\nX;Y;ATTIVAZIONE;01/10/2026\n');
    const bad = await cli(['import', 'billing', '--file', broken, '--mapping', mapping, '--db', dbTarget]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/rotto\.csv, record line 1: header lacks the mapped column\(s\) CODICE_PARTNER .*nothing was imported/);
  });
});
