
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// the CLI run from source as its own process (the repository's end-to-end helper) and the store's test locations
import { provvigo } from '../../../tests/helpers.js';
import { newLocation, postgresAvailable } from '../../store/tests/helpers/engines.js';
import { utilityExportMapping } from '../src/testing/index.js';

/** `provvigo import billing` end to end: the real CLI in its own process. */
// PostgreSQL when present (fast to open from a fresh process; always in CI); otherwise an embedded PGlite folder
const location = await newLocation((await postgresAvailable()) ? 'postgres' : 'pglite');
const dbTarget = location.target;

const cli = (args: string[]) => provvigo(args);

afterAll(() => location.dispose(), 120_000);

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
    expect(first.stderr).toContain('1000 row(s) read');
    expect(first.stdout).toMatch(/^eventi\.csv: received 2500 = stored 1999 \+ quarantined 1 \+ ignored 500 \+ duplicates 0 \(sha256 [0-9a-f]{12}\)\n$/);
    expect(first.code).toBe(1);

    const again = await cli(['import', 'billing', '--file', csv, '--mapping', mapping, '--db', dbTarget]);
    expect(again.stdout).toMatch(/received 2500 = stored 0 \+ quarantined 0 \+ ignored 0 \+ duplicates 2500/);
    expect(again.code).toBe(0);

    const broken = join(dir, 'rotto.csv');
    writeFileSync(broken, 'ID_EVENTO;CONTRATTO;TIPO_EVENTO;DATA_EVENTO\nX;Y;ATTIVAZIONE;01/10/2026\n');
    const bad = await cli(['import', 'billing', '--file', broken, '--mapping', mapping, '--db', dbTarget]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/rotto\.csv, record line 1: header lacks the mapped column\(s\) CODICE_PARTNER .*nothing was imported/);
  }, 180_000); // three CLI processes, each opening its own database: slow on a busy machine
});
