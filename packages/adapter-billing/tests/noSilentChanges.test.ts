// Values are never changed on the way in: what the export or the event says is taken exactly, or refused with the
// file, record and field named. Two ways a value used to change without a word: an instant on a day the month does not
// have rolled over into the next month (the runtime's Date does that), and a CSV header naming one column twice kept
// only the last of the two cells.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileImportError, importFile, importReconciles } from '../src/file-import.js';
import { BillingMappingSchema, parseEventDate } from '../src/mapping.js';
import { listBillingQuarantine, loadServiceEvents } from '../src/store.js';
import { middlewareWebhookMapping, utilityExportMapping } from '../src/testing/index.js';
import { n, sharedDb } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-exact-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('ISO instants on days the month does not have', () => {
  it('are refused, not rolled into the next month (30 February is not 2 March)', () => {
    expect(parseEventDate('2026-02-30T10:00:00Z', 'iso', 'Europe/Rome')).toBeUndefined();
    expect(parseEventDate('2027-02-29T23:30:00+01:00', 'iso', 'Europe/Rome')).toBeUndefined();
    expect(parseEventDate('2026-04-31T12:00:00.000+0200', 'iso', 'UTC')).toBeUndefined();
    // real days still convert, leap day included
    expect(parseEventDate('2028-02-29T23:30:00Z', 'iso', 'Europe/Rome')).toBe('2028-03-01');
    expect(parseEventDate('2026-02-28T10:00:00Z', 'iso', 'Europe/Rome')).toBe('2026-02-28');
  });

  it('an import quarantines such an event with its field named; the other events go through and counts reconcile', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse({ ...middlewareWebhookMapping(), fields: { ...middlewareWebhookMapping().fields, eventId: 'id' } });
    const line = (id: string, at: string) => JSON.stringify({ id, type: 'contract.activated', occurredAt: at, contract: { id: `C-${id}`, partnerCode: 'AGT-1' } });
    const path = file('events.jsonl', `${line('e1', '2026-02-28T10:00:00Z')}\n${line('e2', '2026-02-30T10:00:00Z')}\n`);
    const r = await importFile(db, path, mapping);
    expect(r).toMatchObject({ received: 2, stored: 2, facts: 1, quarantined: 1, ignored: 0, duplicates: 0 });
    expect(importReconciles(r)).toBe(true);
    expect((await loadServiceEvents(db)).map((e) => [e.id, e.date])).toEqual([['e1', '2026-02-28']]);
    expect((await listBillingQuarantine(db, 'cpi')).map((q) => [q.eventId, q.field, q.reasons])).toEqual([
      [
        'e2',
        'occurredAt',
        {
          en: 'occurredAt: expected a iso date, got "2026-02-30T10:00:00Z"',
          it: 'occurredAt: data attesa nel formato iso, trovato "2026-02-30T10:00:00Z"',
        },
      ],
    ]);
  });
});

describe('a CSV header naming a column twice', () => {
  it('is a file fault naming the column and its positions, in both languages; nothing is imported', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(utilityExportMapping());
    // two partner columns (say, agency and sub-agent): keeping either one silently credits a partner nobody chose
    const csv = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO;CODICE_PARTNER\nEV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;AGT-0009\n';
    const error: unknown = await importFile(db, file('twice.csv', csv), mapping).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileImportError);
    const e = error as FileImportError;
    expect({ line: e.line, message: e.message, messages: e.messages }).toEqual({
      line: 1,
      message: 'twice.csv:1: header names a column more than once: CODICE_PARTNER (columns 3, 6); a row would keep only one of its cells',
      messages: {
        en: 'twice.csv:1: header names a column more than once: CODICE_PARTNER (columns 3, 6); a row would keep only one of its cells',
        it: "twice.csv:1: nell'intestazione una colonna compare più volte: CODICE_PARTNER (colonne 3, 6); di ogni riga si terrebbe una sola delle sue celle",
      },
    });
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(0);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_events')).toBe(0);
  });
});
