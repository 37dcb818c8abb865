
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db } from '@provvigo/store';
import { FileImportError, importFile } from '../src/file-import.js';
import { BillingMappingSchema } from '../src/mapping.js';
import { listBillingQuarantine, processInbox, requeueEvents } from '../src/store.js';
import { postgresReachable, schemaPerCall } from './helpers.js';
import { utilityExportMapping } from '../src/testing/index.js';

const available = await postgresReachable();
const freshDb = schemaPerCall('billing_csv_places', available);

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-csv-places-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const mapping = BillingMappingSchema.parse(utilityExportMapping());
/** The export's columns and a NOTE column the mapping does not read, whose quoted cells may span lines. */
const HEADER = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO;NOTE';
const ENDS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

/** Event id, field and both reasons of the source's quarantine, by event id. */
async function quarantine(db: Db): Promise<[string, string | null, { en: string; it: string }][]> {
  return (await listBillingQuarantine(db, 'isu-export')).map((q) => [q.eventId, q.field, q.reasons]);
}

/** The place each stored event was read at, by event id. */
async function origins(db: Db): Promise<[string, string | null][]> {
  const { rows } = await db.query<{ event_id: string; origin: string | null }>("SELECT event_id, origin FROM billing_inbox WHERE source = 'isu-export' ORDER BY event_id");
  return rows.map((r) => [r.event_id, r.origin]);
}

describe.skipIf(!available)('a CSV row quarantined for its content names its file and the line it starts on', () => {
  it('LF and CRLF: a bad row whose note spans three lines, bad rows after two empty lines; at import and after a requeue', async () => {
    for (const [name, eol] of ENDS) {
      const db = await freshDb();
      try {
        const csvFile = `eventi-${name.toLowerCase()}.csv`;
        const lines = [
          HEADER, // 1
          'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;', // 2
          'EV-2;C-2;AGT-0001;ATTIVAZIONE;31/02/2026;"prima riga', // 3: the record starts here…
          'seconda riga', // 4
          'terza riga"', // 5: …and ends here
          '', // 6
          '', // 7
          'EV-3;C-3;AGT-0001;ATTIVAZIONE;2026-10-01;', // 8
          'EV-4;C-4;;CESSAZIONE;05/10/2026;"una nota', // 9
          'su due righe"', // 10
          'EV-5;C-5;AGT-0002;ATTIVAZIONE;02/10/2026;', // 11
        ];
        const report = await importFile(db, file(csvFile, `${lines.join(eol)}${eol}`), mapping);
        expect(report).toMatchObject({ received: 5, stored: 5, facts: 2, quarantined: 3, ignored: 0, duplicates: 0 });
        const at = (line: number) => `${csvFile}:${line}`;
        const expected = [
          ['EV-2', 'DATA_EVENTO', { en: `${at(3)}: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"`, it: `${at(3)}: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"` }],
          ['EV-3', 'DATA_EVENTO', { en: `${at(8)}: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"`, it: `${at(8)}: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "2026-10-01"` }],
          ['EV-4', 'CODICE_PARTNER', { en: `${at(9)}: CODICE_PARTNER: partner is missing`, it: `${at(9)}: CODICE_PARTNER: manca il partner` }],
        ];
        expect(await quarantine(db), name).toEqual(expected);
        expect(await origins(db), name).toEqual([
          ['EV-1', at(2)],
          ['EV-2', at(3)],
          ['EV-3', at(8)],
          ['EV-4', at(9)],
          ['EV-5', at(11)],
        ]);
        // processed again from the inbox alone: the same reasons, places included
        expect(await requeueEvents(db, 'isu-export')).toBe(3);
        expect(await processInbox(db, mapping)).toEqual({ processed: 3, facts: 0, quarantined: 3, ignored: 0 });
        expect(await quarantine(db), name).toEqual(expected);
      } finally {
        await db.close();
      }
    }
  });

  it('a CRLF file far larger than one read, every note over two lines: rows deep in it name their first line', async () => {
    const db = await freshDb();
    try {
      // row k (from 1) starts on line 2k: the header is line 1 and every row takes two lines
      const ROWS = 4000;
      const bad = new Set([1, 1500, 2731, 3999, 4000]);
      const id = (k: number) => `B-${String(k).padStart(4, '0')}`;
      const rows = Array.from({ length: ROWS }, (_, i) => {
        const k = i + 1;
        return `${id(k)};C-${k};AGT-0001;ATTIVAZIONE;${bad.has(k) ? '2026-10-01' : '01/10/2026'};"nota ${k}\r\nseconda riga della nota ${k}"`;
      });
      const text = `${[HEADER, ...rows].join('\r\n')}\r\n`;
      expect(text.length).toBeGreaterThan(4 * 64 * 1024); // several chunks of the file stream
      const report = await importFile(db, file('grande.csv', text), mapping);
      expect(report).toMatchObject({ received: ROWS, facts: ROWS - bad.size, quarantined: bad.size });
      expect((await quarantine(db)).map(([eventId, , reasons]) => [eventId, reasons.en])).toEqual([
        ['B-0001', 'grande.csv:2: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"'],
        ['B-1500', 'grande.csv:3000: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"'],
        ['B-2731', 'grande.csv:5462: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"'],
        ['B-3999', 'grande.csv:7998: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"'],
        ['B-4000', 'grande.csv:8000: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"'],
      ]);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.skipIf(!available)('a CSV structure fault names the line an editor shows, LF or CRLF', () => {
  /** The FileImportError an import of this text fails with, and what it left in the store. */
  async function fault(name: string, text: string): Promise<{ error: FileImportError; stored: number }> {
    const db = await freshDb();
    try {
      const error: unknown = await importFile(db, file(name, text), mapping).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileImportError);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing_inbox');
      return { error: error as FileImportError, stored: rows[0]!.n };
    } finally {
      await db.close();
    }
  }
  const texts = (e: FileImportError) => ({ line: e.line, messages: e.messages });
  /** The fault of a quote opened at `line` in the cell of column `field` and never closed, in both languages. */
  const unclosed = (name: string, line: number, field: string) => ({
    en: `${name}:${line}: malformed CSV: Quote Not Closed: the quote opened at line ${line} (field "${field}") is never closed; the rest of the file was read as its value`,
    it: `${name}:${line}: CSV non valido: le virgolette aperte alla riga ${line} (campo "${field}") non sono mai chiuse; il resto del file è stato letto come il suo valore`,
  });
  const row = (k: number) => `EV-${k};C-${k};AGT-0001;ATTIVAZIONE;01/10/2026;`;

  it('an unclosed quote is named by the line it opens on, not the last line of the file, LF and CRLF', async () => {
    for (const [name, eol] of ENDS) {
      // ten lines: the address on line 3 opens a quote that nothing closes; lines 4–10 are ordinary rows
      const lines = [HEADER, row(1), 'EV-2;C-2;AGT-0001;ATTIVAZIONE;01/10/2026;"Via Roma 1', row(3), row(4), row(5), row(6), row(7), row(8), row(9)];
      expect(lines).toHaveLength(10);
      const r = await fault(`indirizzo-${name}.csv`, `${lines.join(eol)}${eol}`);
      expect(texts(r.error), name).toEqual({ line: 3, messages: unclosed(`indirizzo-${name}.csv`, 3, 'NOTE') });
      expect(r.error.detail, name).toBe('malformed CSV: Quote Not Closed: the quote opened at line 3 (field "NOTE") is never closed; the rest of the file was read as its value');
      expect(r.stored).toBe(0);
    }
  });

  it('a quoted note over lines 2–4 is no fault; the quote left open on line 7, after a closed quoted cell on that line, is', async () => {
    for (const [name, eol] of ENDS) {
      const lines = [
        HEADER, // 1
        'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;"una nota', // 2: opens the note…
        'su tre', // 3
        'righe"', // 4: …closed here
        row(2), // 5
        row(3), // 6
        'EV-4;"C-4";AGT-0001;ATTIVAZIONE;01/10/2026;"Via Roma 1', // 7: CONTRATTO quoted and closed, NOTE left open
        row(5), // 8
        row(6), // 9
      ];
      const r = await fault(`sette-${name}.csv`, `${lines.join(eol)}${eol}`);
      expect(texts(r.error), name).toEqual({ line: 7, messages: unclosed(`sette-${name}.csv`, 7, 'NOTE') });
      expect(r.stored).toBe(0);
    }
  });

  it('a quote opened in the CONTRATTO cell on line 3 of a CRLF file with 40,000 lines after it: line 3, field CONTRATTO', async () => {
    // the file is read in many chunks, and all of it after line 3 is inside the open quote
    const after = Array.from({ length: 40_000 }, (_, i) => row(i + 10));
    const text = `${[HEADER, row(1), 'EV-2;"Via Roma 1;AGT-0001;ATTIVAZIONE;01/10/2026;', ...after].join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(16 * 64 * 1024);
    const r = await fault('lungo.csv', text);
    expect(texts(r.error)).toEqual({ line: 3, messages: unclosed('lungo.csv', 3, 'CONTRATTO') });
  }, 120_000);

  it('a ragged row and an unclosed quote after a note over two lines: the same line in both files', async () => {
    for (const [name, eol] of ENDS) {
      // line 2 opens a note closed on line 3; line 4 has 4 cells for 6 columns
      const ragged = [HEADER, 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;"una nota', 'su due righe"', 'EV-2;C-2;AGT-0001;ATTIVAZIONE', 'EV-3;C-3;AGT-0001;ATTIVAZIONE;01/10/2026;'];
      const r = await fault(`storta-${name}.csv`, `${ragged.join(eol)}${eol}`);
      expect(texts(r.error), name).toEqual({
        line: 4,
        messages: {
          en: `storta-${name}.csv:4: malformed CSV: Invalid Record Length: columns length is 6, got 4 on line 4`,
          it: `storta-${name}.csv:4: CSV non valido: la riga 4 ha 4 campi, l'intestazione 6 colonne`,
        },
      });
      expect(r.stored).toBe(0);
      // line 4 opens a quote (in NOTE) never closed; the file ends with line 5 and its line end
      const open = [HEADER, 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;"una nota', 'su due righe"', 'EV-2;C-2;AGT-0001;ATTIVAZIONE;01/10/2026;"nota aperta', 'EV-3;C-3;AGT-0001;ATTIVAZIONE;01/10/2026;'];
      const o = await fault(`aperta-${name}.csv`, `${open.join(eol)}${eol}`);
      expect(texts(o.error), name).toEqual({ line: 4, messages: unclosed(`aperta-${name}.csv`, 4, 'NOTE') });
      expect(o.stored).toBe(0);
    }
  });

  it('quotes inside a cell after two CRLF notes, and before them: at line 6 and at line 2', async () => {
    // lines 2–3 and 4–5 are two notes; line 6 has a quote in the middle of its CONTRATTO cell
    const later = [HEADER, 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;"nota', 'uno"', 'EV-2;C-2;AGT-0001;ATTIVAZIONE;01/10/2026;"nota', 'due"', 'EV-3;C"3;AGT-0001;ATTIVAZIONE;01/10/2026;'];
    const { error } = await fault('virgolette.csv', `${later.join('\r\n')}\r\n`);
    expect(texts(error)).toEqual({
      line: 6,
      messages: {
        en: 'virgolette.csv:6: malformed CSV: Invalid Opening Quote: a quote is found on field "CONTRATTO" at line 6, value is "C"',
        it: 'virgolette.csv:6: CSV non valido: alla riga 6 c\'è una virgoletta in mezzo al campo "CONTRATTO" (valore "C"); un campo con virgolette deve iniziare con esse',
      },
    });
    // no quoted line break before it: the parser's own number, unchanged
    const { error: first } = await fault('virgolette-prima.csv', `${[HEADER, 'EV-1;C"1;AGT-0001;ATTIVAZIONE;01/10/2026;', ...later.slice(1)].join('\r\n')}\r\n`);
    expect(first.line).toBe(2);
    expect(first.message).toBe('virgolette-prima.csv:2: malformed CSV: Invalid Opening Quote: a quote is found on field "CONTRATTO" at line 2, value is "C"');
  });

  it('a header fault after empty lines names the line the header is on, not line 1, in both languages', async () => {
    for (const [name, eol] of ENDS) {
      // lines 1 and 2 are empty, the header is line 3 and lacks CODICE_PARTNER (it has CODICE_PARTNERS)
      const renamed = ['', '', 'ID_EVENTO;CONTRATTO;CODICE_PARTNERS;TIPO_EVENTO;DATA_EVENTO', 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026'];
      const found = 'ID_EVENTO, CONTRATTO, CODICE_PARTNERS, TIPO_EVENTO, DATA_EVENTO';
      const r = await fault(`rinominata-${name}.csv`, `${renamed.join(eol)}${eol}`);
      expect(texts(r.error), name).toEqual({
        line: 3,
        messages: {
          en: `rinominata-${name}.csv:3: header lacks the mapped column(s) CODICE_PARTNER (found: ${found}); did you mean "CODICE_PARTNERS" for "CODICE_PARTNER"?`,
          it: `rinominata-${name}.csv:3: nell'intestazione manca la colonna CODICE_PARTNER prevista dalla mappatura (colonne trovate: ${found}); forse intendevi "CODICE_PARTNERS" invece di "CODICE_PARTNER"?`,
        },
      });
      expect(r.stored).toBe(0);
      // lines 1–3 are empty, the header is line 4 (its NOTE cell runs on to line 5) and names CODICE_PARTNER twice
      const twice = ['', '', '', `${HEADER};CODICE_PARTNER;"NOTE${eol}LUNGHE"`, 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;;AGT-0009;'];
      const t = await fault(`doppia-${name}.csv`, `${twice.join(eol)}${eol}`);
      expect(texts(t.error), name).toEqual({
        line: 4,
        messages: {
          en: `doppia-${name}.csv:4: header names a column more than once: CODICE_PARTNER (columns 3, 7); a row would keep only one of its cells`,
          it: `doppia-${name}.csv:4: nell'intestazione una colonna compare più volte: CODICE_PARTNER (colonne 3, 7); di ogni riga si terrebbe una sola delle sue celle`,
        },
      });
      expect(t.stored).toBe(0);
    }
  });
});
