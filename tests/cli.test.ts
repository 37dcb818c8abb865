import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, readStatement, type Issue, type Statement } from '@provvigo/core';
import { BAD_RECORDS } from '@provvigo/example-utility';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, SMALL, provvigo, smallRunArgs } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'provvigo-e2e-'));
});

describe('provvigo --help and usage errors', () => {
  it.each([[[]], [['run']], [['validate']], [['explain']]])('prints help for %j with exit 0', async (cmd) => {
    const r = await provvigo([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: provvigo${cmd.length ? ` ${cmd[0]}` : ''}`);
    if (cmd.length) expect(r.stdout).toContain('Exit codes: 0 ok, 1 plan or data issues, 2 usage or IO error.');
  });

  it('exits 2 on an unknown option or a missing required option', async () => {
    expect((await provvigo(['validate', '--plan', 'x.json', '--frobnicate'])).code).toBe(2);
    const r = await provvigo(['run', '--plan', join(SAMPLE, 'plans')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '-s, --schema <file>' not specified");
  });

  it('exits 2 naming the file it cannot read', async () => {
    const r = await provvigo(['validate', '--plan', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(tmp, 'nope.json')}: no such file or folder`);
  });
});

describe('provvigo validate', () => {
  it('accepts the sample plans, fact schema and partners', async () => {
    const r = await provvigo(['validate', '--plan', join(SAMPLE, 'plans'), '--schema', join(SAMPLE, 'factSchema.json'), '--partners', join(SMALL, 'partners.json')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok: 3 plan(s), fact schema (3 tables), 20 valid partner(s), no issues\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 with the exact path and file of a plan error', async () => {
    const plan = JSON.parse(await readFile(join(SAMPLE, 'plans/agency-agents.json'), 'utf8'));
    plan.sheets.Lines.columns.Commission.formula = '=[@kwh] * [@Rate]';
    const file = join(tmp, 'broken-plan.json');
    await writeFile(file, JSON.stringify(plan));
    const r = await provvigo(['validate', '--plan', file, '--schema', join(SAMPLE, 'factSchema.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error sheets\.Lines\.columns\.Commission\.formula \[.*broken-plan\.json.*\]: .*kwh/);
    expect(r.stdout).toMatch(/^invalid/);
    const json = await provvigo(['validate', '--plan', file, '--schema', join(SAMPLE, 'factSchema.json'), '--json']);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; issues: Issue[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.issues[0]?.path).toEqual(['sheets', 'Lines', 'columns', 'Commission', 'formula']);
  });

  it('names partner, index and field of a bad partner', async () => {
    const partners = JSON.parse(await readFile(join(SMALL, 'partners.json'), 'utf8'));
    partners[3].kind = 'reseller';
    const file = join(tmp, 'bad-partners.json');
    await writeFile(file, JSON.stringify(partners));
    const r = await provvigo(['validate', '--plan', join(SAMPLE, 'plans'), '--partners', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error partners[3].kind [${file}, partner ${partners[3].id}, field kind]`);
  });
});

describe('provvigo run on the small sample', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof provvigo>>;
  beforeAll(async () => {
    out = join(tmp, 'run-csv');
    result = await provvigo(smallRunArgs(out));
  });

  it('exits 1 because the deliberately bad records are rejected, and still writes every output', async () => {
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('partners: 20, statements: 20');
    expect(result.stdout).toContain(`results: ${out}/`);
    for (const f of ['statements.json', 'lines.csv', 'statements.csv', 'issues.csv', 'issues.json', 'summary.json']) {
      await expect(readFile(join(out, f), 'utf8')).resolves.toBeTypeOf('string');
    }
  });

  it('loses nothing: in = used + excluded + rejected per table, and every bad record is rejected by name', async () => {
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    const issues = JSON.parse(await readFile(join(out, 'issues.json'), 'utf8')) as Issue[];
    for (const [table, c] of Object.entries(summary.counts as Record<string, { in: number; used: number; excluded: number; rejected: number }>)) {
      expect(c.in, table).toBe(c.used + c.excluded + c.rejected);
      const csv = await readFile(join(SMALL, 'facts-csv', `${table}.csv`), 'utf8');
      expect(c.in, table).toBe(csv.trim().split('\n').length - 1);
    }
    for (const [table, bad] of Object.entries(BAD_RECORDS)) {
      for (const { id } of bad) {
        const found = issues.find((i) => i.record?.table === table && i.record.id === id);
        expect(found, `${table}/${id}`).toBeDefined();
        expect(found!.file).toMatch(new RegExp(`facts-csv/${table}\\.csv:\\d+$`));
      }
      expect(summary.counts[table].rejected).toBe(bad.length);
    }
    expect(result.stderr).toContain('record contracts/BAD-UNKNOWN-PARTNER');
    // No terminal and no --progress: no progress bar.
    expect(result.stderr).not.toContain('calculating [');
  });

  it('writes statements whose totals equal the sum of their lines, exactly', async () => {
    // Traces are columns in the file (core docs/trace.md §5): core's readStatement puts each line's trace back.
    const statements = (JSON.parse(await readFile(join(out, 'statements.json'), 'utf8')) as object[]).map((s) => readStatement(s));
    expect(statements).toHaveLength(20);
    let runTotal = new Decimal(0);
    for (const s of statements) {
      const sum = s.lines.reduce((a, l) => a.plus(l.amount), new Decimal(0));
      expect(sum.toFixed(2), s.partnerId).toBe(new Decimal(s.total).toFixed(2));
      runTotal = runTotal.plus(s.total);
      for (const l of s.lines) expect(l.trace.amount).toBe(l.amount);
    }
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(new Decimal(summary.totals.EUR).toFixed(2)).toBe(runTotal.toFixed(2));
  });

  it('writes each statement as the exact JSON its digest is computed over', async () => {
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { statementDigests: { partnerId: string; hash: string }[] };
    const rows = (await readFile(join(out, 'statements.json'), 'utf8')).split('\n').slice(1, -2).map((l) => l.replace(/,$/, ''));
    expect(rows).toHaveLength(summary.statementDigests.length);
    rows.forEach((row, i) => expect(createHash('sha256').update(row).digest('hex')).toBe(summary.statementDigests[i]!.hash));
  });

  it('writes CSV that opens in Excel: BOM, one row per line, explanation and trace columns', async () => {
    const lines = await readFile(join(out, 'lines.csv'), 'utf8');
    expect(lines.startsWith('\uFEFFperiod,partnerId,partnerName,planId')).toBe(true);
    expect(lines).toContain(',explanation,trace\r\n');
    expect(lines).toMatch(/Provvigione = .*\d,\d{2} €/);
    const statements = await readFile(join(out, 'statements.csv'), 'utf8');
    expect(statements.split('\r\n').filter(Boolean)).toHaveLength(21);
  });

  it('gives the same results from JSON facts as from CSV facts, and the same bytes on a second run', async () => {
    const json = join(tmp, 'run-json');
    expect((await provvigo(smallRunArgs(json, 'facts'))).code).toBe(1);
    const a = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    const b = JSON.parse(await readFile(join(json, 'summary.json'), 'utf8'));
    expect(b.outputHash).toBe(a.outputHash);
    expect(b.counts).toEqual(a.counts);
    const again = join(tmp, 'run-csv-again');
    await provvigo(smallRunArgs(again));
    expect(await readFile(join(again, 'statements.json'), 'utf8')).toBe(await readFile(join(out, 'statements.json'), 'utf8'));
    expect(await readFile(join(again, 'lines.csv'), 'utf8')).toBe(await readFile(join(out, 'lines.csv'), 'utf8'));
  });

  it('writes the same bytes on a pool of two worker threads', async () => {
    const pooled = join(tmp, 'run-csv-workers');
    expect((await provvigo([...smallRunArgs(pooled), '--workers', '2'])).code).toBe(1);
    for (const f of ['statements.json', 'lines.csv', 'statements.csv', 'issues.csv', 'summary.json'])
      expect(await readFile(join(pooled, f), 'utf8'), f).toBe(await readFile(join(out, f), 'utf8'));
  });
});

describe('provvigo run: Italian Excel and formula injection', () => {
  it('writes ";" and decimal commas with --excel-it, and neutralises a partner name that is a formula', async () => {
    const partners = JSON.parse(await readFile(join(SMALL, 'partners.json'), 'utf8'));
    const agent = partners.find((p: { kind: string }) => p.kind === 'agent');
    agent.name = '=HYPERLINK("http://evil.example","clic")';
    const file = join(tmp, 'partners-injection.json');
    await writeFile(file, JSON.stringify(partners));
    const out = join(tmp, 'run-excel-it');
    const r = await provvigo([...smallRunArgs(out, 'facts-csv', file), '--excel-it', '--no-explain', '--quiet', '--progress']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/calculating \[#+\] 100%/);
    const statements = await readFile(join(out, 'statements.csv'), 'utf8');
    expect(statements.startsWith('\uFEFFperiod;partnerId;partnerName;kind;currency;total;')).toBe(true);
    expect(statements).toContain(`;${agent.id};"'=HYPERLINK(""http://evil.example"",""clic"")";agent;EUR;`);
    expect(statements).not.toMatch(/;=HYPERLINK/);
    expect(statements).toMatch(/;EUR;\d+,\d{2};/);
  });
});

describe('provvigo explain', () => {
  let out: string;
  beforeAll(async () => {
    out = join(tmp, 'run-explain');
    await provvigo(smallRunArgs(out, 'facts'));
  });

  it("explains a partner's statement in the CLI's language, or in the one --locale names", async () => {
    // no --locale: the CLI's language, as every command (PROVVIGO_LOCALE here; the helper pins English otherwise)
    const it_ = await provvigo(['explain', '--results', out, '--partner', 'AGT-0001'], { PROVVIGO_LOCALE: 'it' });
    expect(it_.code).toBe(0);
    expect(it_.stdout).toMatch(/^Partner AGT-0001 · periodo 2026-10 · totale [\d.]+,\d{2} €/);
    expect(it_.stdout).toContain('Provvigione contratti');
    const byDefault = await provvigo(['explain', '--results', out, '--partner', 'AGT-0001']);
    expect(byDefault.stdout).toMatch(/^Partner AGT-0001 · period 2026-10 · total €[\d,]+\.\d{2}/);
    // --locale wins over the CLI's language
    const en = await provvigo(['explain', '--results', out, '--partner', 'AGT-0001', '--locale', 'en'], { PROVVIGO_LOCALE: 'it' });
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^Partner AGT-0001 · period 2026-10 · total €[\d,]+\.\d{2}/);
    expect(en.stdout).toContain('Rounding');
  });

  it('calculates one partner from the run inputs when no results are given, to the same total', async () => {
    const statements = (JSON.parse(await readFile(join(out, 'statements.json'), 'utf8')) as object[]).map((s) => readStatement(s));
    const expected = statements.find((s) => s.partnerId === 'OUT-0001')!;
    const inputs = smallRunArgs(join(tmp, 'unused')).slice(1, -2);
    const r = await provvigo(['explain', '--partner', 'OUT-0001', ...inputs, '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as Statement;
    expect(got.total).toBe(expected.total);
    expect(got.lines.map((l) => l.amount)).toEqual(expected.lines.map((l) => l.amount));
  });

  it('explains one line, and exits 2 for an unknown partner or line', async () => {
    const statements = (JSON.parse(await readFile(join(out, 'statements.json'), 'utf8')) as object[]).map((s) => readStatement(s));
    const line = statements.flatMap((s) => s.lines).find((l) => l.source !== null)!;
    const r = await provvigo(['explain', '--results', out, '--line', line.id, '--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { line: { id: string }; explanation: string[] };
    expect(parsed.line.id).toBe(line.id);
    expect(parsed.explanation.length).toBeGreaterThan(0);
    const missing = await provvigo(['explain', '--results', out, '--partner', 'NOBODY']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no statement for partner "NOBODY"');
    expect(missing.stderr).not.toContain('did you mean');
    // a partner id one digit short: the partner of the results it most likely meant
    const near = await provvigo(['explain', '--results', out, '--partner', 'AGT-001']);
    expect(near.stderr).toContain('no statement for partner "AGT-001"; did you mean "AGT-0001"?');
    expect((await provvigo(['explain', '--results', out])).code).toBe(2);
  });
});
