// Bad input gets a clear error naming file, record and field, and loses nothing: each command here is run (as
// `provvigo`, from the TypeScript sources) on a malformed file it reads — JSON `null`, an array or a string where an
// object is expected, a file that is not JSON, an empty one — and must exit non-zero with a message naming that file,
// never a TypeError, a stack trace or a plan saved against a fact schema that checked nothing.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClearError, provvigo } from './helpers/provvigoProcess.js';
import { example } from './helpers/tempStore.js';

const partners = join(example, 'fixtures/small/partners.json');
const principal = join(example, 'principal.json');
const inputs = ['--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', partners, '--facts', join(example, 'fixtures/small/facts')];

let dir: string;
/** The malformed files, by case. */
const bad = { null: '', array: '', string: '', notJson: '', empty: '', nullElement: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-malformed-'));
  const contents: Record<keyof typeof bad, string> = { null: 'null', array: '[]', string: '"text"', notJson: 'this is not json\n', empty: '', nullElement: '[null]' };
  for (const [name, text] of Object.entries(contents)) {
    const file = join(dir, `${name}.json`);
    await writeFile(file, text);
    bad[name as keyof typeof bad] = file;
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A scratch folder per test: its own store folder and output folder. */
async function scratch(name: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  return folder;
}

describe('malformed input files name the file and never crash', () => {
  it('invoices --principal null', async () => {
    const t = await scratch('invoices-principal-null');
    expectClearError(await provvigo(['invoices', '--period', '2026-10', '--principal', bad.null, '--db', join(t, 'db'), '--out', join(t, 'out')]), bad.null);
  });

  it('invoices issue --principal null', async () => {
    const t = await scratch('issue-principal-null');
    const r = await provvigo(['invoices', 'issue', '--period', '2026-10', '--paid-on', '2026-11-15', '--partners', partners, '--principal', bad.null, '--out', join(t, 'out')]);
    expectClearError(r, bad.null);
  });

  it('invoices issue: the pro-forma index invoices.json holding null', async () => {
    const t = await scratch('issue-index-null');
    await mkdir(join(t, 'out'));
    const index = join(t, 'out', 'invoices.json');
    await writeFile(index, 'null');
    expectClearError(await provvigo(['invoices', 'issue', '--period', '2026-10', '--paid-on', '2026-11-15', '--partners', partners, '--principal', principal, '--out', join(t, 'out')]), index);
  });

  for (const kind of ['notJson', 'empty'] as const) {
    it(`invoices issue --register: ${kind === 'notJson' ? 'not JSON' : 'an empty file'}`, async () => {
      const t = await scratch(`issue-register-${kind}`);
      await mkdir(join(t, 'out'));
      await writeFile(join(t, 'out', 'invoices.json'), JSON.stringify({ period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' }, invoices: [] }));
      const r = await provvigo(['invoices', 'issue', '--period', '2026-10', '--paid-on', '2026-11-15', '--partners', partners, '--principal', principal, '--register', bad[kind], '--out', join(t, 'out')]);
      expectClearError(r, bad[kind]);
    });
  }

  it('invoices --principal: a company without legalName is named with its file and field, before anything else', async () => {
    const t = await scratch('invoices-principal-no-name');
    const file = join(t, 'principal.json');
    await writeFile(file, JSON.stringify({ vatId: 'IT01234567897', address: { street: 'Corso Buenos Aires', zip: '20124', city: 'Milano', country: 'IT' } }));
    const r = await provvigo(['invoices', '--period', '2026-10', '--principal', file, '--db', join(t, 'db'), '--out', join(t, 'out')]);
    expectClearError(r, file);
    expect(r.stderr).toContain('legalName');
  });

  it('invoices issue --principal: a malformed sdiCode is named with its file and field', async () => {
    const t = await scratch('issue-principal-sdi');
    const file = join(t, 'principal.json');
    await writeFile(file, JSON.stringify({ legalName: 'Energia Futura S.p.A.', vatId: 'IT01234567897', address: { street: 'Corso Buenos Aires', zip: '20124', city: 'Milano', country: 'IT' }, sdiCode: 'abc' }));
    const r = await provvigo(['invoices', 'issue', '--period', '2026-10', '--paid-on', '2026-11-15', '--partners', partners, '--principal', file, '--out', join(t, 'out')]);
    expectClearError(r, file);
    expect(r.stderr).toContain('sdiCode');
  });

  it('period calculate --principal [] (an array is no paying company)', async () => {
    const t = await scratch('calculate-principal-array');
    const r = await provvigo(['period', 'calculate', '--period', '2026-10', '--db', join(t, 'db'), ...inputs, '--principal', bad.array]);
    expectClearError(r, bad.array);
  });

  // the schema checks a date's shape only: these ran, and the inverted one paid every partner nothing, saying nothing
  for (const [name, period, field] of [
    ['not-a-day', { id: '2026-02', start: '2026-02-01', end: '2026-02-31' }, 'end'],
    ['inverted', { id: '2026-10', start: '2026-10-31', end: '2026-10-01' }, 'end'],
  ] as const) {
    it(`run --period <file>: a period ${name} is named with its file and field, and nothing is computed`, async () => {
      const t = await scratch(`period-${name}`);
      const file = join(t, 'period.json');
      await writeFile(file, JSON.stringify(period));
      const r = await provvigo(['run', ...inputs, '--period', file, '--out', join(t, 'out')]);
      expectClearError(r, file);
      expect(r.stderr).toContain(`field ${field}`);
      expect(await readdir(t)).toEqual(['period.json']);
    });
  }

  for (const kind of ['null', 'array', 'string'] as const) {
    it(`plan save --schema ${kind}: nothing saved against a fact schema that checks nothing`, async () => {
      const t = await scratch(`plan-save-schema-${kind}`);
      const r = await provvigo(['plan', 'save', join(example, 'plans/outbound.json'), '--schema', bad[kind], '--db', join(t, 'db')]);
      expectClearError(r, bad[kind]);
      expect(r.stdout).not.toMatch(/saved as version/);
    });
  }

  it('fiscal openings import --file [null]: the record and the file are named', async () => {
    const t = await scratch('openings-null-element');
    const r = await provvigo(['fiscal', 'openings', 'import', '--file', bad.nullElement, '--db', join(t, 'db')]);
    expectClearError(r, bad.nullElement);
    expect(r.stderr).toContain('record 1');
  });
});
