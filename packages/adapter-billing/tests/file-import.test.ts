import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileImportError, importFile, importReconciles } from '../src/file-import.js';
import { BillingMappingSchema } from '../src/mapping.js';
import { listBillingQuarantine, loadServiceEvents, processInbox, requeueEvents } from '../src/store.js';
import { utilityExportMapping } from '../src/testing/index.js';
import { n, sharedDb } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const mapping = BillingMappingSchema.parse(utilityExportMapping());
const HEADER = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO';

describe('file import (utility billing export)', () => {
  it('imports a CSV with BOM and ; delimiter; row faults are quarantined, unknown types ignored; re-import stores nothing twice', async () => {
    const db = await sharedDb();
    const csv = [
      HEADER,
      'EV-1;8007Q0000FMI2SBAAA;OUT-0002;ATTIVAZIONE;03/10/2026',
      'EV-2;8007Q0000FOJYTHAAA;OUT-0001;PRIMA_FATTURA_PAGATA;03/10/2026',
      'EV-3;8007Q0000EY18VZAAA;AGY-0001;LETTURA;04/10/2026',
      'EV-4;8007Q0000EY18VZAAA;;CESSAZIONE;05/10/2026',
      'EV-5;8007Q0000FAK0H6AAA;AGT-0003;SWITCH_OUT;31/02/2026',
      'EV-1;8007Q0000FMI2SBAAA;OUT-0002;ATTIVAZIONE;03/10/2026',
      'EV-6;8007Q0000FAK0H6AAA;AGT-0003;CONSEGNA_EE;06/10/2026',
      '',
    ].join('\r\n');
    const path = file('export.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
    const progress: number[] = [];
    const r = await importFile(db, path, mapping, { onProgress: (p) => progress.push(p.rows), batchSize: 3 });
    expect(r).toMatchObject({ received: 7, stored: 6, duplicates: 1, facts: 3, quarantined: 2, ignored: 1 });
    expect(importReconciles(r)).toBe(true);
    expect(progress).toEqual([3, 6, 7]);
    expect(await loadServiceEvents(db)).toEqual([
      { id: 'EV-1', subject: '8007Q0000FMI2SBAAA', partnerId: 'OUT-0002', type: 'activated', date: '2026-10-03' },
      { id: 'EV-2', subject: '8007Q0000FOJYTHAAA', partnerId: 'OUT-0001', type: 'first_invoice_paid', date: '2026-10-03' },
      { id: 'EV-6', subject: '8007Q0000FAK0H6AAA', partnerId: 'AGT-0003', type: 'ee_order_delivered', date: '2026-10-06' },
    ]);
    expect((await listBillingQuarantine(db)).map((q) => [q.eventId, q.field, q.reason])).toEqual([
      // each row's place: the BOM and the CRLF line ends take no line of their own
      ['EV-4', 'CODICE_PARTNER', 'export.csv:5: CODICE_PARTNER: partner is missing'],
      ['EV-5', 'DATA_EVENTO', 'export.csv:6: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"'],
    ]);
    // A mapping fix: meter readings now count as activations (a deliberately odd rule, to see it apply).
    const fixed = BillingMappingSchema.parse({ ...utilityExportMapping(), rules: [...utilityExportMapping().rules, { when: { TIPO_EVENTO: 'LETTURA' }, type: 'activated' }] });
    expect(await requeueEvents(db, 'isu-export', ['quarantined', 'ignored'])).toBe(3);
    expect(await processInbox(db, fixed)).toEqual({ processed: 3, facts: 1, quarantined: 2, ignored: 0 });
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_events')).toBe(4);
    const again = await importFile(db, path, mapping);
    expect(again).toMatchObject({ received: 7, stored: 0, duplicates: 7, facts: 0, quarantined: 0, ignored: 0 });
    expect(importReconciles(again)).toBe(true);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_events')).toBe(4);
  });

  it('reads Windows-1252 exports when configured, and rejects them as UTF-8 with a clear message', async () => {
    const db = await sharedDb();
    const latin = Buffer.from(`${HEADER}\nEV-9;C-1;AGENZIA-CITTÀ;ATTIVAZIONE;01/10/2026\n`, 'latin1');
    const path = file('latin.csv', latin);
    await expect(importFile(db, path, mapping)).rejects.toThrow(/latin\.csv: not valid UTF-8 near byte 0; set file.encoding to "windows-1252"/);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(0);
    const cp1252 = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'csv', delimiter: ';', encoding: 'windows-1252' } });
    const r = await importFile(db, path, cp1252);
    expect(r.facts).toBe(1);
    expect((await loadServiceEvents(db))[0]!.partnerId).toBe('AGENZIA-CITTÀ');
  });

  it('file-level faults import nothing: missing mapped column, empty file, broken CSV structure, truncated JSON Lines', async () => {
    const db = await sharedDb();
    const cases: [string, string, RegExp][] = [
      ['noheader.csv', 'ID_EVENTO;CONTRATTO;TIPO_EVENTO;DATA_EVENTO\nEV-1;C;ATTIVAZIONE;01/10/2026\n', /noheader\.csv:1: header lacks the mapped column\(s\) CODICE_PARTNER/],
      // a column one letter off the mapped one: the fault names the near column as the likely fix
      ['renamed.csv', 'ID_EVENTO;CONTRATTO;CODICE_PARTNERS;TIPO_EVENTO;DATA_EVENTO\nEV-1;C;P;ATTIVAZIONE;01/10/2026\n', /renamed\.csv:1: header lacks the mapped column\(s\) CODICE_PARTNER .*; did you mean "CODICE_PARTNERS" for "CODICE_PARTNER"\?$/],
      ['empty.csv', '', /empty\.csv: the file holds no events/],
      ['ragged.csv', `${HEADER}\nEV-1;C;P;ATTIVAZIONE;01/10/2026\nEV-2;C;P;ATTIVAZIONE\n`, /ragged\.csv:3: malformed CSV/],
      ['quote.csv', `${HEADER}\nEV-1;C;P;ATTIVAZIONE;01/10/2026\nEV-2;"C;P;ATTIVAZIONE;01/10/2026\n`, /quote\.csv(:\d+)?: malformed CSV/],
    ];
    for (const [name, content, message] of cases) {
      await expect(importFile(db, file(name, content), mapping)).rejects.toThrow(message);
    }
    const jsonl = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'jsonl' } });
    const lines = `{"ID_EVENTO":"J1","CONTRATTO":"C","CODICE_PARTNER":"P","TIPO_EVENTO":"ATTIVAZIONE","DATA_EVENTO":"01/10/2026"}\n{"ID_EVENTO":"J2","CONTR`;
    await expect(importFile(db, file('cut.jsonl', lines), jsonl)).rejects.toBeInstanceOf(FileImportError);
    await expect(importFile(db, join(dir, 'missing.csv'), mapping)).rejects.toThrow(/missing\.csv: cannot read the file \(ENOENT\)/);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(0);
  });

  it('reads a file far larger than the parser holds at once; a fault deep inside it still imports nothing', async () => {
    const db = await sharedDb();
    // ~1 MB of rows, read while each batch of 1,000 is written to the inbox: the parser fills up and the reader waits on
    // it again and again (csv-parse holds 16 KiB).
    const rows = Array.from({ length: 20_000 }, (_, i) => `EV-BIG-${i};C-${i};AGT-0001;ATTIVAZIONE;01/10/2026`);
    const big = `${HEADER}\n${rows.join('\n')}\n`;
    const r = await importFile(db, file('big.csv', big), mapping);
    expect(r).toMatchObject({ received: 20_000, stored: 20_000, duplicates: 0 });
    expect(importReconciles(r)).toBe(true);
    // The same file with one byte that is not UTF-8 three quarters of the way in: the import stops there, and its one
    // transaction leaves the inbox as it was.
    const at = Math.floor(big.length * 0.75);
    const bytes = Buffer.from(big);
    bytes[at] = 0xff;
    const before = await n(db, 'SELECT count(*)::int AS n FROM billing_inbox');
    const error: unknown = await importFile(db, file('big-bad.csv', bytes), mapping).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileImportError);
    // "near byte N": the start of the 64 KiB chunk the byte arrived in
    const near = Number(/big-bad\.csv: not valid UTF-8 near byte (\d+);/.exec((error as Error).message)?.[1]);
    expect(near).toBeLessThanOrEqual(at);
    expect(near).toBeGreaterThan(at - 65_536);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(before);
  });

  it('JSON Lines: a bad line in the middle is a row fault, quarantined; the rest imports', async () => {
    const db = await sharedDb();
    const jsonl = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'jsonl' } });
    const row = (id: string) => JSON.stringify({ ID_EVENTO: id, CONTRATTO: 'C', CODICE_PARTNER: 'P', TIPO_EVENTO: 'ATTIVAZIONE', DATA_EVENTO: '01/10/2026' });
    const r = await importFile(db, file('events.jsonl', `${row('J1')}\nnot json\n\n${row('J2')}\n`), jsonl);
    expect(r).toMatchObject({ received: 3, stored: 3, facts: 2, quarantined: 1 });
    expect((await listBillingQuarantine(db))[0]).toMatchObject({ field: '(body)', raw: 'not json' });
  });
});
