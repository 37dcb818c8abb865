import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, readStatement, statementDigest, statementJson, type Statement } from '../src/index.js';
import { recordsFrom, type RecordColumns } from '../src/engine/lineColumns.js';
import { LINE_ID } from '../src/engine/lineId.js';
import { MIN_SAME } from '../src/engine/sameColumns.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A statement's canonical JSON (engine/statementJson.ts): lines and traces as columns. Expected values
 * here are never the serialiser's own output: each check compares two independent ways to the same statement (the
 * traces a run keeps in columns and the same traces built as plain objects by structuredClone), or a change made by
 * hand that must show.
 */
const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();
const run = () => evaluate({ period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } });

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('statementJson / readStatement', () => {
  it('holds the lines as columns without their traces, and the traces as columns, once per payout', () => {
    const s = run().statements.find((x) => x.partnerId === 'P1')!;
    const parsed = JSON.parse(statementJson(s)) as { lines: RecordColumns; traces: Array<{ n: number; payout: string }> };
    // P1's lines share their fields: one run, the keys of a line in their order, no trace among them
    expect(parsed.lines.n).toBe(s.lines.length);
    expect(parsed.lines.runs.map((r) => r.keys)).toEqual([Object.keys(s.lines[0]!).filter((k) => k !== 'trace')]);
    const column = (key: string) => parsed.lines.runs[0]!.columns[parsed.lines.runs[0]!.keys.indexOf(key)];
    // what every line repeats is written once; the amounts one by one
    expect(column('partnerId')).toEqual({ all: 'P1' });
    expect(column('issues')).toEqual({ all: [] });
    expect(column('amount')).toEqual(s.lines.map((l) => l.amount));
    // One group per payout of the partner's plan: its lines share the payout's trace skeleton.
    const payouts = [...new Set(s.lines.map((l) => l.payout))];
    expect(parsed.traces.map((g) => g.payout)).toEqual(payouts);
    expect(parsed.traces.reduce((n, g) => n + g.n, 0)).toBe(s.lines.length);
  });

  it('is the digest: the SHA-256 of these bytes, the same for the run and for a plain copy', () => {
    const s = run().statements[0]!;
    const plain = structuredClone(s);
    expect(statementDigest(s)).toBe(sha(statementJson(s)));
    expect(statementDigest(plain)).toBe(statementDigest(s));
  });

  it('reads back to the same statement, traces built on first read', () => {
    for (const s of run().statements) {
      const back = readStatement(statementJson(s));
      expect(JSON.stringify(back)).toBe(JSON.stringify(structuredClone(s)));
      expect(statementJson(back)).toBe(statementJson(s));
    }
  });

  it('a trace changed after it was read is what the JSON and the digest show', () => {
    const s = run().statements.find((x) => x.lines.length > 1)!;
    const before = statementDigest(s);
    const line = s.lines[1]!;
    line.trace.cells[0]!.value = 'changed by hand';
    expect(statementDigest(s)).not.toBe(before);
    const back = readStatement(statementJson(s));
    expect(back.lines[1]!.trace.cells[0]!.value).toBe('changed by hand');
    // The other lines of its payout are untouched.
    expect(JSON.stringify(back.lines[0]!.trace)).toBe(JSON.stringify(structuredClone(s.lines[0]!.trace)));
    // Assigning a whole trace works on a line not read yet, too.
    const other = run().statements.find((x) => x.partnerId === s.partnerId)!;
    other.lines[0]!.trace = { ...structuredClone(other.lines[0]!.trace), flags: ['set by hand'] };
    expect(readStatement(statementJson(other)).lines[0]!.trace.flags).toEqual(['set by hand']);
  });

  it('lines of one payout whose traces differ in shape are kept exactly (groups split where the shape changes)', () => {
    const s = structuredClone(run().statements.find((x) => x.lines.filter((l) => l.payout === x.lines[0]!.payout).length > 1)!);
    s.lines[0]!.trace.cells[0]!.label = 'only this line has this label';
    s.lines[1]!.trace.rounding = [];
    const back = readStatement(statementJson(s));
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
  });

  it('reads a statement stored with traces on its lines as it is, and refuses groups that do not cover the lines', () => {
    const s = structuredClone(run().statements[0]!);
    expect(readStatement(JSON.stringify(s))).toEqual(s);
    const parsed = JSON.parse(statementJson(s)) as Statement & { traces: Array<{ n: number }> };
    parsed.traces[0]!.n += 1;
    // a group claiming one line more than its columns hold (groups that do not add up to the lines: below)
    expect(() => readStatement(parsed)).toThrow(/statement of \S+: traces\[0\]\.\S+: expected an array of \d+ value\(s\), got \d+/);
  });

  describe("line ids left out where the line's plan, payout and record give them ({ derived: 'lineId' })", () => {
    type Lines = { lines: RecordColumns };
    const idColumn = (json: string) => {
      const run = (JSON.parse(json) as Lines).lines.runs[0]!;
      return run.columns[run.keys.indexOf('id')];
    };

    it("the engine's ids are written as derived, and read back as the engine made them", () => {
      for (const s of run().statements.filter((x) => x.lines.length > 0)) {
        const json = statementJson(s);
        expect(idColumn(json)).toEqual({ derived: 'lineId' });
        // the ids read back are the engine's, line by line (built independently of the reader: plan, payout, record)
        const expected = s.lines.map((l) => `${l.planId}:${l.payout}:${l.source ? l.source.id : l.partnerId}`);
        expect(readStatement(json).lines.map((l) => l.id)).toEqual(expected);
        expect(s.lines.map((l) => l.id)).toEqual(expected);
      }
    });

    it('one id changed by hand keeps the whole column written, and the change shows', () => {
      const s = structuredClone(run().statements.find((x) => x.lines.length > 1)!);
      s.lines[1]!.id = 'by-hand';
      const json = statementJson(s);
      expect(idColumn(json)).not.toEqual({ derived: 'lineId' });
      expect(readStatement(json).lines.map((l) => l.id)).toEqual(s.lines.map((l) => l.id));
      expect(sha(json)).not.toBe(sha(statementJson(run().statements.find((x) => x.partnerId === s.partnerId)!)));
    });

    it('a statement written before, with every id in full, reads the same and writes the current form', () => {
      const s = run().statements.find((x) => x.lines.length > 1)!;
      const parsed = JSON.parse(statementJson(s)) as Lines;
      const run0 = parsed.lines.runs[0]!;
      // the form a run wrote before 2026-12-06: every id, as { prefix, rest } or one per line
      run0.columns[run0.keys.indexOf('id')] = s.lines.map((l) => l.id);
      const back = readStatement(parsed);
      expect(JSON.stringify(back)).toBe(JSON.stringify(structuredClone(s)));
      expect(statementJson(back)).toBe(statementJson(s));
    });
  });

  describe('a trace column that repeats one before it, written as { same }', () => {
    type Group = { n: number; payout: string; cells: Array<{ name: string; value: unknown; inputs: Array<{ name: string; value: unknown }> }> };
    // P1 with a dozen contracts: the commission's group shows Rate's values twice (Rate's own, Commission's input)
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `M${i}`, partnerId: 'P1', signedDate: '2026-10-05', category: i % 3 === 0 ? 'GAS_CASA' : 'LUCE_CASA', territory: 'Lombardia', kWh: 100 + 7 * i }));
    const big = () => evaluate({ period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: many } }).statements.find((x) => x.partnerId === 'P1')!;
    const groupOf = (json: string, payout: string) => (JSON.parse(json) as { traces: Group[] }).traces.find((g) => g.payout === payout)!;

    it("writes the repeat as a reference to the first column, and reads back the run's traces", () => {
      const s = big();
      const json = statementJson(s);
      const g = groupOf(json, 'commission');
      expect(g.n).toBe(12);
      const rate = g.cells.findIndex((c) => c.name === 'Rate');
      const commission = g.cells.find((c) => c.name === 'Commission')!;
      expect(commission.inputs.find((i) => i.name === 'Rate')!.value).toEqual({ same: [rate] });
      // the rates as the lines' lookups give them, not as the group holds them
      expect(g.cells[rate]!.value).toEqual(s.lines.filter((l) => l.payout === 'commission').map((l) => l.trace.cells.find((c) => c.name === 'Rate')!.lookups![0]!.value));
      const back = readStatement(json);
      expect(JSON.stringify(back)).toBe(JSON.stringify(structuredClone(s)));
      expect(statementJson(back)).toBe(json);
    });

    it('equal columns made apart (traces built as objects, then changed) are found by their values', () => {
      const s = big();
      const plain = structuredClone(s);
      // every trace now a plain object: the group is built again from them, its columns separate arrays
      expect(statementJson(plain)).toBe(statementJson(s));
      // one rate changed on one line, in Commission's input only: the input no longer repeats the Rate column
      const line = plain.lines.find((l) => l.payout === 'commission')!;
      line.trace.cells.find((c) => c.name === 'Commission')!.inputs.find((i) => i.name === 'Rate')!.value = 0.5;
      const g = groupOf(statementJson(plain), 'commission');
      expect(Array.isArray(g.cells.find((c) => c.name === 'Commission')!.inputs.find((i) => i.name === 'Rate')!.value)).toBe(true);
      expect(readStatement(statementJson(plain)).lines.find((l) => l.id === line.id)!.trace.cells.find((c) => c.name === 'Commission')!.inputs.find((i) => i.name === 'Rate')!.value).toBe(0.5);
    });

    it('groups of fewer lines than MIN_SAME write every column in full', () => {
      expect(MIN_SAME).toBe(8);
      for (const s of run().statements) expect(statementJson(s)).not.toContain('"same"');
    });

    it('a statement written before, with every column in full, reads the same and writes the current form', () => {
      const s = big();
      const parsed = JSON.parse(statementJson(s)) as { traces: Group[] };
      const g = parsed.traces.find((x) => x.payout === 'commission')!;
      const rate = g.cells.findIndex((c) => c.name === 'Rate');
      const input = g.cells.find((c) => c.name === 'Commission')!.inputs.find((i) => i.name === 'Rate')!;
      input.value = structuredClone(g.cells[rate]!.value);
      const back = readStatement(parsed);
      expect(JSON.stringify(back)).toBe(JSON.stringify(structuredClone(s)));
      expect(statementJson(back)).toBe(statementJson(s));
    });

    it('refuses a { same } naming no column written in full before it, naming the partner and the column', () => {
      const s = big();
      const edited = (edit: (g: Group, at: { rate: number; commission: number; input: number }) => void) => {
        const parsed = JSON.parse(statementJson(s)) as { traces: Group[] };
        const g = parsed.traces.find((x) => x.payout === 'commission')!;
        const commission = g.cells.findIndex((c) => c.name === 'Commission');
        edit(g, { rate: g.cells.findIndex((c) => c.name === 'Rate'), commission, input: g.cells[commission]!.inputs.findIndex((i) => i.name === 'Rate') });
        return () => readStatement(parsed);
      };
      const gi = (JSON.parse(statementJson(s)) as { traces: Group[] }).traces.findIndex((x) => x.payout === 'commission');
      const where = (c: number, rest: string) => `statement of P1: traces[${gi}].cells[${c}]${rest}`;
      // a later column (Commission's own value, from Rate's)
      expect(edited((g, at) => void (g.cells[at.rate]!.value = { same: [at.commission] }))).toThrow(/expected \{ same \} to name a column written in full before it, got \[\d+\]/);
      // outside the group
      expect(edited((g, at) => void (g.cells[at.commission]!.inputs[at.input]!.value = { same: [9, 0] }))).toThrow(`${where(1, '.inputs[1].value')}: expected { same } to name a column written in full before it, got [9,0]`);
      // not a position
      expect(edited((g, at) => void (g.cells[at.commission]!.inputs[at.input]!.value = { same: 'Rate' }))).toThrow(where(1, '.inputs[1].value'));
    });
  });

  describe('lookups written once per distinct list ({ distinct, index })', () => {
    type LookupColumn = { distinct: unknown[][]; index: Array<number | null> };
    type Parsed = Statement & { traces: Array<{ payout: string; n: number; cells: Array<{ name: string; lookups?: LookupColumn | unknown[] }> }> };
    const p1 = () => run().statements.find((x) => x.partnerId === 'P1')!;
    // P1's commission lines (C3 has no kWh and is filtered out), with the Rates row each one's keys match, by hand
    const rows = tiny.plan.tables!['Rates']!.kind === 'lookup' ? tiny.plan.tables!['Rates']!.rows : [];
    const expected = ['C1', 'C2', 'C4', 'C5'].map((id) => {
      const c = tiny.contracts.find((x) => x.id === id)!;
      const row = rows.findIndex((r) => r['category'] === c.category && r['territory'] === c.territory);
      return [{ column: 'Rate', keys: [c.category, c.territory], row, table: 'Rates', value: Number(rows[row]!['Rate']) }];
    });

    it('each distinct list once, every line pointing at the one its keys matched', () => {
      const parsed = JSON.parse(statementJson(p1())) as Parsed;
      const group = parsed.traces.find((g) => g.payout === 'commission')!;
      const column = group.cells.find((c) => c.name === 'Rate')!.lookups as LookupColumn;
      expect(column.index).toHaveLength(4);
      expect(column.distinct).toHaveLength(2); // LUCE_CASA × Lombardia (three lines), GAS_CASA × Lombardia
      expect(column.index.map((k) => column.distinct[k!])).toEqual(expected);
      const lines = p1().lines.filter((l) => l.payout === 'commission');
      expect(lines.map((l) => l.trace.cells.find((c) => c.name === 'Rate')!.lookups)).toEqual(expected);
    });

    it('a lookup read and changed on one line changes that line only', () => {
      const s = p1();
      const lines = s.lines.filter((l) => l.payout === 'commission');
      const rate = (i: number) => lines[i]!.trace.cells.find((c) => c.name === 'Rate')!.lookups![0]!;
      rate(0).value = 99; // C1 and C4 made the same lookup
      expect(rate(2).value).toBe(expected[2]![0]!.value);
      const back = readStatement(statementJson(s)).lines.filter((l) => l.payout === 'commission');
      expect(back.map((l) => l.trace.cells.find((c) => c.name === 'Rate')!.lookups![0]!.value)).toEqual([99, ...expected.slice(1).map((e) => e[0]!.value)]);
    });

    it('a statement written with one list per line (before distinct lists) reads the same traces', () => {
      const s = p1();
      const parsed = JSON.parse(statementJson(s)) as Parsed;
      for (const g of parsed.traces)
        for (const c of g.cells) {
          const column = c.lookups as LookupColumn | undefined;
          if (column && !Array.isArray(column)) c.lookups = column.index.map((k) => (k === null ? null : column.distinct[k]));
        }
      expect(parsed.traces.some((g) => g.cells.some((c) => Array.isArray(c.lookups)))).toBe(true);
      expect(JSON.stringify(readStatement(parsed))).toBe(JSON.stringify(structuredClone(s)));
    });

    it('refuses an index that points outside distinct, or one of the wrong length', () => {
      const edited = (edit: (c: LookupColumn) => void) => {
        const parsed = JSON.parse(statementJson(p1())) as Parsed;
        const g = parsed.traces.findIndex((x) => x.payout === 'commission');
        const c = parsed.traces[g]!.cells.findIndex((x) => x.name === 'Rate');
        edit(parsed.traces[g]!.cells[c]!.lookups as LookupColumn);
        return { read: () => readStatement(parsed), at: `traces[${g}].cells[${c}].lookups.index` };
      };
      const far = edited((c) => void (c.index[3] = 2));
      expect(far.read).toThrow(`statement of P1: ${far.at}[3]: expected null or a position in distinct (0 to 1), got 2`);
      const short = edited((c) => void c.index.pop());
      expect(short.read).toThrow(`statement of P1: ${short.at}: expected an array of 4 value(s), got 3`);
      const text = edited((c) => void (c.index[0] = '0' as never));
      expect(text.read).toThrow(`statement of P1: ${text.at}[0]: expected null or a position in distinct (0 to 1), got "0"`);
    });
  });

  describe('checks the trace groups (schema/traceGroup.ts), naming the partner, the group and the field', () => {
    type Group = { n: number; cells: Array<{ value: unknown; formula?: unknown; inputs: Array<{ value: unknown }> }>; [k: string]: unknown };
    /** P1's statement as parsed JSON, changed by `edit`, read back. */
    const readEdited = (edit: (traces: Group[]) => void) => {
      const parsed = JSON.parse(statementJson(run().statements.find((x) => x.partnerId === 'P1')!)) as { traces: Group[] };
      edit(parsed.traces);
      return () => readStatement(parsed);
    };
    // a group of more than one line whose second cell and first input hold one value per line
    const many = (traces: Group[]) => {
      const i = traces.findIndex((g) => g.n > 1 && g.cells.length > 1 && Array.isArray(g.cells[1]!.value) && Array.isArray(g.cells[1]!.inputs[0]?.value));
      expect(i).toBeGreaterThanOrEqual(0);
      return { i, g: traces[i]! };
    };

    it('a cell column one value short', () => {
      let expected = '';
      const read = readEdited((traces) => {
        const { i, g } = many(traces);
        (g.cells[1]!.value as unknown[]).pop();
        expected = `statement of P1: traces[${i}].cells[1].value: expected an array of ${g.n} value(s), got ${g.n - 1}`;
      });
      expect(expected).not.toBe('');
      expect(read).toThrow(expected);
    });

    it("an input's column one value too many", () => {
      let expected = '';
      const read = readEdited((traces) => {
        const { i, g } = many(traces);
        (g.cells[1]!.inputs[0]!.value as unknown[]).push(1);
        expected = `statement of P1: traces[${i}].cells[1].inputs[0].value: expected an array of ${g.n} value(s), got ${g.n + 1}`;
      });
      expect(read).toThrow(expected);
    });

    it('a line-level column (exactValue) of the wrong length', () => {
      expect(
        readEdited((traces) => {
          traces[1]!.exactValue = ['1.00'];
        }),
      ).toThrow(/statement of P1: traces\[1\]\.exactValue: expected an array of \d+ value\(s\), got 1/);
    });

    it('a column that is neither an array nor { all }', () => {
      expect(readEdited((traces) => void (traces[0]!.cells[0]!.value = 'x'))).toThrow('statement of P1: traces[0].cells[0].value: expected an array (one value per line), { all: a string, number, boolean or null } or { same: [cell] or [cell, input] }');
      expect(readEdited((traces) => void (traces[0]!.exactValue = { all: '1', more: 2 }))).toThrow(/statement of P1: traces\[0\]\.exactValue: Unrecognized key: "more"/);
      expect(readEdited((traces) => void (traces[0]!.exactValue = { all: 5 }))).toThrow(/statement of P1: traces\[0\]\.exactValue: expected an array .* or \{ all: a string or null \}/);
    });

    it('a field missing or of the wrong type', () => {
      expect(readEdited((traces) => void delete traces[0]!.cells[1]!.formula)).toThrow(/statement of P1: traces\[0\]\.cells\[1\]\.formula: .*expected string/);
      expect(readEdited((traces) => void (traces[2]!.partnerId = 7))).toThrow(/statement of P1: traces\[2\]\.partnerId: .*expected string/);
      expect(readEdited((traces) => void (traces[0]!.n = 0))).toThrow(/statement of P1: traces\[0\]\.n: /);
      expect(readEdited((traces) => void (traces[0]!.n = 1.5))).toThrow(/statement of P1: traces\[0\]\.n: .*int/);
      expect(readEdited((traces) => void (traces[0]!.rounding = { mode: 'sideways', scale: 2, what: 'x' }))).toThrow(/statement of P1: traces\[0\]\.rounding: expected a rounding rule/);
      expect(readEdited((traces) => void (traces[0]!.cells = {} as never))).toThrow(/statement of P1: traces\[0\]\.cells: .*expected array/);
    });

    it('traces that are not a list, or groups that do not add up to the lines', () => {
      const s = run().statements.find((x) => x.partnerId === 'P1')!;
      expect(() => readStatement({ ...JSON.parse(statementJson(s)), traces: 'x' })).toThrow(/statement of P1: traces: .*expected array/);
      expect(readEdited((traces) => void traces.pop())).toThrow(/statement of P1: its trace groups hold \d+ trace\(s\) for \d+ line\(s\)/);
    });
  });

  describe('reads the lines from their columns, checked first (schema/recordColumns.ts), naming the partner and the field', () => {
    type Parsed = { lines: RecordColumns; traces?: unknown };
    const p1 = () => run().statements.find((x) => x.partnerId === 'P1')!;
    /** P1's statement as parsed JSON, its lines' only run and the position of `key` in it, changed by `edit`, read back. */
    const readEdited = (edit: (run: RecordColumns['runs'][number], at: (key: string) => number, parsed: Parsed) => void) => {
      const parsed = JSON.parse(statementJson(p1())) as Parsed;
      const only = parsed.lines.runs[0]!;
      edit(only, (key) => only.keys.indexOf(key), parsed);
      return () => readStatement(parsed);
    };

    it('a statement written before its lines were columns (lines as objects, traces as columns) reads the same', () => {
      const parsed = JSON.parse(statementJson(p1())) as Parsed & { lines: unknown };
      parsed.lines = recordsFrom(parsed.lines as RecordColumns, 'lines', [LINE_ID]) as never;
      expect(Array.isArray(parsed.lines)).toBe(true);
      const back = readStatement(parsed);
      expect(JSON.stringify(back)).toBe(JSON.stringify(structuredClone(p1())));
      expect(statementJson(back)).toBe(statementJson(p1()));
    });

    it('a column one value short, or counts that do not add up to the run', () => {
      const n = p1().lines.length;
      const column = (key: string) => `statement of P1: lines.runs[0].columns[${Object.keys(p1().lines[0]!).indexOf(key)}]`;
      expect(readEdited((r, at) => void (r.columns[at('amount')] as unknown[]).pop())).toThrow(`${column('amount')}: expected ${n} value(s), got ${n - 1}`);
      expect(readEdited((r, at) => void (r.columns[at('payout')] = { counts: [1, n], values: ['a', 'b'] }))).toThrow(`${column('payout')}: expected counts adding up to ${n} line(s), got ${n + 1}`);
      expect(readEdited((r, at) => void (r.columns[at('payout')] = { counts: [n, 0], values: ['a', 'b'] }))).toThrow(`${column('payout')}.counts[1]: expected a whole number of lines, got 0`);
    });

    it('a prefix column whose rest is not text, a column of no known form, keys and columns that do not pair', () => {
      const n = p1().lines.length;
      const id = `statement of P1: lines.runs[0].columns[${Object.keys(p1().lines[0]!).indexOf('id')}]`;
      expect(readEdited((r, at) => void (r.columns[at('id')] = { prefix: 'agency:', rest: [...Array.from({ length: n - 1 }, () => 'x'), 7] as never }))).toThrow(`${id}.rest[${n - 1}]: expected a string, got 7`);
      expect(readEdited((r, at) => void (r.columns[at('id')] = 'x' as never))).toThrow(`${id}: expected an array (one value per line), { all }, { counts, values }, { prefix, rest }, { fields, nulls } or { derived }`);
      const source = `statement of P1: lines.runs[0].columns[${Object.keys(p1().lines[0]!).indexOf('source')}]`;
      const sources = { fields: { n: n - 1, runs: [{ columns: [Array.from({ length: n - 1 }, () => 'C')], keys: ['id'], n: n - 1 }] } };
      expect(readEdited((r, at) => void (r.columns[at('source')] = { ...sources, nulls: [n] }))).toThrow(`${source}.nulls[0]: expected a line position after the one before it and below ${n}, got ${n}`);
      expect(readEdited((r, at) => void (r.columns[at('source')] = { ...sources, nulls: [] }))).toThrow(`${source}: expected ${n} value(s), got ${n - 1}`);
      expect(readEdited((r) => void r.keys.pop())).toThrow(/statement of P1: lines\.runs\[0\]\.columns: expected \d+ column\(s\), one per key, got \d+/);
      expect(readEdited((r) => void (r.keys[1] = r.keys[0]!))).toThrow('statement of P1: lines.runs[0].keys: a key is named twice');
      expect(readEdited((_r, _at, parsed) => void (parsed.lines.n += 1))).toThrow(/statement of P1: lines\.runs: expected runs of \d+ line\(s\) in all, got \d+/);
    });

    it('a derived column of an unknown name, or naming the derivation of another field, or whose fields are missing', () => {
      const id = `statement of P1: lines.runs[0].columns[${Object.keys(p1().lines[0]!).indexOf('id')}]`;
      expect(readEdited((r, at) => void (r.columns[at('id')] = { derived: 'rowId' }))).toThrow(`${id}: "rowId" is not a derived column known here (lineId)`);
      const label = `statement of P1: lines.runs[0].columns[${Object.keys(p1().lines[0]!).indexOf('label')}]`;
      expect(readEdited((r, at) => void (r.columns[at('label')] = { derived: 'lineId' }))).toThrow(`${label}: "lineId" gives the field "id", not "label"`);
      const n = p1().lines.length;
      expect(readEdited((r, at) => void (r.columns[at('planId')] = Array.from({ length: n }, () => 7)))).toThrow(`${id}: record 0 lacks the fields its id is worked out from`);
    });

    it('lines as columns without traces, and lines that are neither a list nor columns', () => {
      expect(readEdited((_r, _at, parsed) => void delete parsed.traces)).toThrow('statement of P1: its lines are columns but it has no traces');
      expect(() => readStatement({ partnerId: 'P1', lines: 'x' })).toThrow('not a statement: it has no lines');
    });
  });
});
