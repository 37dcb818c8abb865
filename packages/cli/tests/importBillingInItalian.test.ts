// `provvigo import billing` words a file it refuses and a mapping it cannot use in the CLI's language: adapter-billing
// gives each fault in English and Italian, and the English stays as it was.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utilityExportMapping } from '@provvigo/adapter-billing/testing';
import { importBillingCommand } from '../src/commands/import.js';
import { capture } from './helpers/capture.js';
import { provvigo } from './helpers/provvigoProcess.js';
import { refusal } from './helpers/refusal.js';

let dir: string;
let mapping: string;
let broken: string;
const FOUND = 'ID_EVENTO, CONTRATTO, TIPO_EVENTO, DATA_EVENTO';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-billing-it-'));
  mapping = join(dir, 'mapping.json');
  await writeFile(mapping, JSON.stringify(utilityExportMapping()));
  broken = join(dir, 'rotto.csv');
  await writeFile(broken, 'ID_EVENTO;CONTRATTO;TIPO_EVENTO;DATA_EVENTO\nX;Y;ATTIVAZIONE;01/10/2026\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('import billing refusals in both languages', () => {
  it('a file fault: the Italian of the fault, and the English as before', async () => {
    const e = await refusal(importBillingCommand({ file: broken, mapping, db: 'memory://' }, capture().io));
    expect(e.format('it')).toBe(
      `${broken}, riga 1: nell'intestazione manca la colonna CODICE_PARTNER prevista dalla mappatura (colonne trovate: ${FOUND}); non è stato importato nulla`,
    );
    expect(e.format('en')).toBe(`${broken}, record line 1: header lacks the mapped column(s) CODICE_PARTNER (found: ${FOUND}); nothing was imported`);
    expect(e.exitCode).toBe(2);
  });

  it('a CSV structure fault in a CRLF file names the line an editor shows, though the parser counts a quoted CRLF as two', async () => {
    // line 2 opens a note closed on line 3; line 4 has 4 cells for the header's 6 columns
    const lines = ['ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO;NOTE', 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;"una nota', 'su due righe"', 'EV-2;C-2;AGT-0001;ATTIVAZIONE'];
    const ragged = join(dir, 'storta.csv');
    await writeFile(ragged, `${lines.join('\r\n')}\r\n`);
    const e = await refusal(importBillingCommand({ file: ragged, mapping, db: 'memory://' }, capture().io));
    expect(e.format('en')).toBe(`${ragged}, record line 4: malformed CSV: Invalid Record Length: columns length is 6, got 4 on line 4; nothing was imported`);
    expect(e.format('it')).toBe(`${ragged}, riga 4: CSV non valido: la riga 4 ha 4 campi, l'intestazione 6 colonne; non è stato importato nulla`);
    expect(e.exitCode).toBe(2);
  });

  it("a mapping's defects: each in Italian under the Italian heading, and the English as before", async () => {
    const bad = join(dir, 'bad-mapping.json');
    await writeFile(bad, JSON.stringify({ ...utilityExportMapping(), timeZone: 'Europe/Milano', rules: [] }));
    const e = await refusal(importBillingCommand({ file: broken, mapping: bad }, capture().io));
    expect(e.format('it')).toBe(
      `${bad}: mappatura non valida:\n  timeZone: non è il nome di un fuso orario IANA (ad es. "Europe/Rome")\n  rules: troppo corto: almeno 1 elemento`,
    );
    expect(e.format('en')).toBe(`${bad}: invalid mapping:\n  timeZone: not an IANA time zone name (e.g. "Europe/Rome")\n  rules: Too small: expected array to have >=1 items`);
  });

  it('as a process with PROVVIGO_LOCALE=it: the refusal is printed in Italian', async () => {
    const r = await provvigo(['import', 'billing', '--file', broken, '--mapping', mapping, '--db', join(dir, 'db')], { env: { PROVVIGO_LOCALE: 'it' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`rotto.csv, riga 1: nell'intestazione manca la colonna CODICE_PARTNER prevista dalla mappatura (colonne trovate: ${FOUND}); non è stato importato nulla`);
    expect(r.stderr).not.toContain('header lacks');
  }, 120_000);
});
