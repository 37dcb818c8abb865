/**
 * A corpus of bad input — every fact type, every constraint, every reader defect, prototype keys, encodings, line
 * endings and separators — run through `provvigo validate --facts` and `provvigo run` as a user would. Each bad record
 * must yield exactly one issue naming it and its field; every good record must be used; in = used + excluded +
 * rejected per table; exit codes as the README says (1 for data issues, 2 for a file that cannot be read at all).
 * The expected field of each bad record is written by hand below, next to the defect it holds.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStatement, type Issue, type TableCounts } from '@provvigo/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { provvigo } from './helpers.js';

const factSchema = {
  partnerAttributes: {
    mandate: { type: 'text', enum: ['mono', 'multi'], label: { it: 'Mandato', en: 'Mandate' } },
    seniority: { type: 'integer', required: false, minimum: 0 },
  },
  tables: {
    contracts: {
      key: 'id', partner: 'partnerId', date: 'signedDate',
      unique: [['pod']],
      columns: {
        id: { type: 'text' },
        partnerId: { type: 'text' },
        signedDate: { type: 'date', minimum: '2020-01-01' },
        category: { type: 'text', enum: ['LUCE', 'GAS'], label: { it: 'Categoria', en: 'Category' } },
        kWh: { type: 'number', minimum: 0, maximum: '1000000' },
        rooms: { type: 'integer', required: false },
        tier: { type: 'integer', required: false, enum: [1, 2, 3] },
        fee: { type: 'money', required: false, exclusiveMinimum: '0' },
        discount: { type: 'percent', required: false, exclusiveMaximum: '1' },
        green: { type: 'boolean', required: false },
        status: { type: 'text', required: false, enum: ['ACTIVE', 'CANCELLED'] },
        cancelDate: { type: 'date', required: false, requiredIf: { column: 'status', values: ['CANCELLED'] } },
        endDate: { type: 'date', required: false, maximum: '2030-12-31' },
        pod: { type: 'text', required: false, pattern: 'IT\\d{3}E\\d{8}' },
        note: { type: 'text', required: false, maxLength: 20 },
        referrerId: { type: 'text', required: false, references: 'partners' },
        productCode: { type: 'text', required: false, references: { table: 'products', column: 'code' } },
      },
    },
    contrattiIt: {
      key: 'id', partner: 'partnerId', date: 'signedDate',
      format: { delimiter: ';', decimal: ',', thousands: '.', encoding: 'windows-1252' },
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' }, note: { type: 'text', required: false } },
    },
    products: {
      key: 'code', partner: 'ownerId', date: 'validFrom',
      columns: { code: { type: 'text' }, ownerId: { type: 'text' }, validFrom: { type: 'date' } },
    },
  },
};

const plan = {
  id: 'corpus', version: 1, name: 'Corpus', effectiveFrom: '2026-01-01', currency: 'EUR',
  parameters: { Rate: { type: 'number', value: '0.01' } },
  sheets: {
    Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } },
    LinesIt: { kind: 'lines', source: 'contrattiIt', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } },
  },
  payouts: {
    Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' },
    CommissionIt: { label: 'Commission (IT)', sheet: 'LinesIt', column: 'Commission' },
  },
};

const partners = [
  { id: 'P1', name: 'Uno', kind: 'agent', territory: 'Lazio', attributes: { mandate: 'mono' } },
  // P2 has bad records only: it still gets a statement, listing them.
  { id: 'P2', name: 'Due', kind: 'agent', territory: 'Lazio', attributes: { mandate: 'multi', seniority: 3 } },
  { id: 'PX-KIND', name: 'Bad kind', kind: 'boss', territory: 'Lazio', attributes: { mandate: 'mono' } }, // kind not allowed
  { id: 'PX-ATTR', name: 'Bad attr', kind: 'agent', territory: 'Lazio', attributes: { mandate: 'maybe' } }, // enum attribute
  { id: 'PX-MISS', name: 'No mandate', kind: 'agent', territory: 'Lazio' }, // required attribute missing
  { id: 'PX-SEN', name: 'Negative seniority', kind: 'agent', territory: 'Lazio', attributes: { mandate: 'mono', seniority: -1 } }, // minimum
];
/** Bad partners and the field of their one issue. */
const BAD_PARTNERS: Record<string, string> = { 'PX-KIND': 'kind', 'PX-ATTR': 'attributes.mandate', 'PX-MISS': 'attributes.mandate', 'PX-SEN': 'attributes.seniority' };

const HEADER = 'id,partnerId,signedDate,category,kWh,rooms,tier,fee,discount,green,status,cancelDate,endDate,pod,note,referrerId,productCode';
/** A CSV row from the columns that differ from a good record's. */
function row(fields: Record<string, string>): string {
  const base: Record<string, string> = { partnerId: 'P1', signedDate: '2026-10-05', category: 'LUCE', kWh: '1000' };
  const all = { ...base, ...fields };
  return HEADER.split(',').map((c) => all[c] ?? '').join(',');
}

/** Bad CSV records: id → the field its one defect is in. */
const BAD_CSV: Array<[string, string, Record<string, string>]> = [
  ['BAD-NUMBER', 'kWh', { kWh: 'tremila' }],
  ['BAD-INTEGER', 'rooms', { rooms: '2.5' }],
  ['BAD-MONEY', 'fee', { fee: '"12,50"' }], // decimal comma in a file that declares "."
  ['BAD-PERCENT', 'discount', { discount: '10%' }],
  ['BAD-BOOLEAN', 'green', { green: 'forse' }],
  ['BAD-DATE-FORMAT', 'signedDate', { signedDate: '31/10/2026' }],
  ['BAD-DATE-CALENDAR', 'signedDate', { signedDate: '2026-02-31' }],
  ['BAD-DATE-MONTH', 'endDate', { endDate: '2026-13-01' }],
  ['BAD-ENUM', 'category', { category: 'ACQUA' }],
  ['BAD-ENUM-CASE', 'status', { status: 'active' }],
  ['BAD-ENUM-NUMBER', 'tier', { tier: '4' }],
  ['BAD-MINIMUM', 'kWh', { kWh: '-5' }],
  ['BAD-MAXIMUM', 'kWh', { kWh: '2000000' }],
  ['BAD-EXCL-MINIMUM', 'fee', { fee: '0' }],
  ['BAD-EXCL-MAXIMUM', 'discount', { discount: '1' }],
  ['BAD-DATE-MINIMUM', 'signedDate', { signedDate: '2019-12-31' }],
  ['BAD-DATE-MAXIMUM', 'endDate', { endDate: '2031-01-01' }],
  ['BAD-PATTERN', 'pod', { pod: 'IT001' }],
  ['BAD-MAXLENGTH', 'note', { note: 'a note far longer than twenty characters' }],
  ['BAD-REQUIRED-IF', 'cancelDate', { status: 'CANCELLED' }],
  ['BAD-REF-PARTNER', 'referrerId', { referrerId: 'P404' }],
  ['BAD-REF-TABLE', 'productCode', { productCode: 'NOPE' }],
  ['BAD-UNIQUE', 'pod', { pod: 'IT001E00000001' }], // repeats GOOD-POD's pod
  ['BAD-MISSING', 'category', { category: '' }],
  ['BAD-MISSING-PARTNER', 'partnerId', { partnerId: '' }],
  ['BAD-MISSING-DATE', 'signedDate', { signedDate: '' }],
  ['BAD-UNKNOWN-PARTNER', 'partnerId', { partnerId: 'P404' }],
  ['BAD-INVALID-PARTNER', 'partnerId', { partnerId: 'PX-KIND' }], // the partner itself is invalid, so unknown to the run
  ['BAD-P2-ENUM', 'category', { partnerId: 'P2', category: 'VENTO' }],
  ['BAD-P2-NUMBER', 'kWh', { partnerId: 'P2', kWh: '1e' }],
  ['BAD-QUOTED-THOUSANDS', 'kWh', { kWh: '"3,200"' }], // a thousands comma, quoted: not a number as declared
  ['DUP-1', 'id', {}], // the second DUP-1 below; the first one is good
];

const GOOD_CSV = [
  row({ id: 'GOOD-1' }),
  row({ id: 'GOOD-2', rooms: '3', tier: '2', fee: '12.50', discount: '0.1', green: 'true', status: 'ACTIVE', endDate: '2030-12-31', note: 'short note', referrerId: 'P2', productCode: 'LUCE-1' }),
  row({ id: 'GOOD-POD', pod: 'IT001E00000001' }),
  row({ id: 'GOOD-CANCELLED', status: 'CANCELLED', cancelDate: '2026-10-20' }),
  row({ id: 'DUP-1' }),
];

/** Lines of the reader-defect rows, and the id the issue names. */
const SHORT_ROW = 'BAD-SHORT,P1,2026-10-05'; // fewer fields than the header
const THOUSANDS_ROW = row({ id: 'BAD-THOUSANDS', kWh: '3,200' }); // an unquoted thousands comma shifts the columns

let dir: string;
let out: string;
const expected = new Map<string, string>(); // record id → field of its one issue
let goodIds: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-bad-records-'));
  out = join(dir, 'out');
  await writeFile(join(dir, 'factSchema.json'), JSON.stringify(factSchema));
  await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
  await writeFile(join(dir, 'partners.json'), JSON.stringify(partners));
  // contracts.csv: CRLF header, then LF, CR and CRLF rows mixed (each must still be its own record).
  const rows = [...GOOD_CSV, ...BAD_CSV.map(([id, , f]) => row({ id, ...f })), SHORT_ROW, THOUSANDS_ROW];
  const endings = ['\n', '\r', '\r\n'];
  await writeFile(join(dir, 'contracts.csv'), `${HEADER}\r\n` + rows.map((r, i) => r + endings[i % 3]).join(''));
  for (const [id, field] of BAD_CSV) expected.set(id, field);
  expected.set('BAD-SHORT', '');
  expected.set('BAD-THOUSANDS', '');
  // contracts.jsonl: a good record, a null, a line that is not JSON, a value of the wrong JSON type, a __proto__ key.
  const jsonl = [
    JSON.stringify({ id: 'GOOD-JSONL', partnerId: 'P1', signedDate: '2026-10-06', category: 'GAS', kWh: 250 }),
    'null',
    '{"id": "BAD-NOT-JSON", "partnerId": "P1",',
    JSON.stringify({ id: 'BAD-TEXT-TYPE', partnerId: 'P1', signedDate: '2026-10-06', category: 'GAS', kWh: 1, note: { text: 'an object' } }),
    // JSON.parse makes "__proto__" an own key: kWh must not be read through it, so the record lacks kWh.
    '{"id": "BAD-PROTO", "partnerId": "P1", "signedDate": "2026-10-06", "category": "GAS", "__proto__": {"kWh": 5}}',
    JSON.stringify({ id: 'BAD-BOOL-TYPE', partnerId: 'P1', signedDate: '2026-10-06', category: 'GAS', kWh: true }),
  ];
  await writeFile(join(dir, 'contracts.2.jsonl'), jsonl.join('\n') + '\n');
  expected.set('BAD-TEXT-TYPE', 'note').set('BAD-PROTO', 'kWh').set('BAD-BOOL-TYPE', 'kWh');
  // contracts.3.json: an array with a number and a good record.
  await writeFile(join(dir, 'contracts.3.json'), JSON.stringify([42, { id: 'GOOD-JSON', partnerId: 'P1', signedDate: '2026-10-07', category: 'LUCE', kWh: '10.5' }]));
  // contrattiIt.csv: Italian Excel, windows-1252 ("Città" is one byte 0xE0), ";" and decimal comma, thousands ".".
  const it = ['id;partnerId;signedDate;kWh;note', 'IT-GOOD-1;P1;2026-10-08;1.234,5;Città', 'IT-GOOD-2;P1;2026-10-08;12;', 'IT-BAD-SEPARATORS;P1;2026-10-08;1,234.5;'];
  await writeFile(join(dir, 'contrattiIt.csv'), Buffer.from(it.join('\r\n') + '\r\n', 'latin1'));
  expected.set('IT-BAD-SEPARATORS', 'kWh');
  await writeFile(join(dir, 'products.json'), JSON.stringify([{ code: 'LUCE-1', ownerId: 'P1', validFrom: '2026-01-01' }]));
  goodIds = ['GOOD-1', 'GOOD-2', 'GOOD-POD', 'GOOD-CANCELLED', 'DUP-1', 'GOOD-JSONL', 'GOOD-JSON', 'IT-GOOD-1', 'IT-GOOD-2'];
});

/** `provvigo run` on the corpus into `target` (one thread unless extra options say otherwise). */
const runCorpus = (target: string, extra: string[] = []) =>
  provvigo(['run', '--plan', join(dir, 'plan.json'), '--schema', join(dir, 'factSchema.json'), '--partners', join(dir, 'partners.json'), ...factArgs(), '--period', '2026-10', '--license-key', 'gpl-v3', '--out', target, '--quiet', ...extra]);
/** The one-thread run, started by whichever test needs it first (so each test also runs alone). */
let singleRun: ReturnType<typeof runCorpus> | undefined;
const runSingle = () => (singleRun ??= runCorpus(out));

const factArgs = () => ['--facts', join(dir, 'contracts.csv'), join(dir, 'contracts.2.jsonl'), join(dir, 'contracts.3.json'), join(dir, 'contrattiIt.csv'), join(dir, 'products.json')];

/** Checks the issues of the corpus: one per bad record (by id), naming its field; one per bad partner. */
function checkIssues(issues: Issue[]) {
  const recordIssues = issues.filter((i) => i.record);
  for (const [id, field] of expected) {
    const mine = recordIssues.filter((i) => i.record!.id === id);
    expect(mine, id).toHaveLength(1);
    if (field) expect(mine[0]!.field, id).toBe(field);
    else expect(mine[0]!.code, id).toBe('invalid_file');
    expect(mine[0]!.messages?.it, id).toBeTruthy();
  }
  // The two records without an id are named by position (null in JSON Lines line 2, 42 in the JSON array) and by line.
  const unnamed = recordIssues.filter((i) => !expected.has(i.record!.id));
  expect(unnamed.map((i) => i.code).sort()).toEqual(['invalid_file', 'invalid_input', 'invalid_input']);
  for (const id of goodIds) expect(recordIssues.filter((i) => i.record!.id === id && id !== 'DUP-1'), id).toEqual([]);
  for (const [id, field] of Object.entries(BAD_PARTNERS)) {
    const mine = issues.filter((i) => i.partnerId === id && !i.record);
    expect(mine, id).toHaveLength(1);
    expect(mine[0]!.field, id).toBe(field);
  }
  const badKinds = expected.size + 3 + Object.keys(BAD_PARTNERS).length;
  expect(badKinds).toBeGreaterThanOrEqual(40);
}

describe('a corpus of bad records', () => {
  it('provvigo validate --facts: one issue per bad record and partner, counts balance, exit 1', async () => {
    const r = await provvigo(['validate', '--plan', join(dir, 'plan.json'), '--schema', join(dir, 'factSchema.json'), '--partners', join(dir, 'partners.json'), ...factArgs(), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout) as { issues: Issue[]; counts: Record<string, { in: number; valid: number; rejected: number }> };
    checkIssues(result.issues);
    const invalidPartner = result.issues.find((i) => i.record?.id === 'BAD-INVALID-PARTNER')!;
    expect(invalidPartner.messages?.it).toContain(`il partner "PX-KIND" è nell'elenco dei partner ma è stato scartato (${join(dir, 'partners.json')}, partners[2], campo "kind")`);
    const c = result.counts;
    // contracts: 5 good CSV + 32 bad CSV + 2 reader-rejected CSV rows + 6 JSONL lines + 2 JSON values.
    expect(c.contracts).toEqual({ in: 47, valid: 7, rejected: 40 });
    expect(c.contrattiIt).toEqual({ in: 3, valid: 2, rejected: 1 });
  });

  it('provvigo run: every good record used, every bad one rejected with its issue, on its partner statement', async () => {
    const r = await runSingle();
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { counts: Record<string, TableCounts> };
    checkIssues(JSON.parse(await readFile(join(out, 'issues.json'), 'utf8')) as Issue[]);
    for (const [table, c] of Object.entries(summary.counts)) expect(c.in, table).toBe(c.used + c.excluded + c.rejected);
    expect(summary.counts.contracts).toMatchObject({ in: 47, used: 7, excluded: 0, rejected: 40 });
    expect(summary.counts.contrattiIt).toMatchObject({ in: 3, used: 2, excluded: 0, rejected: 1 });
    // statements.json holds each statement's canonical JSON (lines and traces as columns): core's readStatement reads it
    const statements = (JSON.parse(await readFile(join(out, 'statements.json'), 'utf8')) as object[]).map((s) => readStatement(s));
    const p1 = statements.find((s) => s.partnerId === 'P1')!;
    // Used: 1000 kWh × 4 CSV records (GOOD-1, GOOD-2, GOOD-POD, GOOD-CANCELLED) + DUP-1 (1000) + 250 + 10.5 + 1234.5 + 12,
    // at 0.01 each line rounded: 5 × 10.00 + 2.50 + 0.11 (0.105 half-up) + 12.35 (12.345 half-up) + 0.12 = 65.08.
    expect(p1.total).toBe('65.08');
    expect(p1.rejected?.map((i) => i.record?.id)).toContain('BAD-NUMBER');
    const p2 = statements.find((s) => s.partnerId === 'P2')!;
    expect(p2.lines.every((l) => l.amount === '0.00' || l.amount === '0')).toBe(true);
    expect(p2.rejected?.map((i) => [i.record?.id, i.field])).toEqual([['BAD-P2-ENUM', 'category'], ['BAD-P2-NUMBER', 'kWh']]);
    // A partner that fails its own validation still gets a statement that says why: blocked, no lines, a zero total,
    // its one issue, and the records rejected for it; it is counted with the others (2 valid + 4 invalid partners).
    for (const [id, field] of Object.entries(BAD_PARTNERS)) {
      const s = statements.find((x) => x.partnerId === id);
      expect(s, id).toBeDefined();
      expect(s!.blocked, id).toBe(true);
      expect(s!.lines, id).toEqual([]);
      expect(s!.total, id).toBe('0.00'); // nothing computed, at the plan's default scale of 2
      expect(s!.issues.map((i) => i.field), id).toEqual([field]);
    }
    expect(statements.map((s) => s.partnerId)).toEqual(['P1', 'P2', 'PX-ATTR', 'PX-KIND', 'PX-MISS', 'PX-SEN']);
    const pxKind = statements.find((s) => s.partnerId === 'PX-KIND')!;
    expect(pxKind.rejected?.map((i) => [i.record?.id, i.field])).toEqual([['BAD-INVALID-PARTNER', 'partnerId']]);
    // the record says the partner exists but was rejected, and where its defect is (PX-KIND is partners[2]; field kind)
    const where = `(${join(dir, 'partners.json')}, partners[2], field "kind")`;
    expect(pxKind.rejected![0]!.messages?.en).toContain(`partner "PX-KIND" is in the partner list but was rejected ${where}`);
    expect(pxKind.rejected![0]!.code).toBe('constraint_violation');
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).statements).toBe(6);
    const csv = (await readFile(join(out, 'statements.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(csv.filter((l) => l.includes(',PX-') && l.endsWith(',yes,1'))).toHaveLength(4); // blocked, with one issue each
  });

  it('provvigo run --workers 2 writes the same statements, those of invalid partners included', async () => {
    const pool = join(dir, 'out-pool');
    const r = await runCorpus(pool, ['--workers', '2']);
    expect(r.code, r.stderr).toBe(1);
    expect((await runSingle()).code).toBe(1);
    expect(await readFile(join(pool, 'statements.json'), 'utf8')).toBe(await readFile(join(out, 'statements.json'), 'utf8'));
    const counts = (f: string) => readFile(join(f, 'summary.json'), 'utf8').then((t) => JSON.parse(t).counts);
    expect(await counts(pool)).toEqual(await counts(out));
  });

  it('a file that cannot be read at all stops the run naming file and line (exit 2): repeated header, empty header, a declared column misspelt, bytes not in the encoding', async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['contracts.dupheader.csv', 'id,partnerId,signedDate,id\nC1,P1,2026-10-01,C1\n', /line 1: the header names column "id" twice/],
      ['contracts.emptyheader.csv', 'id,,signedDate\nC1,P1,2026-10-01\n', /line 1: column 2 of the header has no name/],
      // a declared column spelt otherwise in the header: read as it is, every kWh would be lost
      ['contracts.misspelt.csv', 'id,partnerId,signedDate,category,kwh\nC1,P1,2026-10-01,LUCE,1\n', /line 1: column "kwh" is not in the fact schema of table contracts, and its column "kWh" is missing: rename "kwh" to "kWh"/],
      // the same in JSON Lines and JSON, which have no header: each record's keys are checked
      ['contracts.misspelt.jsonl', '{"id":"C1","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE","kwh":1}\n', /line 1: column "kwh" is not in the fact schema of table contracts, and its column "kWh" is missing/],
      ['contracts.misspelt.json', '[{"id":"C1","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE","kwh":1}]', /record 1: column "kwh" is not in the fact schema of table contracts, and its column "kWh" is missing/],
      // a later record only: the first lacks the optional column, a later one spells it otherwise
      ['contracts.misspelt-later.jsonl', '{"id":"C1","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE"}\n\n{"id":"C2","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE","kwh":1}\n', /line 3: column "kwh" is not in the fact schema of table contracts, and its column "kWh" is missing/],
      ['contracts.misspelt-later.json', '[{"id":"C1","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE"},null,{"id":"C2","partnerId":"P1","signedDate":"2026-10-01","category":"LUCE","kwh":1}]', /record 3: column "kwh" is not in the fact schema of table contracts, and its column "kWh" is missing/],
      ['contracts.latin1.csv', Buffer.concat([Buffer.from('id,partnerId,signedDate,category,kWh,note\nC1,P1,2026-10-01,LUCE,1,ok\nC2,P1,2026-10-01,LUCE,1,Citt'), Buffer.from([0xe0]), Buffer.from('\n')]), /line 3 holds bytes that are not valid utf-8/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      await writeFile(file, content);
      const r = await provvigo(['validate', '--plan', join(dir, 'plan.json'), '--schema', join(dir, 'factSchema.json'), '--partners', join(dir, 'partners.json'), '--facts', file]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(file);
      expect(r.stderr, name).toMatch(message);
    }
  });

  it('plans cannot reach JavaScript built-ins through names: [@__proto__], [@constructor], =valueOf fail validation, one issue each', async () => {
    for (const formula of ['=[@__proto__]', '=[@constructor] * Rate', '=valueOf', '=Lines[toString]', '=Lines[constructor]', '=Partner[constructor]', '=SUM(Lines[hasOwnProperty])']) {
      const file = join(dir, 'proto-plan.json');
      await writeFile(file, JSON.stringify({ ...plan, sheets: { ...plan.sheets, Lines: { ...plan.sheets.Lines, columns: { Commission: { formula, type: 'money' } } } } }));
      const r = await provvigo(['validate', '--plan', file, '--schema', join(dir, 'factSchema.json'), '--json']);
      expect(r.code, formula).toBe(1);
      const issues = (JSON.parse(r.stdout) as { issues: Issue[] }).issues;
      // one defect, one issue: an unknown column is not also reported as a whole column left unaggregated
      expect(issues.filter((i) => i.severity === 'error').map((i) => i.code), formula).toEqual(['unknown_reference']);
    }
  });
});
