// The CLI's own errors in the user's language: how the language is chosen (PROVVIGO_LOCALE, then the POSIX locale
// variables), a CliError worded in either language with its place (file, record, line, field), real commands run as
// processes printing the Italian line, and a scan of the sources that fails on any CliError written in English only.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliLocale } from '../src/io/cliLocale.js';
import { CliError } from '../src/io/errors.js';
import { expectClearError, provvigo } from './helpers/provvigoProcess.js';
import { sampleInputs } from './helpers/tempStore.js';
import { sourceFiles } from './helpers/sourceFiles.js';

describe('cliLocale', () => {
  it('takes PROVVIGO_LOCALE first, in any case, over every system variable', () => {
    expect(cliLocale({ PROVVIGO_LOCALE: 'it', LC_ALL: 'en_US.UTF-8' })).toBe('it');
    expect(cliLocale({ PROVVIGO_LOCALE: 'IT' })).toBe('it');
    expect(cliLocale({ PROVVIGO_LOCALE: 'en', LC_ALL: 'it_IT.UTF-8', LANG: 'it_IT.UTF-8' })).toBe('en');
    expect(cliLocale({ PROVVIGO_LOCALE: 'En', LANG: 'it_IT' })).toBe('en');
  });

  it('ignores a PROVVIGO_LOCALE that is neither it nor en', () => {
    expect(cliLocale({ PROVVIGO_LOCALE: 'fr', LANG: 'it_IT.UTF-8' })).toBe('it');
    expect(cliLocale({ PROVVIGO_LOCALE: 'italian', LANG: 'en_US.UTF-8' })).toBe('en');
    expect(cliLocale({ PROVVIGO_LOCALE: 'it_IT' })).toBe('en');
  });

  it('follows POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(cliLocale({ LC_ALL: 'it_IT.UTF-8', LC_MESSAGES: 'en_US', LANG: 'en_US' })).toBe('it');
    expect(cliLocale({ LC_ALL: 'C', LC_MESSAGES: 'it_IT', LANG: 'it_IT' })).toBe('en');
    expect(cliLocale({ LC_MESSAGES: 'it_CH.UTF-8', LANG: 'en_GB.UTF-8' })).toBe('it');
    expect(cliLocale({ LC_MESSAGES: 'en_GB', LANG: 'it_IT.UTF-8' })).toBe('en');
    expect(cliLocale({ LANG: 'it' })).toBe('it');
    expect(cliLocale({ LANG: 'it_IT.UTF-8' })).toBe('it');
  });

  it('skips empty variables, as POSIX does', () => {
    expect(cliLocale({ PROVVIGO_LOCALE: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'it_IT.UTF-8' })).toBe('it');
    expect(cliLocale({ LC_ALL: '', LC_MESSAGES: 'it_IT' })).toBe('it');
  });

  it('is English for C, POSIX, other languages and nothing set', () => {
    for (const LANG of ['C', 'POSIX', 'C.UTF-8', 'en_US.UTF-8', 'de_DE.UTF-8']) expect(cliLocale({ LANG })).toBe('en');
    expect(cliLocale({})).toBe('en');
  });
});

describe('CliError', () => {
  const error = new CliError({ en: 'expected a number', it: 'atteso un numero' }, { file: 'contracts.csv', record: '12', field: 'annualKwh' });

  it('keeps the English text as its message', () => {
    expect(error.message).toBe('expected a number');
  });

  it('names file, record and field in either language', () => {
    expect(error.format('en')).toBe('contracts.csv, record 12, field annualKwh: expected a number');
    expect(error.format('it')).toBe('contracts.csv, record 12, campo annualKwh: atteso un numero');
  });

  it('names a line as a line', () => {
    const atLine = new CliError({ en: 'not valid CSV', it: 'CSV non valido' }, { file: 'contracts.csv', line: 7 });
    expect(atLine.format('en')).toBe('contracts.csv, record line 7: not valid CSV');
    expect(atLine.format('it')).toBe('contracts.csv, riga 7: CSV non valido');
  });

  it('is the message alone without a place', () => {
    expect(new CliError({ en: '--out needs a folder', it: '--out richiede una cartella' }).format('it')).toBe('--out richiede una cartella');
  });
});

describe('the CLI in Italian, as a process', () => {
  /** The system's locale Italian, with nothing set that would take precedence over LANG. */
  const italianSystem = { PROVVIGO_LOCALE: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'it_IT.UTF-8' };
  let dir: string;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'provvigo-locale-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names a missing plan in Italian when LANG is Italian', async () => {
    const missing = join(dir, 'no-such-plan.json');
    const r = await provvigo(['validate', '--plan', missing], { env: italianSystem });
    expectClearError(r, missing);
    expect(r.stderr).toContain(`provvigo validate: ${missing}: file o cartella inesistente`);
  }, 120_000);

  it('names a JSON syntax error in a plan with its line and column, in Italian', async () => {
    const plan = join(dir, 'missing-comma.json');
    await writeFile(plan, '{\n  "id": "p"\n  "version": 1\n}\n');
    const r = await provvigo(['validate', '--plan', plan], { env: { PROVVIGO_LOCALE: 'it' } });
    expectClearError(r, plan);
    expect(r.stderr).toContain(`${plan}: JSON non valido alla riga 3, colonna 3: manca una virgola`);
  }, 120_000);

  it('refuses a folder given as a file, and a bad --at, in Italian', async () => {
    const folder = join(dir, 'statements.json');
    await mkdir(folder, { recursive: true });
    const asFile = await provvigo(['explain', '--results', folder, '--partner', 'AGT-0001'], { env: { PROVVIGO_LOCALE: 'it' } });
    expectClearError(asFile, folder);
    expect(asFile.stderr).toContain(`${folder}: questa è una cartella, non un file`);
    const at = await provvigo(['period', 'open', '--period', '2026-10', '--db', join(dir, 'db'), '--at', 'yesterday'], { env: italianSystem });
    expect(at.code).toBe(2);
    expect(at.stderr).toContain('provvigo period open: --at: "yesterday" non è una data e ora ISO 8601 con il suo fuso orario');
  }, 120_000);

  it("prints a run's summary in Italian: the counts and totals summary.json holds, money in the Italian form", async () => {
    const out = join(dir, 'run-it');
    const inputs = ['--plan', ...sampleInputs.plan, '--schema', sampleInputs.schema, '--partners', sampleInputs.partners, '--facts', ...sampleInputs.facts];
    // the statements in English (--locale), the CLI's own words in the system's Italian
    const r = await provvigo(['run', ...inputs, '--period', '2026-10', '--out', out, '--locale', 'en'], { env: italianSystem });
    expect(r.code).toBe(1); // the small sample has bad records by design: they are rejected and reported
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
      totals: Record<string, string>;
      counts: Record<string, { in: number; used: number; excluded: number; rejected: number }>;
    };
    expect(Object.keys(summary.counts).length).toBeGreaterThan(1);
    expect(r.stdout).toContain('record per tabella (letti = usati + esclusi + scartati):');
    for (const [table, c] of Object.entries(summary.counts)) {
      expect(r.stdout).toMatch(new RegExp(`^ +${table} +letti ${c.in} +usati ${c.used} +esclusi ${c.excluded} +scartati ${c.rejected}\\b`, 'm'));
    }
    for (const [currency, total] of Object.entries(summary.totals)) {
      const italian = new Intl.NumberFormat('it-IT', { style: 'currency', currency }).format(Number(total)).replace(/[\u00a0\u202f]/g, ' ');
      expect(r.stdout).toContain(`totale ${currency}: ${italian}`);
    }
    expect(r.stdout).not.toMatch(/records per table|\bused \d/);
  }, 120_000);

  it('prints plan and data issues in the CLI\'s language unless --locale names one; the statements stay Italian by default', async () => {
    const inputs = ['--plan', ...sampleInputs.plan, '--schema', sampleInputs.schema, '--partners', sampleInputs.partners, '--facts', ...sampleInputs.facts];
    // the small sample's own bad record BAD-WRONG-TYPE: annualKwh "tremila"
    const english = await provvigo(['run', ...inputs, '--period', '2026-10', '--out', join(dir, 'run-issues-en')], { env: { PROVVIGO_LOCALE: 'en' } });
    expect(english.stderr).toMatch(/contracts BAD-WRONG-TYPE: "[^"]+" \(annualKwh\): expected a number, found "tremila"/);
    expect(english.stderr).not.toContain('non è un numero');
    // what partners read is still Italian: lines.csv's explanations
    expect(await readFile(join(dir, 'run-issues-en', 'lines.csv'), 'utf8')).toContain('Tariffa');
    const italian = await provvigo(['run', ...inputs, '--period', '2026-10', '--out', join(dir, 'run-issues-it')], { env: italianSystem });
    expect(italian.stderr).toMatch(/contracts BAD-WRONG-TYPE: "[^"]+" \(annualKwh\): "tremila" non è un numero/);
    // --locale given: the issues in it, whatever the CLI's language
    const asked = await provvigo(['run', ...inputs, '--period', '2026-10', '--out', join(dir, 'run-issues-asked'), '--locale', 'en'], { env: italianSystem });
    expect(asked.stderr).toMatch(/expected a number, found "tremila"/);
    // validate without --locale: the CLI's language too
    const plan = join(dir, 'unknown-name.json');
    const base = JSON.parse(await readFile(join(sampleInputs.plan[0]!, 'agency-agents.json'), 'utf8')) as { sheets: { Summary: { cells: { TierRate: { formula: string } } } } };
    base.sheets.Summary.cells.TierRate.formula = '=TIER.RATE(VolumeTier, Activations)';
    await writeFile(plan, JSON.stringify(base));
    const checked = await provvigo(['validate', '--plan', plan, '--schema', sampleInputs.schema], { env: italianSystem });
    expect(checked.stderr).toContain('nome sconosciuto "VolumeTier"');
  }, 240_000);

  it('stays English with PROVVIGO_LOCALE=en on an Italian system', async () => {
    const missing = join(dir, 'no-such-plan.json');
    const r = await provvigo(['validate', '--plan', missing], { env: { ...italianSystem, PROVVIGO_LOCALE: 'en' } });
    expectClearError(r, missing);
    expect(r.stderr).toContain(`provvigo validate: ${missing}: no such file or folder`);
    expect(r.stderr).not.toContain('inesistente');
  }, 120_000);
});

// ------------------------------------------------------------------------------------------------ source scan

const SRC = resolve(fileURLToPath(new URL('../src', import.meta.url)));

/** The text of every `new <name>(…)` call in `source` (CliError by default), up to its matching parenthesis. */
function cliErrorCalls(source: string, name = 'CliError'): string[] {
  const opening = `new ${name}(`;
  const calls: string[] = [];
  for (let start = source.indexOf(opening); start >= 0; start = source.indexOf(opening, start + 1)) {
    let depth = 0;
    let end = start + opening.length - 1;
    for (; end < source.length; end++) {
      if (source[end] === '(') depth++;
      else if (source[end] === ')' && --depth === 0) break;
    }
    calls.push(source.slice(start, end + 1));
  }
  return calls;
}

/** The arguments of a call, split at the commas outside brackets, braces, parentheses and template placeholders. */
function callArguments(call: string): string[] {
  const inner = call.slice(call.indexOf('(') + 1, -1);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(inner.slice(from).trim());
  return out;
}

/** The first argument of a call. */
const firstArgument = (call: string): string => callArguments(call)[0]!;

/** An object literal with an `it` key (`it: …` or the shorthand `it`): a call the Italian user can read. */
/**
 * A literal with its `it`, or an error's or issue's own texts in both languages: core's `errorTexts(e)` and
 * `issueTexts(i)` (their `messages.it`) or a `messages` the error's type requires (adapter-sap's `ValidationError`);
 * the type checker holds those to both texts.
 */
const hasItalian = (argument: string): boolean =>
  (argument.startsWith('{') && /[{,]\s*it\s*[:,}]/.test(argument)) || /^(errorTexts|issueTexts)\([\w.]+\)$/.test(argument) || argument === 'e.messages';

/** A literal `en` and `it` written the same, with words besides placeholders: English copied as the Italian. */
function copiedEnglish(argument: string): boolean {
  const literal = (key: string) => new RegExp(`\\b${key}:\\s*(\`[^\`]*\`|'[^']*'|"[^"]*")`).exec(argument)?.[1];
  const en = literal('en');
  return en !== undefined && en === literal('it') && /[A-Za-z]{2,}/.test(en.replace(/\$\{[^}]*\}/g, ''));
}

describe('every CliError of the sources is bilingual', () => {
  it('the scan flags a call in English only or with English copied as Italian, and passes a translated one', () => {
    // source text, its placeholders escaped
    const sample = `
      throw new CliError('no such file', { file });
      throw new CliError(\`line \${n} is bad (twice)\`);
      throw new CliError({ en: 'no such file' }, { file });
      throw new CliError({ en: 'no such file', it: 'no such file' }, { file });
      throw new CliError({ en: 'no such file', it: 'file inesistente' }, { file });
      throw new CliError({ en, it }, { file, line });
      throw new CliError({ en: reason, it: reason });
      throw new CliError({ en: \`\${e.name}: \${e.message}\`, it: \`\${e.name}: \${e.message}\` });
      throw new CliError(errorTexts(e), { file });
      throw new CliError(issueTexts(r.issue), { file });
      throw new CliError(someText(e), { file });`;
    const verdicts = cliErrorCalls(sample).map((c) => hasItalian(firstArgument(c)) && !copiedEnglish(firstArgument(c)));
    expect(verdicts).toEqual([false, false, false, false, true, true, true, true, true, true, false]);
  });

  it('finds every call of packages/cli/src with an Italian text', async () => {
    const offenders: string[] = [];
    let count = 0;
    for (const file of await sourceFiles(SRC)) {
      for (const call of cliErrorCalls(await readFile(file, 'utf8'))) {
        count++;
        const argument = firstArgument(call);
        if (!hasItalian(argument) || copiedEnglish(argument)) offenders.push(`${file}: ${call.slice(0, 120)}`);
      }
    }
    // the calls are there to scan (a scan that finds none passes for nothing)
    expect(count).toBeGreaterThanOrEqual(80);
    expect(offenders).toEqual([]);
  });

  it("every store or run refusal the CLI raises itself has its Italian too (printed in the user's language)", async () => {
    const offenders: string[] = [];
    let count = 0;
    for (const file of await sourceFiles(SRC)) {
      const source = await readFile(file, 'utf8');
      for (const call of [...cliErrorCalls(source, 'StoreError'), ...cliErrorCalls(source, 'RunError')]) {
        count++;
        const message = callArguments(call)[1] ?? '';
        if (!hasItalian(message) || copiedEnglish(message)) offenders.push(`${file}: ${call.slice(0, 120)}`);
      }
    }
    expect(count).toBeGreaterThanOrEqual(3);
    expect(offenders).toEqual([]);
  });
});
