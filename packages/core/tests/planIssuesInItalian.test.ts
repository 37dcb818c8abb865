// Every issue the plan and formula checks give carries its text in Italian and English (`messages`), with `message`
// the English text as before: the builder and the CLI show it in their reader's language instead of translating core's
// English back by patterns. Fails on an issue given in English only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan, type Issue } from '../src/index.js';
import { applyMetric, removeMetric } from '../src/metrics/index.js';
import { checkReferences, forEachFormula, insertNode, moveNode, removeNode, renameNode, updateNode } from '../src/planOps/index.js';
import type { PlanOpResult } from '../src/planOps/index.js';
import { SCHEMA_MESSAGES_IT, schemaMessageIt } from '../src/plan/schemaMessages.js';
import { IssueCodeSchema } from '../src/schema/issue.js';
import { PlanSchema, type Plan } from '../src/schema/plan.js';
import * as tiny from './fixtures/tiny.js';
import { emptyPlan } from './metricsFixtures.js';

/** A plan as JSON, to break at will. */
// biome-ignore lint/suspicious/noExplicitAny: a plan broken on purpose has no type
type Loose = Record<string, any>;

const tinyPlan = (): Loose => structuredClone(tiny.plan) as Loose;

function withColumn(formula: string, extra: Loose = {}): Loose {
  const plan = tinyPlan();
  plan.sheets.Lines.columns.Commission = { formula, type: 'money' };
  return { ...plan, ...extra };
}

/** The issues of a plan the checks refuse. */
function issuesOf(input: unknown): Issue[] {
  const r = parsePlan(input, { factSchema: tiny.factSchema });
  expect(r.ok, JSON.stringify(r.issues)).toBe(false);
  return r.issues;
}

/** The issues of a refused plan operation. */
function refused(r: PlanOpResult): Issue[] {
  if (r.ok) throw new Error('expected a refusal, the operation was allowed');
  return r.issues;
}

/** The one issue with `code` among `issues`. */
function only(issues: Issue[], code: Issue['code']): Issue {
  const found = issues.filter((i) => i.code === code);
  expect(found, JSON.stringify(issues)).toHaveLength(1);
  return found[0]!;
}

/** The one issue at `path` (dotted) among `issues`. */
function at(issues: Issue[], path: string): Issue {
  const found = issues.filter((i) => i.path.join('.') === path);
  expect(found, JSON.stringify(issues)).toHaveLength(1);
  return found[0]!;
}

/** Checks the issue's code, its English `message` (unchanged), that `messages.en` is it, and its Italian sentence. */
function expectBoth(issue: Issue, code: Issue['code'], en: string, it: string): void {
  expect(issue.code).toBe(code);
  expect(issue.message).toBe(en);
  expect(issue.messages).toEqual({ en, it });
  expect(issue.messages!.it).not.toBe(issue.messages!.en);
}

describe('plan issues in Italian and English', () => {
  it('an unknown name, with the character it is at in both languages', () => {
    expectBoth(
      only(issuesOf(withColumn('=[@kWh]*Missing')), 'unknown_reference'),
      'unknown_reference',
      'unknown name "Missing" (not a parameter, summary cell or table) (at character 9)',
      'nome sconosciuto "Missing" (non è un parametro, una cella di riepilogo o una tabella) (al carattere 9)',
    );
  });

  it('an unknown column of the row, of a line sheet, of a table', () => {
    expectBoth(
      only(issuesOf(withColumn('=[@kWh]*[@Ratee]')), 'unknown_reference'),
      'unknown_reference',
      'unknown column "Ratee" (not in fact table "contracts" nor computed in Lines); did you mean "Rate"? (at character 9)',
      'colonna sconosciuta "Ratee" (non è nella tabella dati "contracts" né calcolata in Lines); forse intendevi "Rate"? (al carattere 9)',
    );
    expectBoth(
      only(issuesOf(withColumn('=SUM(Lines[Nope])')), 'unknown_reference'),
      'unknown_reference',
      'unknown column "Nope" of line sheet "Lines" (at character 6)',
      'colonna sconosciuta "Nope" del foglio righe "Lines" (al carattere 6)',
    );
    expectBoth(
      only(issuesOf(withColumn('=RATE(Rates[Nope], [@category], [@territory])')), 'unknown_reference'),
      'unknown_reference',
      'unknown column "Nope" of table "Rates" (at character 7)',
      'colonna sconosciuta "Nope" della tabella "Rates" (al carattere 7)',
    );
  });

  it('a wrong number of arguments, and of a table\'s keys', () => {
    expectBoth(
      only(issuesOf(withColumn('=IF([@kWh])')), 'formula_syntax'),
      'formula_syntax',
      'IF takes 2 to 3 arguments, found 1 (at character 2)',
      'IF richiede da 2 a 3 argomenti, trovato 1 (al carattere 2)',
    );
    expectBoth(
      only(issuesOf(withColumn('=SUM()')), 'formula_syntax'),
      'formula_syntax',
      'SUM takes 1 to many arguments, found 0 (at character 2)',
      'SUM richiede almeno 1 argomento, trovati 0 (al carattere 2)',
    );
    expectBoth(
      only(issuesOf(withColumn('=RATE(Rates[Rate], [@category])')), 'formula_syntax'),
      'formula_syntax',
      'table "Rates" has 2 key(s) (category, territory); RATE was given 1 (at character 2)',
      'la tabella "Rates" ha 2 chiavi (category, territory); RATE ne ha ricevuta 1 (al carattere 2)',
    );
  });

  it('a circular reference', () => {
    const plan = withColumn('=[@Bonus]+1');
    plan.sheets.Lines.columns.Bonus.formula = '=[@Commission]*2';
    const issue = only(issuesOf(plan), 'circular_reference');
    const chain = issue.message.replace(/^circular reference: /, '');
    expect(chain).toMatch(/Lines\.(Bonus|Commission) → .* → Lines\.(Bonus|Commission)/);
    expectBoth(issue, 'circular_reference', `circular reference: ${chain}`, `riferimento circolare: ${chain}`);
  });

  it('a whole column where a number is needed, and a formula that gives a whole column', () => {
    expectBoth(
      only(issuesOf(withColumn('=Lines[kWh]*2')), 'type_mismatch'),
      'type_mismatch',
      'a whole column cannot be used here; aggregate it with SUM, COUNT… (at character 2)',
      'qui non si può usare una colonna intera: aggregala con SOMMA, CONTA.NUMERI… (al carattere 2)',
    );
    expectBoth(
      only(issuesOf(withColumn('=-Lines[kWh]')), 'type_mismatch'),
      'type_mismatch',
      'a number is needed here, found a whole column (at character 3)',
      'qui serve un numero, trovato una colonna intera (al carattere 3)',
    );
    const plan = tinyPlan();
    plan.sheets.Summary.cells.Total.formula = '=Lines[Commission]';
    expectBoth(
      at(issuesOf(plan), 'sheets.Summary.cells.Total.formula'),
      'type_mismatch',
      'the formula gives a whole column; aggregate it, e.g. SUM(...) or COUNT(...)',
      'la formula restituisce una colonna intera: aggregala, ad es. SOMMA(...) o CONTA.NUMERI(...)',
    );
  });

  it('a gate that is not a condition, and text where money is declared', () => {
    const plan = tinyPlan();
    plan.sheets.Summary.cells.Reached = { formula: '="yes"', type: 'text', role: 'gate' };
    expectBoth(only(issuesOf(plan), 'type_mismatch'), 'type_mismatch', 'a gate must be a condition (TRUE or FALSE)', 'una soglia deve essere una condizione (VERO o FALSO)');
    expectBoth(
      at(issuesOf(withColumn('="abc"')), 'sheets.Lines.columns.Commission.formula'),
      'type_mismatch',
      'the formula gives text but the column is declared "money"',
      'la formula restituisce un testo, ma la colonna è dichiarata "money"',
    );
  });

  it('payout problems: an unknown sheet, a payout of text, a plan without payouts', () => {
    const unknownSheet = tinyPlan();
    unknownSheet.payouts.cap.sheet = 'Nope';
    expectBoth(only(issuesOf(unknownSheet), 'unknown_reference'), 'unknown_reference', 'unknown sheet "Nope"', 'foglio sconosciuto "Nope"');
    const text = tinyPlan();
    text.sheets.Summary.cells.Note = { formula: '="hello"', type: 'text' };
    text.payouts.note = { label: 'Note', sheet: 'Summary', cell: 'Note' };
    expectBoth(
      only(issuesOf(text), 'type_mismatch'),
      'type_mismatch',
      'a payout must be a number; Summary.Note gives text',
      'un pagamento deve essere un numero; Summary.Note restituisce un testo',
    );
    const none = tinyPlan();
    none.payouts = {};
    expectBoth(only(issuesOf(none), 'invalid_schema'), 'invalid_schema', 'a plan needs at least one payout', 'un piano richiede almeno un pagamento');
  });

  it('a formula that does not parse', () => {
    expectBoth(
      only(issuesOf(withColumn('=SUM(1')), 'formula_syntax'),
      'formula_syntax',
      'expected a closing ")" for SUM( (at character 7)',
      'manca la ")" che chiude SUM( (al carattere 7)',
    );
  });

  it("the schema's refusals: our own messages word for word, zod's generic ones by their shape", () => {
    const plan = tinyPlan();
    plan.name = '   ';
    plan.currency = 'euro';
    plan.version = 'one';
    plan.extra = true;
    const issues = issuesOf(plan);
    expectBoth(at(issues, 'name'), 'invalid_schema', "a plan's name must not be empty or blank", 'il nome del piano non può essere vuoto');
    expectBoth(at(issues, 'currency'), 'invalid_schema', 'an ISO 4217 code such as EUR', 'un codice ISO 4217, ad es. EUR');
    expectBoth(at(issues, 'version'), 'invalid_schema', 'Invalid input: expected number, received string', 'valore non valido: serve un numero, trovato un testo');
    expectBoth(at(issues, ''), 'invalid_schema', 'Unrecognized key: "extra"', 'chiave non prevista: "extra"');
    // every custom message mapped is one the schemas really give (a changed English text would drop its Italian)
    const files = ['plan.ts', 'common.ts', 'ownRecord.ts', 'facts.ts', 'ledger.ts', 'fiscal.ts', 'partner.ts', 'metrics.ts', 'run.ts'];
    const schemas = files.map((f) => readFileSync(fileURLToPath(new URL(`../src/schema/${f}`, import.meta.url)), 'utf8')).join('\n');
    for (const en of SCHEMA_MESSAGES_IT.keys()) expect(schemas.includes(en.split(/\d{3,}/)[0]!), en).toBe(true);
    // and the other way: every message those schemas give as a plain text has its Italian (a new one would be English)
    const given = /(?:message:\s*|\.(?:regex|min|max|length|refine)\([^'"\n]*?,\s*(?:\{\s*message:\s*)?)(['"])((?:(?!\1).)+)\1/g;
    const texts = [...schemas.matchAll(given)].map((m) => m[2]!);
    expect(texts.length).toBeGreaterThanOrEqual(18);
    for (const en of texts) expect(schemaMessageIt(en), en).not.toBe(en);
  });

  it('a metric refused by applyMetric', () => {
    const placed = applyMetric(emptyPlan(), 'activations', {});
    if (!placed.ok) throw new Error('the metric should apply');
    const again = refused(applyMetric(placed.plan, 'activations', {}));
    expectBoth(again.find((i) => i.message.includes(' Activations '))!, 'invalid_input', 'the name Activations is already used in the plan', 'il nome Activations è già usato nel piano');
    expectBoth(refused(applyMetric(emptyPlan(), 'nope', {}))[0]!, 'unknown_reference', 'no metric nope', 'la metrica nope non esiste');
    expectBoth(
      refused(applyMetric(emptyPlan(), 'activations', { name: '1bad' }))[0]!,
      'invalid_input',
      'must start with a letter or _ and hold only letters, digits and _',
      'deve iniziare con una lettera o _ e contenere solo lettere, cifre e _',
    );
    expectBoth(refused(removeMetric(placed.plan, 'Nope'))[0]!, 'unknown_reference', 'no metric instance Nope', "nel piano non c'è la metrica Nope");
  });

  it('plan operations refused', () => {
    const plan = PlanSchema.parse(tiny.plan);
    const inUse = refused(removeNode(plan, { kind: 'parameter', name: 'EeBonus' }));
    expect(inUse[0]!.path).toEqual(['sheets', 'Lines', 'columns', 'Bonus', 'formula']);
    expectBoth(
      inUse[0]!,
      'invalid_input',
      'the node is still referenced; remove or change the references first (EeBonus)',
      "l'elemento è ancora usato altrove: rimuovi o modifica prima i riferimenti (EeBonus)",
    );
    expectBoth(refused(renameNode(plan, { kind: 'parameter', name: 'EeBonus' }, 'Cap'))[0]!, 'invalid_input', 'the name is already used in the plan: Cap', 'il nome è già usato nel piano: Cap');
    expectBoth(
      refused(insertNode(plan, { kind: 'parameter', name: '1x' }, { type: 'number', value: '1', overridable: true }))[0]!,
      'invalid_input',
      'a name starts with a letter or _ and holds only letters, digits and _',
      'un nome inizia con una lettera o _ e contiene solo lettere, cifre e _',
    );
    expectBoth(refused(moveNode(plan, { kind: 'cell', sheet: 'Summary', name: 'Nope' }, 0))[0]!, 'unknown_reference', 'no such node in the plan', 'questo elemento non esiste nel piano');
    expectBoth(
      refused(updateNode(plan, { kind: 'column', sheet: 'Lines', name: 'Commission' }, { formula: 'no equals' }))[0]!,
      'invalid_schema',
      'a formula starts with "="',
      'una formula inizia con "="',
    );
    const broken: Plan = { ...plan, sheets: { ...plan.sheets, Summary: { kind: 'summary', cells: { X: { formula: '=[@a]+Nope', type: 'number', role: 'value' } } } } };
    const refs = checkReferences(broken);
    expectBoth(refs.find((i) => i.message.startsWith('unknown name'))!, 'unknown_reference', 'unknown name Nope', 'nome sconosciuto Nope');
    expectBoth(refs.find((i) => i.message.startsWith('a summary'))!, 'unknown_reference', 'a summary cell has no row: use Sheet[column]', 'una cella di riepilogo non ha righe: usa Foglio[colonna]');
  });
});

/** True when an English text is only names and numbers (the same in both languages). */
const onlyNames = (en: string) => /^[\w.[\]@"' ,→-]*$/.test(en) && !/\b[a-z]{3,}\s[a-z]{3,}\b/.test(en);

/** Checks that every issue carries both languages: `messages.en` the message, an Italian text that is not the English one. */
function expectAllBilingual(issues: readonly Issue[], where: string, seen: Set<string>): number {
  for (const i of issues) {
    const at = `${where}: ${i.code} ${i.path.join('.')} "${i.message}"`;
    expect(i.messages, at).toBeDefined();
    expect(i.messages!.en, at).toBe(i.message);
    expect(i.messages!.it.trim(), at).not.toBe('');
    if (!onlyNames(i.message)) expect(i.messages!.it, at).not.toBe(i.messages!.en);
    seen.add(i.code);
  }
  return issues.length;
}

/** Broken formulas of many kinds: syntax, references, arity, types. */
const BROKEN_FORMULAS = [
  '=SUM(',
  '=1+',
  '="open',
  '=[x]',
  '=Lines[',
  '=1;2',
  '=1 2',
  '=Nope',
  '=[@nope]',
  '=Nope[x]',
  '=Partner[zz]',
  '=FOO(1)',
  '=IF(1)',
  '=SUM()',
  '="a"*2',
  '=-"a"',
  '=Lines[kWh]',
  '=Lines[kWh]+1',
  '=TIER.AMOUNT(Cap, 1)',
  '=RATE(Cap, 1)',
  '=SUMIF(1, 2)',
  '=ROUND(Lines[kWh], 2)',
  '=IF("x", 1, 2)',
  '=PAYOUTS()+[@Commission]',
];

/** Whole-plan mutations beyond formulas: names, tables, parameters, payouts, sheets, the schema. */
const PLAN_MUTATIONS: ((p: Loose) => void)[] = [
  (p) => (p.id = ''),
  (p) => (p.id = 'Bad Id'),
  (p) => (p.name = ' '),
  (p) => (p.name = {}),
  (p) => (p.name = 'x'.repeat(300)),
  (p) => (p.currency = 'euro'),
  (p) => delete p.version,
  (p) => (p.version = 0),
  (p) => (p.effectiveFrom = '2026-02-31'),
  (p) => (p.effectiveFrom = '1/1/2026'),
  (p) => (p.extra = 1),
  (p) => (p.rounding = { mode: 'sideways', scale: 9 }),
  (p) => (p.sheets = 'none'),
  (p) => (p.sheets.Partner = { kind: 'summary', cells: {} }),
  (p) => (p.sheets['1bad'] = { kind: 'summary', cells: {} }),
  (p) => (p.sheets.Odd = { kind: 'pivot' }),
  (p) => (p.payouts = {}),
  (p) => (p.payouts.x = { label: 'x', sheet: 'Nope', cell: 'A' }),
  (p) => (p.payouts.x = { label: 'x', sheet: Object.keys(p.sheets)[0], cell: 'A', column: 'B' }),
  (p) => (p.payouts.x = { label: 'x', sheet: Object.keys(p.sheets)[0] }),
  (p) => (p.payouts.x = { label: 'x', sheet: Object.keys(p.sheets)[0], component: '__proto__', cell: 'A' }),
  (p) => (p.parameters.Bad = { type: 'money', value: 'abc' }),
  (p) => (p.parameters.Flag = { type: 'boolean', value: '1' }),
  (p) => (p.parameters.Odd = { type: 'moneyy', value: '1' }),
  (p) => (p.overrides = { P1: { NotAParameter: '1' } }),
  (p) => (p.tables.Bands = { kind: 'tier', mode: 'marginal', bands: [{ from: '5', rate: '1' }, { from: '1', rate: '2' }] }),
  (p) => (p.tables.Keys = { kind: 'lookup', keys: ['k', 'x'], columns: { k: { type: 'text' }, v: { type: 'number' } }, rows: [{ k: 'a', v: 'n', w: 1 }, { k: 'a' }] }),
  (p) => (p.conditions = { release: { events: 'nope', on: 'x', link: 'nope', deadlineMonths: 1, deadlineDays: 2 } }),
  (p) => (p.conditions = { clawback: { events: 'nope', on: ['x'], link: 'nope' } }),
  (p) => {
    for (const s of Object.values<Loose>(p.sheets)) if (s.kind === 'lines') s.source = 'nope';
  },
  (p) => {
    for (const s of Object.values<Loose>(p.sheets)) if (s.kind === 'lines') s.filter = '="text"';
  },
  (p) => {
    for (const s of Object.values<Loose>(p.sheets)) if (s.kind === 'lines') s.filter = '=[@Commission]>0';
  },
];

function samplePlans(): { name: string; plan: Loose; factSchema: unknown }[] {
  const dir = fileURLToPath(new URL('../../../examples/utility/plans/', import.meta.url));
  const factSchema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/utility/factSchema.json', import.meta.url)), 'utf8'));
  const samples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f, plan: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Loose, factSchema }));
  return [{ name: 'tiny', plan: tinyPlan(), factSchema: tiny.factSchema }, ...samples];
}

describe('every issue of a broken plan has its Italian (property over many broken plans)', () => {
  it('sample plans with each formula broken in many ways, and with whole-plan mutations', () => {
    const seen = new Set<string>();
    let checked = 0;
    let plans = 0;
    for (const { name, plan, factSchema } of samplePlans()) {
      expect(parsePlan(plan, { factSchema: factSchema as never }).ok, name).toBe(true);
      const valid = PlanSchema.parse(plan);
      const paths: (string | number)[][] = [];
      forEachFormula(valid, (_f, path) => paths.push(path));
      expect(paths.length, name).toBeGreaterThan(2);
      for (const path of paths) {
        for (const formula of BROKEN_FORMULAS) {
          const broken = structuredClone(plan);
          let at: Loose = broken;
          for (const key of path.slice(0, -1)) at = at[key as string];
          at[path.at(-1) as string] = formula;
          const r = parsePlan(broken, { factSchema: factSchema as never });
          plans++;
          checked += expectAllBilingual(r.issues, `${name} ${path.join('.')} ${formula}`, seen);
        }
      }
      PLAN_MUTATIONS.forEach((mutate, n) => {
        const broken = structuredClone(plan);
        mutate(broken);
        const r = parsePlan(broken, { factSchema: factSchema as never });
        plans++;
        expect(r.issues.length, `${name} mutation ${n}`).toBeGreaterThan(0);
        checked += expectAllBilingual(r.issues, `${name} mutation ${n}`, seen);
      });
      // a fact schema that is itself broken
      const badSchema = parsePlan(plan, { factSchema: { tables: { t: { key: 1 } } } as never });
      checked += expectAllBilingual(badSchema.issues, `${name} broken fact schema`, seen);
    }
    expect(plans).toBeGreaterThan(500);
    expect(checked).toBeGreaterThan(1000);
    for (const code of ['invalid_schema', 'unknown_reference', 'circular_reference', 'type_mismatch', 'formula_syntax', 'unknown_function', 'missing_input']) {
      if (code === 'circular_reference') continue; // made on purpose in the first describe
      expect(seen, code).toContain(code);
    }
  });

  it('plan operations and metrics on the sample plans: every refusal in both languages', () => {
    const seen = new Set<string>();
    let checked = 0;
    for (const { name, plan } of samplePlans()) {
      const valid = PlanSchema.parse(plan);
      for (const p of Object.keys(valid.parameters)) {
        const r = removeNode(valid, { kind: 'parameter', name: p });
        if (!r.ok) checked += expectAllBilingual(r.issues, `${name} remove ${p}`, seen);
        for (const other of [...Object.keys(valid.parameters), '1bad', 'TRUE']) {
          const renamed = renameNode(valid, { kind: 'parameter', name: p }, other);
          if (!renamed.ok) checked += expectAllBilingual(renamed.issues, `${name} rename ${p} ${other}`, seen);
        }
      }
      for (const [sheet, s] of Object.entries(valid.sheets)) {
        const r = removeNode(valid, { kind: 'sheet', name: sheet });
        if (!r.ok) checked += expectAllBilingual(r.issues, `${name} remove ${sheet}`, seen);
        const bad = updateNode(valid, { kind: 'sheet', name: sheet }, { kind: s.kind === 'lines' ? 'summary' : 'lines' } as never);
        checked += expectAllBilingual(refused(bad), `${name} sheet kind ${sheet}`, seen);
      }
      checked += expectAllBilingual(checkReferences({ ...valid, payouts: { x: { label: 'x', sheet: 'Nope', cell: 'A' } } }), `${name} refs`, seen);
      for (const metric of ['activations', 'volume', 'nope']) {
        const r = applyMetric(valid, metric, { name: 'Rates' });
        if (!r.ok) checked += expectAllBilingual(r.issues, `${name} metric ${metric}`, seen);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** The top-level arguments of a call whose text starts just after its `(`: nested brackets, strings and templates skipped. */
function callArguments(text: string, from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // to the closing quote (a template's ${…} holds no backtick in these sources)
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args.filter((a) => a !== '');
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

describe('no plan or formula check reports in English only (source scan)', () => {
  it('no report/err/warn/issue/fail call passes a plain string literal as its message', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = [
      ...readdirSync(join(src, 'plan')).map((f) => `plan/${f}`),
      ...readdirSync(join(src, 'planOps')).map((f) => `planOps/${f}`),
      'formula/compile.ts',
      'metrics/applyMetric.ts',
    ].filter((f) => f.endsWith('.ts'));
    const codes = new Set<string>(IssueCodeSchema.options);
    let calls = 0;
    const englishOnly: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/(?<![\w.])(report|err|warn|issue|fail|bilingualIssue)\(/g)) {
        const before = text.slice(Math.max(0, m.index - 9), m.index);
        if (/function\s*$/.test(before)) continue; // the helper's own declaration
        const args = callArguments(text, m.index + m[0].length);
        // formula/compile.ts's `err('#DIV/0!', …)` is a formula's error value at run time (#DIV/0!, #N/A), not an issue
        if (/^['"`]#/.test(args[0] ?? '')) continue;
        calls++;
        for (const a of args) {
          const literal = /^(['"`])[\s\S]*\1$/.test(a);
          if (literal && !codes.has(a.slice(1, -1))) englishOnly.push(`${file}:${text.slice(0, m.index).split('\n').length} ${m[0]}${a})`);
        }
      }
      // an issue written as an object literal names its messages too
      for (const m of text.matchAll(/\bseverity: 'error'[^}]*\}/g)) {
        if (!m[0].includes('messages')) englishOnly.push(`${file}:${text.slice(0, m.index).split('\n').length} ${m[0]}`);
      }
    }
    expect(englishOnly).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(70);
  });
});
