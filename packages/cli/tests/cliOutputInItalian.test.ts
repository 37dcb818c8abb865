// What the commands print for people is in the CLI's language: a scan of the sources that fails on an English-only
// line printed with io.out / io.err (or an Italian copied from the English in a words table), and real commands run
// in Italian (period open and calculate on a fresh store, validate in process and as a process) checked against the
// facts they report (the store's counts, the plans pinned, the validation's JSON), not against copied output.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Store, openDatabase } from '@provvigo/store';
import { said } from '../src/io/cliLocale.js';
import { periodCalculate, periodOpen } from '../src/commands/period.js';
import { validate } from '../src/commands/validate.js';
import { capture, type Captured } from './helpers/capture.js';
import { provvigo } from './helpers/provvigoProcess.js';
import { removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';
import { sourceFiles } from './helpers/sourceFiles.js';
import { inItalian } from './helpers/inItalian.js';

// ------------------------------------------------------------------------------------------------ source scan

/** A string or template literal: where it is and its words, each `${…}` placeholder replaced by a NUL. */
interface Literal {
  kind: 'literal';
  start: number;
  end: number;
  words: string;
}

interface Punct {
  kind: 'punct';
  value: string;
  start: number;
}

interface Ident {
  kind: 'ident';
  value: string;
  start: number;
}

type Token = Literal | Punct | Ident;

/** A bracketed part of the source: a call's arguments, an object, an array or a template placeholder. */
interface Group {
  open: '(' | '{' | '[' | '${';
  start: number;
  end: number;
  /** For `(`: the name called (`io.out`, `said`…), else ''. */
  callee: string;
  /** For `{`: its top-level keys, with where the value is (undefined for a shorthand `{ en, it }`). */
  keys: Map<string, { from: number; to: number } | undefined>;
}

interface Scanned {
  literals: Array<Literal & { groups: Group[] }>;
  groups: Group[];
}

const PLACEHOLDER = '\u0000';
/** Characters after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

/** The text of a literal's escapes as a reader sees it (a `\n` ends a line: words either side are not consecutive). */
const readEscapes = (raw: string): string => raw.replace(/\\([nrt])/g, '\n').replace(/\\(.)/g, '$1');

/**
 * The tokens of TypeScript source: literals (template placeholders lexed as tokens of their own, between `${` and
 * `}`), identifiers and punctuation; comments and regular expressions skipped. Enough for the CLI's sources.
 */
function tokens(source: string): Token[] {
  const out: Token[] = [];
  // the open templates: the literal being read and how many braces of its current placeholder are open
  const templates: Array<{ literal: Literal; braces: number }> = [];
  let i = 0;
  const readTemplate = (literal: Literal): void => {
    // reads template text from i up to its end or a placeholder
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') {
        literal.words += readEscapes(source.slice(i, i + 2));
        i += 2;
      } else if (c === '`') {
        i++;
        literal.end = i;
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        literal.words += PLACEHOLDER;
        out.push({ kind: 'punct', value: '${', start: i });
        templates.push({ literal, braces: 0 });
        i += 2;
        return;
      } else {
        literal.words += c;
        i++;
      }
    }
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === '/' && next === '/') i = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    else if (c === '/' && next === '*') i = source.indexOf('*/', i + 2) < 0 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out.push({ kind: 'literal', start: i, end: j + 1, words: readEscapes(source.slice(i + 1, j)) });
      i = j + 1;
    } else if (c === '`') {
      const literal: Literal = { kind: 'literal', start: i, end: i, words: '' };
      out.push(literal);
      i++;
      readTemplate(literal);
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1]!.braces === 0) {
      // the end of a placeholder: back to its template's text
      out.push({ kind: 'punct', value: '}', start: i });
      i++;
      readTemplate(templates.pop()!.literal);
    } else if (c === '/' && (out.length === 0 || (out[out.length - 1]!.kind === 'punct' && BEFORE_REGEX.has((out[out.length - 1] as Punct).value)) || (out[out.length - 1]!.kind === 'ident' && ['return', 'typeof', 'case'].includes((out[out.length - 1] as Ident).value)))) {
      // a regular expression: skipped whole, its classes too
      let j = i + 1;
      let inClass = false;
      while (j < source.length && (inClass || source[j] !== '/')) {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j++;
      }
      i = j + 1;
      while (/[a-z]/.test(source[i] ?? '')) i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(source.slice(i, i + 200))!;
      out.push({ kind: 'ident', value: m[0], start: i });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      i += /^[\d._a-fA-FxXnoObB]+/.exec(source.slice(i, i + 100))![0].length;
    } else {
      if (templates.length > 0) {
        const top = templates[templates.length - 1]!;
        if (c === '{') top.braces++;
        if (c === '}') top.braces--;
      }
      out.push({ kind: 'punct', value: c, start: i });
      i++;
    }
  }
  return out;
}

/** The literals of `source`, each with the groups around it (innermost last), and every group. */
function scan(source: string): Scanned {
  const list = tokens(source);
  const stack: Group[] = [];
  const groups: Group[] = [];
  const literals: Scanned['literals'] = [];
  // per open object: the key whose value is being read
  const pending = new Map<Group, { key: string; from: number }>();
  const closeValue = (g: Group, at: number) => {
    const p = pending.get(g);
    if (p) g.keys.set(p.key, { from: p.from, to: at });
    pending.delete(g);
  };
  list.forEach((t, k) => {
    const top = stack[stack.length - 1];
    const prev = list[k - 1];
    const next = list[k + 1];
    const startsEntry = top?.open === '{' && prev?.kind === 'punct' && (prev.value === '{' || prev.value === ',');
    if (t.kind === 'literal') {
      literals.push({ ...t, groups: [...stack] });
      if (startsEntry && next?.kind === 'punct' && next.value === ':') pending.set(top!, { key: t.words, from: next.start + 1 });
      return;
    }
    if (t.kind === 'ident') {
      if (startsEntry && next?.kind === 'punct' && next.value === ':') pending.set(top!, { key: t.value, from: next.start + 1 });
      else if (startsEntry && next?.kind === 'punct' && (next.value === ',' || next.value === '}')) top!.keys.set(t.value, undefined);
      return;
    }
    if (t.value === '(' || t.value === '{' || t.value === '[' || t.value === '${') {
      const callee = t.value === '(' ? (/[\w$.]+$/.exec(source.slice(Math.max(0, t.start - 80), t.start))?.[0] ?? '') : '';
      const g: Group = { open: t.value, start: t.start, end: source.length, callee, keys: new Map() };
      stack.push(g);
      groups.push(g);
    } else if (t.value === ')' || t.value === '}' || t.value === ']') {
      const g = stack.pop();
      if (g) {
        g.end = t.start + 1;
        closeValue(g, t.start);
      }
    } else if (t.value === ',' && top?.open === '{') closeValue(top, t.start);
  });
  return { literals, groups };
}

/**
 * Two or more English words in a row (letters only, separated by spaces), outside placeholders. A command's name
 * before its colon (`provvigo period calculate: …`) is a name, the same in both languages.
 */
const hasEnglishWords = (words: string): boolean => /[A-Za-z]+ +[A-Za-z]+/.test(words.replace(/\bprovvigo(?: [a-z-]+){0,2}:/g, PLACEHOLDER));

/** An object with both an `en` and an `it` key: the words of either language. */
const bilingual = (g: Group): boolean => g.open === '{' && g.keys.has('en') && g.keys.has('it');

/** The calls that print for people. */
const PRINTS = /(^|\.)io\.(out|err)$/;

/** The English-only literals printed by `io.out(…)` / `io.err(…)` calls of `source`, and how many calls there are. */
function englishOnlyOutput(source: string): { calls: number; offenders: string[] } {
  const { literals, groups } = scan(source);
  const calls = groups.filter((g) => g.open === '(' && PRINTS.test(g.callee)).length;
  const offenders = literals
    .filter((l) => l.groups.some((g) => g.open === '(' && PRINTS.test(g.callee)))
    .filter((l) => hasEnglishWords(l.words))
    .filter((l) => !l.groups.some((g) => bilingual(g) || (g.open === '(' && /(^|\.)said$/.test(g.callee))))
    .map((l) => source.slice(l.start, Math.min(l.end, l.start + 100)));
  return { calls, offenders };
}

/**
 * The words tables and `{ en, it }` texts whose Italian is the English copied: a literal pair (or the literals of two
 * functions, arrays…) the same, with English words. Nested tables are compared key by key.
 */
function copiedEnglish(source: string): string[] {
  const { literals, groups } = scan(source);
  const objectAt = (from: number) => {
    const at = from + (/^\s*/.exec(source.slice(from))?.[0].length ?? 0);
    return source[at] === '{' ? groups.find((g) => g.open === '{' && g.start === at) : undefined;
  };
  const wordsIn = (range: { from: number; to: number }) => literals.filter((l) => l.start >= range.from && l.end <= range.to).map((l) => l.words);
  const found: string[] = [];
  const compare = (en: { from: number; to: number }, it: { from: number; to: number }, path: string): void => {
    const [a, b] = [objectAt(en.from), objectAt(it.from)];
    if (a && b) {
      for (const [key, range] of a.keys) {
        const other = b.keys.get(key);
        if (range && other) compare(range, other, `${path}.${key}`);
      }
      return;
    }
    const [x, y] = [wordsIn(en), wordsIn(it)];
    if (x.length > 0 && x.join(PLACEHOLDER) === y.join(PLACEHOLDER) && x.some(hasEnglishWords)) found.push(`${path}: ${x.join(' | ').slice(0, 100)}`);
  };
  for (const g of groups.filter(bilingual)) {
    const [en, it] = [g.keys.get('en'), g.keys.get('it')];
    if (en && it) compare(en, it, `{ en, it } at ${source.slice(0, g.start).split('\n').length}`);
  }
  return found;
}

const SRC = resolve(fileURLToPath(new URL('../src', import.meta.url)));

describe('what the commands print is worded in both languages', () => {
  it('the scan flags an English-only line and English copied as Italian, and passes bilingual ones', () => {
    // source text, its placeholders escaped
    const sample = `
      io.out(\`period \${id} closed by \${who}\\n\`);
      io.err('nothing was saved: fix the plan first\\n');
      io.out(table(['period', 'run state'], rows));
      io.out(\`run \${id} \${changed ? \`calculated by \${who}\` : 'unchanged'}\\n\`);
      io.out(said({ en: \`period \${id} closed by \${who}\\n\`, it: \`periodo \${id} chiuso da \${who}\\n\` }, locale));
      io.err(said({ en: 'partner(s) blocked (see above)', it: 'partner bloccati (vedi sopra)' }));
      io.out(\`\${r.state.padEnd(8)} \${r.invoiceNumber} (\${n}/\${m}) ok\\n\`);
      io.out(x.replace(/[(]'/g, '') + w.written(n, 'ok'));
      io.out(\`input \${a}…  output \${b}…\\n\`);
      io.err(\`provvigo period calculate: \${e.message}\\n\`);
      io.err('fix it (provvigo validate shows why)');
      const WORDS = { en: { done: 'all done here', n: (k) => \`\${k} left\` }, it: { done: 'tutto fatto', n: (k) => \`ne restano \${k}\` } };
      const COPIED = { en: { done: 'all done here', head: ['partner', 'run state'] }, it: { done: 'all done here', head: ['partner', 'stato'] } };
      const SAME = { en: 'partner', it: 'partner' };`;
    const { calls, offenders } = englishOnlyOutput(sample);
    expect(calls).toBe(11);
    expect(offenders).toEqual([
      `\`period \${id} closed by \${who}\\n\``,
      "'nothing was saved: fix the plan first\\n'",
      "'run state'",
      `\`calculated by \${who}\``,
      "'fix it (provvigo validate shows why)'",
    ]);
    expect(copiedEnglish(sample)).toEqual(['{ en, it } at 14.done: all done here']);
  });

  it('finds no English-only line printed by the sources, and no words table with its English copied', async () => {
    const offenders: string[] = [];
    const copied: string[] = [];
    let calls = 0;
    for (const file of await sourceFiles(SRC)) {
      const source = await readFile(file, 'utf8');
      const found = englishOnlyOutput(source);
      calls += found.calls;
      offenders.push(...found.offenders.map((o) => `${file}: ${o}`));
      copied.push(...copiedEnglish(source).map((c) => `${file}: ${c}`));
    }
    // the calls are there to scan (a scan that finds none passes for nothing)
    expect(calls).toBeGreaterThanOrEqual(100);
    expect(offenders).toEqual([]);
    expect(copied).toEqual([]);
  });

  it('said picks the language asked, the CLI\'s by default', () => {
    const text = { en: 'no periods yet', it: 'ancora nessun periodo' };
    expect(said(text, 'it')).toBe('ancora nessun periodo');
    expect(said(text, 'en')).toBe('no periods yet');
    expect(said(text)).toBe('no periods yet'); // PROVVIGO_LOCALE=en in this project's tests
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    try {
      expect(said(text)).toBe('ancora nessun periodo');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

// ------------------------------------------------------------------------------------------------ real commands

/** The movement table's rows add up with the Italian headers: da pagare = the bridge columns with their signs. */
function expectItalianRowsAddUp(text: string): void {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('partner ') && l.includes('da pagare'));
  expect(at).toBeGreaterThan(0);
  const head = lines[at]!.split(/ {2,}/).map((h) => h.trim());
  const sign: Record<string, number> = { maturato: 1, rettifiche: 1, 'in attesa': -1, sbloccato: 1, riserva: -1, 'ris.sv.': 1, storno: -1, riportato: -1, 'rec.ant.': -1, rinviato: 1 };
  expect(Object.keys(sign).every((h) => head.includes(h))).toBe(true);
  const end = lines.findIndex((l, i) => i > at && l.startsWith('totale '));
  expect(end).toBeGreaterThan(at);
  const rows = lines.slice(at + 2, end + 1).filter((l) => /^\S+ {2,}[A-Z]{3} /.test(l));
  expect(rows.length).toBeGreaterThan(1);
  for (const row of rows) {
    const cells = row.split(/ {2,}/).map((x) => x.trim());
    let cents = 0n;
    head.forEach((h, i) => {
      if (sign[h] !== undefined) cents += BigInt(sign[h]) * BigInt(cells[i]!.replace('.', ''));
    });
    expect(cents, row).toBe(BigInt(cells[head.indexOf('da pagare')]!.replace('.', '')));
  }
}

describe('real commands in Italian', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => void ({ dir, db } = await tempStore('provvigo-output-it-')));
  afterAll(() => removeFolders(dir, db));

  it('period open and calculate speak Italian: the period, the plans pinned, the counts the store holds, a table that adds up', async () => {
    const base = { db, period: '2026-10', as: 'carla' };
    let c: Captured = capture();
    expect(await inItalian(() => periodOpen({ ...base, at: '2026-11-01T08:00:00Z' }, c.io))).toBe(0);
    expect(c.text()).toBe("periodo 2026-10 (2026-10-01 … 2026-10-31) aperto da carla; l'esecuzione 2026-10-r1 è una bozza\n");

    c = capture();
    // exit 1: the sample's bad records are rejected, each with an issue; the run is stored all the same
    expect(await inItalian(() => periodCalculate({ ...base, ...sampleInputs, at: '2026-11-01T09:00:00Z' }, c.io))).toBe(1);
    const out = c.text();
    // what the store recorded for the run: its plans and its record counts
    const store = await Store.open(await openDatabase(db));
    const [run] = await store.listRuns('2026-10').finally(() => store.close());
    expect(run?.summary?.counts).toBeDefined();
    const { record, summary } = run!;
    expect(out).toContain(`esecuzione ${record.id} calcolata da carla\n`);
    expect(record.plans.length).toBe(3);
    for (const p of record.plans) expect(out).toContain(`  piano ${p.id} versione ${p.version} (${p.hash.slice(0, 12)}…) salvato come nuova versione\n`);
    expect(out).toMatch(/^estratti conto dei partner: \d+, righe di rettifica: \d+, movimenti del registro contabile da contabilizzare all'approvazione: \d+$/m);
    // every table's line, its numbers the store's (a service-event table is counted as the ledger reads it, and adds up)
    let plain = 0;
    for (const [table, n] of Object.entries(summary!.counts)) {
      const line = out.split('\n').find((l) => l.startsWith(`  ${table}: `) || l.startsWith(`  ${table} (eventi di servizio): `));
      expect(line, table).toBeDefined();
      if (line!.startsWith(`  ${table}: `)) {
        plain++;
        expect(line).toBe(`  ${table}: letti ${n.in} = usati ${n.used} + esclusi ${n.excluded} + scartati ${n.rejected}`);
      } else {
        const e = /: letti (\d+) = usati dal registro contabile (\d+) \+ esclusi \(con data successiva al periodo\) (\d+) \+ scartati (\d+)$/.exec(line!);
        expect(e, line).not.toBeNull();
        const [inN, used, excluded, rejected] = e!.slice(1).map(Number) as [number, number, number, number];
        expect(inN).toBe(used + excluded + rejected);
      }
    }
    expect(plain).toBeGreaterThan(0);
    expect(out).toMatch(/^da pagare = maturato \+ rettifiche − in attesa \+ sbloccato/m);
    expectItalianRowsAddUp(out);
    expect(out).toMatch(/^voci fiscali calcolate nell'esecuzione \(l'approvazione le comprende\):$/m);
    // the count of issues on stderr in Italian too, the issues' own words aside
    expect(c.errors()).toMatch(/^errori: [1-9]\d*, avvisi: \d+$/m);
    // no English of the CLI's own left
    expect(out).not.toMatch(/calculated by|\bversion \d|partner statement|\d+ in = \d+ used|\bexcluded\b|payable = earned|fiscal items computed/);
    expect(c.errors()).not.toMatch(/\berror\(s\)|warning\(s\)|blocked partners/);
  }, 120_000);

  it("validate says its summary in Italian: the plans, tables and counts of its own --json", async () => {
    const args = { plan: sampleInputs.plan, schema: sampleInputs.schema, partners: sampleInputs.partners, facts: sampleInputs.facts };
    const j = capture();
    await validate({ ...args, json: true }, j.io);
    const facts = JSON.parse(j.text()) as { ok: boolean; plans: unknown[]; counts: Record<string, { in: number; valid: number; rejected: number }> };
    const tables = Object.keys((JSON.parse(await readFile(sampleInputs.schema, 'utf8')) as { tables: object }).tables).length;
    const c = capture();
    expect(await inItalian(() => validate(args, c.io))).toBe(facts.ok ? 0 : 1);
    const summary = c.text();
    expect(summary.startsWith(`${facts.ok ? 'ok' : 'non valido'}: piani: ${facts.plans.length}, schema dei fatti (tabelle: ${tables}), partner validi: `)).toBe(true);
    expect(Object.keys(facts.counts).length).toBeGreaterThan(1);
    for (const [table, n] of Object.entries(facts.counts)) expect(summary).toContain(`${table}: letti ${n.in} = validi ${n.valid} + scartati ${n.rejected}`);
    expect(summary).not.toMatch(/plan\(s\)|fact schema|valid partner|\d+ in = /);
  }, 60_000);

  it('validate as a process on an Italian system prints its summary and its count of issues in Italian', async () => {
    const r = await provvigo(['validate', '--plan', ...sampleInputs.plan, '--schema', sampleInputs.schema], {
      env: { PROVVIGO_LOCALE: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'it_IT.UTF-8' },
    });
    expect(r.code, r.stderr).toBe(0);
    const tables = Object.keys((JSON.parse(await readFile(sampleInputs.schema, 'utf8')) as { tables: object }).tables).length;
    expect(r.stdout).toMatch(new RegExp(`^ok: piani: 3, schema dei fatti \\(tabelle: ${tables}\\)(, nessun problema)?\\n$`));
    if (r.stderr) expect(r.stderr).toMatch(/^errori: 0, avvisi: \d+$/m);
  }, 120_000);
});
