// `provvigo import billing --quarantine`: the events imports set aside, listed from a real store (PGlite folder) after
// real imports of two sources with bad rows: aligned rows with the reason in the CLI's language, after the row's file
// and line (`eventi.csv:3: …`), and a count line, in English and Italian; `--json` with both languages and the raw
// payload; `--source`; an empty quarantine (exit 0); a folder holding no store; the options that go with the listing
// or with the import; the command as a process.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utilityExportMapping } from '@provvigo/adapter-billing/testing';
import { freshPgliteFolder } from '../../store/tests/helpers/engines.js';
import { importBillingCommand } from '../src/commands/import.js';
import { capture } from './helpers/capture.js';
import { inItalian } from './helpers/inItalian.js';
import { provvigo } from './helpers/provvigoProcess.js';
import { removeFolders, tempStore } from './helpers/tempStore.js';
import { refusal } from './helpers/refusal.js';

let dir: string;
let db: string;
let emptyDb: string;

const HEAD = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO';

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-billing-quarantine-'));
  emptyDb = await freshPgliteFolder('provvigo-billing-quarantine-empty-');
  const isu = join(dir, 'isu.mapping.json');
  const gas = join(dir, 'gas.mapping.json');
  await writeFile(isu, JSON.stringify(utilityExportMapping()));
  await writeFile(gas, JSON.stringify({ ...utilityExportMapping(), source: 'gas-export' }));
  const isuCsv = join(dir, 'eventi.csv');
  const gasCsv = join(dir, 'gas.csv');
  await writeFile(isuCsv, [HEAD, 'EV-1;8007Q1;AGT-0001;ATTIVAZIONE;01/10/2026', 'EV-2;8007Q2;AGT-0002;ATTIVAZIONE;2026-10-01', 'EV-3;8007Q3;AGT-0003;CESSAZIONE;31/02/2026', ''].join('\n'));
  // an id with an escape sequence in it: shown, never sent to the terminal
  await writeFile(gasCsv, [HEAD, 'G-1;8007G1;AGT-0004;ATTIVAZIONE;02/10/2026', 'G-\u001b[2J;8007G2;AGT-0005;ATTIVAZIONE;ieri', ''].join('\n'));
  for (const [file, mapping] of [
    [isuCsv, isu],
    [gasCsv, gas],
  ] as const) {
    const c = capture();
    expect(await importBillingCommand({ file, mapping, db }, c.io), c.text()).toBe(1); // rows quarantined
  }
}, 180_000);

afterAll(() => removeFolders(dir, db, emptyDb));

/** The listing as the command prints it, and its exit code. */
async function listed(options: { source?: string; json?: boolean; db?: string }): Promise<{ code: number; out: string }> {
  const c = capture();
  const code = await importBillingCommand({ quarantine: true, db, ...options }, c.io);
  expect(c.errors()).toBe('');
  return { code, out: c.text() };
}

describe('import billing --quarantine', () => {
  it('lists every quarantined event, aligned, with the reason and a count line; exit 1', async () => {
    const { code, out } = await listed({});
    expect(out).toBe(
      [
        'source      event        field        reason',
        '----------  -----------  -----------  -----------------------------------------------------------------------',
        'gas-export  G-\\u001b[2J  DATA_EVENTO  gas.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "ieri"',
        'isu-export  EV-2         DATA_EVENTO  eventi.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"',
        'isu-export  EV-3         DATA_EVENTO  eventi.csv:4: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
        '3 quarantined event(s); --json gives their raw payloads',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('\u001b');
    expect(code).toBe(1);
  });

  it('in Italian: the headers, the reasons and the count line', async () => {
    const { code, out } = await inItalian(() => listed({}));
    expect(out).toBe(
      [
        'origine     evento       campo        motivo',
        '----------  -----------  -----------  -----------------------------------------------------------------------------------',
        'gas-export  G-\\u001b[2J  DATA_EVENTO  gas.csv:3: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "ieri"',
        'isu-export  EV-2         DATA_EVENTO  eventi.csv:3: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "2026-10-01"',
        'isu-export  EV-3         DATA_EVENTO  eventi.csv:4: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"',
        'eventi in quarantena: 3; --json ne dà il contenuto originale',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('--source: only that source, named in the count line; a source with nothing quarantined says so (exit 0)', async () => {
    const isu = await listed({ source: 'isu-export' });
    expect(isu.out.split('\n').slice(2)).toEqual([
      'isu-export  EV-2   DATA_EVENTO  eventi.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"',
      'isu-export  EV-3   DATA_EVENTO  eventi.csv:4: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
      '2 quarantined event(s) of source isu-export; --json gives their raw payloads',
      '',
    ]);
    expect(isu.code).toBe(1);
    const italian = await inItalian(() => listed({ source: 'gas-export' }));
    expect(italian.out.split('\n').at(-2)).toBe("eventi in quarantena dell'origine gas-export: 1; --json ne dà il contenuto originale");
    expect(await listed({ source: 'stripe' })).toEqual({ code: 0, out: 'no quarantined events of source stripe\n' });
    expect(await inItalian(() => listed({ source: 'stripe' }))).toEqual({ code: 0, out: "nessun evento in quarantena dell'origine stripe\n" });
  });

  it('--json: each event with its reason in both languages and its raw payload, as received', async () => {
    const { code, out } = await listed({ json: true, source: 'isu-export' });
    expect(JSON.parse(out)).toEqual([
      {
        source: 'isu-export',
        eventId: 'EV-2',
        field: 'DATA_EVENTO',
        reason: 'eventi.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"',
        reasons: {
          en: 'eventi.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"',
          it: 'eventi.csv:3: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "2026-10-01"',
        },
        raw: '{"ID_EVENTO":"EV-2","CONTRATTO":"8007Q2","CODICE_PARTNER":"AGT-0002","TIPO_EVENTO":"ATTIVAZIONE","DATA_EVENTO":"2026-10-01"}',
      },
      {
        source: 'isu-export',
        eventId: 'EV-3',
        field: 'DATA_EVENTO',
        reason: 'eventi.csv:4: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
        reasons: {
          en: 'eventi.csv:4: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
          it: 'eventi.csv:4: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"',
        },
        raw: '{"ID_EVENTO":"EV-3","CONTRATTO":"8007Q3","CODICE_PARTNER":"AGT-0003","TIPO_EVENTO":"CESSAZIONE","DATA_EVENTO":"31/02/2026"}',
      },
    ]);
    // indented as JSON.stringify(…, null, 2) indents it, though written a record at a time
    expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
    expect(code).toBe(1);
    // the whole quarantine, the id with its escape sequence kept exactly (JSON escapes it)
    const all = JSON.parse((await listed({ json: true })).out) as { eventId: string }[];
    expect(all.map((e) => e.eventId)).toEqual(['G-\u001b[2J', 'EV-2', 'EV-3']);
  });

  it('an empty quarantine (a store no import ever wrote) says so in words, exit 0; --json gives []', async () => {
    expect(await listed({ db: emptyDb })).toEqual({ code: 0, out: 'no quarantined events\n' });
    expect(await inItalian(() => listed({ db: emptyDb }))).toEqual({ code: 0, out: 'nessun evento in quarantena\n' });
    expect(await listed({ db: emptyDb, json: true })).toEqual({ code: 0, out: '[]\n' });
  });

  it('a folder that holds no store is refused in both languages, and no store is made there', async () => {
    const missing = join(dir, 'no-store-here');
    const error = await refusal(importBillingCommand({ quarantine: true, db: missing }, capture().io));
    expect(error.format('en')).toBe(`${missing}: cannot open the store: there is no store in this folder (check --db or $PROVVIGO_DB)`);
    expect(error.format('it')).toBe(`${missing}: impossibile aprire l'archivio: in questa cartella non c'è un archivio (controlla --db o $PROVVIGO_DB)`);
    expect(error.exitCode).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });

  it('--source and --json belong to --quarantine; an import needs --file and --mapping', async () => {
    const refused = (options: Parameters<typeof importBillingCommand>[0]) => refusal(importBillingCommand({ db, ...options }, capture().io));
    const json = await refused({ file: 'x.csv', mapping: 'm.json', json: true });
    expect(json.format('en')).toBe('--source and --json go with --quarantine (they list the quarantine)');
    expect(json.format('it')).toBe('--source e --json vanno con --quarantine (elencano la quarantena)');
    const nothing = await refused({});
    expect(nothing.format('en')).toBe('give --file <path> and --mapping <file> to import, or --quarantine to list the quarantined events');
    expect(nothing.format('it')).toBe('indica --file <path> e --mapping <file> per importare, o --quarantine per elencare gli eventi in quarantena');
    expect((await refused({ quarantine: true, source: ' ' })).format('it')).toBe('--source: nome di origine vuoto');
  });

  it('as a process: lists without --file or --mapping, in Italian, exit 1; --quarantine with --file is a usage error', async () => {
    const r = await provvigo(['import', 'billing', '--quarantine', '--source', 'gas-export', '--db', db], { env: { PROVVIGO_LOCALE: 'it' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'origine     evento       campo        motivo',
        '----------  -----------  -----------  --------------------------------------------------------------------------',
        'gas-export  G-\\u001b[2J  DATA_EVENTO  gas.csv:3: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "ieri"',
        "eventi in quarantena dell'origine gas-export: 1; --json ne dà il contenuto originale",
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
    const both = await provvigo(['import', 'billing', '--quarantine', '--file', join(dir, 'eventi.csv'), '--db', db]);
    expect(both.stderr).toMatch(/^error: option '--quarantine' cannot be used with option '--file <path>'$/m);
    expect(both.code).toBe(2);
  }, 120_000);
});
