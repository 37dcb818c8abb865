// The layout both quarantine listings share (src/commands/quarantineListing.ts): the columns of the other listings,
// control characters shown rather than sent to the terminal, and a quarantine as large as a whole export (past the
// ~120,000 rows where spreading every row into Math.max overflows the stack) printed whole, in text and as JSON.
import { describe, expect, it } from 'vitest';
import { cell, printQuarantine, type QuarantineListing } from '../src/commands/quarantineListing.js';
import { table } from '../src/io/textTable.js';
import { capture } from './helpers/capture.js';

type Entry = { id: string; reason: string; raw: string };

const listing = (records: Entry[], json = false): QuarantineListing<Entry> => ({
  records,
  json,
  head: ['id', 'reason'],
  row: (e) => [e.id, e.reason],
  count: (n) => `${n} set aside\n`,
  none: 'nothing set aside\n',
});

describe('printQuarantine', () => {
  it('lays the rows out as textTable.table does, then the count line; exit 1', () => {
    const records = [
      { id: 'A-1', reason: 'bad date', raw: '{}' },
      { id: 'A-10000', reason: 'no partner', raw: '{}' },
    ];
    const c = capture();
    expect(printQuarantine(listing(records), c.io)).toBe(1);
    expect(c.text()).toBe(`${table(['id', 'reason'], records.map((r) => [r.id, r.reason]))}2 set aside\n`);
  });

  it('shows control characters instead of sending them: an escape sequence, a line break, a tab', () => {
    expect(cell('EV-\u001b[2J')).toBe('EV-\\u001b[2J');
    expect(cell('line one\nline two\tend\r')).toBe('line one line two end ');
    expect(cell('Müller → è €')).toBe('Müller → è €');
  });

  it('nothing: the words for it, exit 0; as JSON, []', () => {
    const text = capture();
    expect(printQuarantine(listing([]), text.io)).toBe(0);
    expect(text.text()).toBe('nothing set aside\n');
    const json = capture();
    expect(printQuarantine(listing([], true), json.io)).toBe(0);
    expect(json.text()).toBe('[]\n');
  });

  it('prints a quarantine of 150,000 records whole and aligned (table() no longer spreads every row into Math.max); the JSON is JSON.stringify(…, null, 2)', () => {
    const records = Array.from({ length: 150_000 }, (_, i) => ({ id: `EV-${i}`, reason: i === 77_777 ? 'the longest reason of them all' : 'bad date', raw: `{"n":${i},\n"s":"a"}` }));
    const text = capture();
    expect(printQuarantine(listing(records), text.io)).toBe(1);
    const lines = text.text().split('\n');
    expect(lines).toHaveLength(150_000 + 4); // header, rule, rows, count, and the empty string after the last newline
    expect(lines[1]).toBe(`${'-'.repeat('EV-149999'.length)}  ${'-'.repeat('the longest reason of them all'.length)}`);
    expect(lines[2]).toBe('EV-0       bad date');
    expect(lines.at(-2)).toBe('150000 set aside');
    const json = capture();
    expect(printQuarantine(listing(records, true), json.io)).toBe(1);
    expect(json.text()).toBe(`${JSON.stringify(records, null, 2)}\n`);
  });
});
