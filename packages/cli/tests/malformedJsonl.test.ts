// JSON Lines files with bad lines, read by each reader of the CLI: fact files (.jsonl), the `--delivery-log` of
// `invoices --send`, the `statements.json` that `explain` streams line by line, and the export of `import billing`.
// Each command runs as `provvigo`, from the TypeScript sources, in its own process. A bad line gets one line naming the
// file, the line and the field where there is one, and a non-zero exit, never a TypeError, a bare "Unexpected token" or
// a stack trace; a bad fact record is rejected alone and the other partners compute; a BOM, CRLF line ends and blank
// lines are read.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real SMTP server child process of @provvigo/documents' tests.
import { startSmtp, type TestSmtp } from '../../documents/tests/smtp.js';
import { principal } from './helpers/italianParties.js';
import { expectClearError, expectNoCrash, provvigo, type CliResult } from './helpers/provvigoProcess.js';
import { example, removeFolders, tempStore } from './helpers/tempStore.js';

const partners = join(example, 'fixtures/small/partners.json');
const runInputs = ['--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', partners];

let dir: string;
/** The sample's fact tables as JSON Lines, one record per line: line n + 1 of a file holds record n of its table. */
const jsonl: Record<string, string[]> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-malformed-jsonl-'));
  for (const table of ['contracts', 'interventions', 'serviceEvents']) {
    const records = JSON.parse(await readFile(join(example, 'fixtures/small/facts', `${table}.json`), 'utf8')) as object[];
    jsonl[table] = records.map((r) => JSON.stringify(r));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A scratch folder per test. */
async function scratch(name: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** A facts folder of the sample as JSON Lines, with `contracts.jsonl` as given. */
async function factsFolder(name: string, contracts: string): Promise<{ folder: string; file: string }> {
  const folder = await scratch(name);
  for (const table of ['interventions', 'serviceEvents']) await writeFile(join(folder, `${table}.jsonl`), `${jsonl[table]!.join('\n')}\n`);
  await writeFile(join(folder, 'contracts.jsonl'), contracts);
  return { folder, file: join(folder, 'contracts.jsonl') };
}

describe('fact files in JSON Lines', () => {
  // contracts.jsonl: the sample's records with a null, a number, a string and an array on lines 2-5; records 1.. then
  // sit on lines 1, 6, 7…, so the sample's record without a category (index 170) is on line 175.
  const nonObjects = ['null', '42', '"text"', '["8007Q0000000005AAA", "AGT-0005"]'];
  let calculated: Promise<{ r: CliResult; file: string }> | undefined;
  /** `period calculate` on those facts in a fresh store, started by whichever test needs it first. */
  const calculate = () =>
    (calculated ??= (async () => {
      const lines = jsonl.contracts!;
      const { folder, file } = await factsFolder('calculate', `${[lines[0], ...nonObjects, ...lines.slice(1)].join('\n')}\n`);
      const store = await tempStore('provvigo-jsonl-calculate-');
      try {
        const open = await provvigo(['period', 'open', '--period', '2026-10', '--db', store.db]);
        expect(open.code, open.stderr).toBe(0);
        return { r: await provvigo(['period', 'calculate', '--period', '2026-10', '--db', store.db, ...runInputs, '--facts', folder]), file };
      } finally {
        await removeFolders(store.dir, store.db);
      }
    })());

  it('period calculate: a line holding null, a number, a string or an array is rejected by file and line, the others compute (exit 1, no crash)', async () => {
    const { r, file } = await calculate();
    expect(r.code, r.stderr).toBe(1);
    expectNoCrash(r);
    expect(r.stdout).toMatch(/run 2026-10-r1 calculated by carla/);
    expect(r.stdout).toMatch(/20 partner statement\(s\)/);
    for (const [i, value] of nonObjects.entries()) {
      const issue = r.stderr.split('\n').find((l) => l.includes(`${file}:${i + 2}:`));
      expect(issue, `line ${i + 2}`).toContain(`a record must be a JSON object of column values, found ${value}`);
    }
  });

  it('period calculate: a JSON Lines record with a missing field is named with its file, line and field', async () => {
    const { r, file } = await calculate();
    const issue = r.stderr.split('\n').find((l) => l.includes('BAD-MISSING-CATEGORY'));
    expect(issue).toContain(`${file}:175`);
    expect(issue).toContain('field category');
  });

  it('a fact file that is a folder is named (not a bare EISDIR)', async () => {
    const folder = await scratch('contracts-folder.jsonl');
    const r = await provvigo(['run', ...runInputs, '--facts', `contracts=${folder}`, '--period', '2026-10', '--out', join(dir, 'out-folder'), '-q']);
    expectClearError(r, folder);
    expect(r.stderr).toContain('folder');
  });

  it('run reads a BOM, CRLF line ends and blank lines, and rejects a last line cut short by its line (the others compute)', async () => {
    const lines = jsonl.contracts!;
    const cut = '{"id":"CUT-1","partnerId":"AGT-0005","signedDa';
    const { folder, file } = await factsFolder('bom-crlf', `\uFEFF${lines.slice(0, 2).join('\r\n')}\r\n\r\n  \r\n${lines.slice(2).join('\r\n')}\r\n${cut}`);
    const r = await provvigo(['run', ...runInputs, '--facts', folder, '--period', '2026-10', '--out', join(dir, 'out-bom-crlf')]);
    expect(r.code, r.stderr).toBe(1);
    expectNoCrash(r);
    // every record of the sample is read (3 of them are the sample's own bad records), and the cut line is rejected
    expect(r.stdout).toMatch(new RegExp(`contracts +in ${lines.length + 1} +used 162 +excluded 8 +rejected 4`));
    // in the CLI's language (English here), as every line the command prints for its operator
    expect(r.stderr).toContain(`${file}:${lines.length + 3}: not valid JSON`);
  });
});

describe('--delivery-log of invoices --send', () => {
  let statements: string;
  let principalFile: string;
  let smtp: TestSmtp;
  /** A log of every partner sent once, written by a first send; each test copies it. */
  let sentLog: string;

  beforeAll(async () => {
    const run = join(dir, 'run');
    const r = await provvigo(['run', ...runInputs, '--facts', join(example, 'fixtures/small/facts'), '--period', '2026-10', '--out', run, '-q']);
    expect(r.code, r.stderr).toBe(1); // the sample holds bad records on purpose
    // three partners' statements are enough (20 would render 40 PDFs on every send)
    const all = JSON.parse(await readFile(join(run, 'statements.json'), 'utf8')) as object[];
    statements = join(dir, 'statements.json');
    await writeFile(statements, JSON.stringify(all.slice(0, 3)));
    principalFile = join(dir, 'principal.json');
    await writeFile(principalFile, JSON.stringify(principal));
    smtp = await startSmtp();
    sentLog = join(dir, 'sent.jsonl');
    const first = await send(sentLog, 'sent-log', smtp.url);
    expect(first.stdout, first.stderr).toMatch(/sent 3, failed 0, already sent 0/);
  });
  afterAll(() => smtp?.stop());

  /** `provvigo invoices --send` of the three statements into `out`, recording in `log` (no server on port 9). */
  const send = (log: string, out: string, url = 'smtp://127.0.0.1:9') =>
    provvigo(['invoices', '--period', '2026-10', '--partners', partners, '--principal', principalFile, '--statements', statements, '--out', join(dir, out), '--date', '2026-11-05', '--send', '--smtp', url, '--delivery-log', log]);

  /** The sent log's lines, changed by `edit`, written to a file of its own. */
  async function logWith(name: string, edit: (lines: string[]) => string): Promise<string> {
    const file = join(await scratch(name), 'deliveries.jsonl');
    await writeFile(file, edit((await readFile(sentLog, 'utf8')).trimEnd().split('\n')));
    return file;
  }

  it('a line that is not JSON is named with file and line, before any document is written', async () => {
    const log = await logWith('log-not-json', (l) => [l[0], 'this is not json', ...l.slice(1)].join('\n') + '\n');
    const r = await send(log, 'out-not-json');
    expectClearError(r, log);
    expect(r.stderr).toContain('record line 2: not valid JSON');
    expect(await readdir(join(dir, 'out-not-json')).catch(() => [])).not.toContain('invoices.json');
  });

  it('a record missing a field or with one of the wrong type is named with its line (blank lines counted) and field', async () => {
    const missing = await logWith('log-missing', (l) => ['', l[0], '', l[1]!.replace(/"documentHash":"[0-9a-f]+",/, ''), l[2]].join('\n') + '\n');
    const r1 = await send(missing, 'out-missing');
    expectClearError(r1, missing);
    expect(r1.stderr).toContain('record line 4, field documentHash: not a delivery record');
    const mistyped = await logWith('log-mistyped', (l) => [l[0], l[1]!.replace('"attempt":1', '"attempt":"1"'), l[2]].join('\n') + '\n');
    const r2 = await send(mistyped, 'out-mistyped');
    expectClearError(r2, mistyped);
    expect(r2.stderr).toContain('record line 2, field attempt: not a delivery record');
  });

  it('a last line cut short is named with file and line', async () => {
    const log = await logWith('log-cut', (l) => [...l.slice(0, 2), l[2]!.slice(0, 80)].join('\n'));
    const r = await send(log, 'out-cut');
    expectClearError(r, log);
    expect(r.stderr).toContain('record line 3: the last line is cut short');
  });

  it('a folder given as the log is named (not a bare EISDIR)', async () => {
    const log = await scratch('log-folder.jsonl');
    expectClearError(await send(log, 'out-log-folder'), log);
  });

  it('a log with a BOM and CRLF line ends is read: nothing is sent twice', async () => {
    const log = await logWith('log-bom-crlf', (l) => `\uFEFF${l.join('\r\n')}\r\n`);
    const before = (await smtp.received()).length;
    const r = await send(log, 'sent-log', smtp.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sent 0, failed 0, already sent 3/);
    expect((await smtp.received()).length).toBe(before);
  });

  it('a record is never appended to a last line left without its line break', async () => {
    // the second partner's record is gone (to be sent again), and the file ends without a line break
    const log = await logWith('log-unended', (l) => [l[0], l[2]].join('\n'));
    const r1 = await send(log, 'sent-log', smtp.url);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/sent 1, failed 0, already sent 2/);
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const r2 = await send(log, 'sent-log', smtp.url);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/sent 0, failed 0, already sent 3/);
  });
});

describe('other line readers', () => {
  it('import billing --file <folder> is named before the store opens (not a bare EISDIR)', async () => {
    const t = await scratch('import-folder');
    const folder = await scratch('import-folder/events.jsonl');
    const mapping = join(t, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ source: 'isu', fields: { eventId: 'ID', eventType: 'TYPE', occurredAt: 'DATE', contractRef: 'CONTRACT', partnerRef: 'PARTNER' }, dateFormat: 'iso', rules: [{ when: { TYPE: 'A' }, type: 'activated' }], file: { kind: 'jsonl' } }));
    const r = await provvigo(['import', 'billing', '--file', folder, '--mapping', mapping, '--db', join(t, 'db')]);
    expectClearError(r, folder);
  });

  it('explain: a statements.json line that is JSON but no statement is named as such, not as "not valid JSON"', async () => {
    const run = await scratch('explain');
    // the streamed layout of `provvigo run`: "[", one statement per line, "]"
    await writeFile(join(run, 'statements.json'), '[\nnull,\n"text"\n]\n');
    const r = await provvigo(['explain', '--results', run, '--partner', 'AGT-0001']);
    expectClearError(r, join(run, 'statements.json'));
    expect(r.stderr).toContain('record line 2: not a statement: expected a JSON object, found null');
  });

  it('explain: a statements.json that is a folder is named (not a bare EISDIR)', async () => {
    const folder = await scratch('explain-folder/statements.json');
    expectClearError(await provvigo(['explain', '--results', join(dir, 'explain-folder'), '--partner', 'AGT-0001']), folder);
  });
});
