// The problems a formula hits while computing a line (formula_error, type_mismatch, precision_mismatch, a filter that
// fails for a record) carry their text in Italian and English (`messages`), with `message` the English text as before:
// finance users reviewing a run and partners reading a blocked statement get them in their language. The Italian
// comes from the error value itself (`err(code, english, italian)`), which traces and statement values never show.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFormula, type CompiledScope } from '../src/formula/compile.js';
import { isError, toValue, type ErrorValue } from '../src/formula/interpret.js';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import { Decimal, evaluate, interpret, parseFactSchema, parseFormula, prepareTables, type FormulaValue as Value, type Issue, type PlanInput, type RunResult } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';
import { singleColumnPlan } from './fixtures/singleColumnPlan.js';

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

const hf = { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' as const };

/** A plan paying one line column, with the fixture's tables (or others), and optionally a filter on its sheet. */
const single = (formula: string, more: { tables?: PlanInput['tables']; filter?: string } = {}): PlanInput =>
  singleColumnPlan(formula, { ...more, tables: more.tables ?? tiny.plan.tables });

const c = (id: string, kWh: string | number, category = 'LUCE_CASA', territory = 'Lombardia') => ({ id, partnerId: 'P1', signedDate: '2026-10-10', category, territory, kWh });

type Options = Parameters<typeof evaluate>[1];

function run(plan: PlanInput, contracts: ReturnType<typeof c>[], options: Options = {}): RunResult {
  return evaluate({ period: tiny.period, plans: [plan as never], partners: tiny.partners as never, factSchema, facts: { contracts } }, options);
}

/** The one issue of a run (line issues are also the statement's and the run's), checked to be in both languages. */
function onlyIssue(r: RunResult): Issue {
  expect(r.issues).toHaveLength(1);
  const found = r.issues[0]!;
  expect(found.messages, JSON.stringify(found)).toBeDefined();
  expect(found.messages!.en).toBe(found.message);
  return found;
}

/** The run's one issue, which is the issue of the statement's first line, in both languages. */
function lineIssue(r: RunResult): Issue {
  const found = onlyIssue(r);
  const line = r.statements[0]!.lines[0]!;
  expect(line.issues).toEqual([found]);
  expect(r.statements[0]!.issues).toEqual([found]);
  return found;
}

describe('the issues a formula hits while computing a line, in Italian and English', () => {
  it('a division by zero', () => {
    const i = lineIssue(run(single('=100/[@kWh]'), [c('A', 0)]));
    expect(i).toMatchObject({ code: 'formula_error', error: '#DIV/0!', severity: 'error', record: { table: 'contracts', id: 'A' } });
    expect(i.message).toBe('Lines.Pay gives #DIV/0!: division by zero');
    expect(i.messages!.it).toBe('Lines.Pay dà #DIV/0!: divisione per zero');
  });

  it('a RATE whose keys no row of the table has', () => {
    const i = lineIssue(run(single('=RATE(Rates[Rate], [@category], [@territory])'), [c('A', 1, 'GAS_CASA', 'Lazio')]));
    expect(i).toMatchObject({ code: 'formula_error', error: '#N/A' });
    expect(i.message).toBe('Lines.Pay gives #N/A: no row of Rates matches "GAS_CASA" × "Lazio"');
    expect(i.messages!.it).toBe('Lines.Pay dà #N/A: nessuna riga di Rates corrisponde a "GAS_CASA" × "Lazio"');
  });

  it('a quantity below the first band of a tier table', () => {
    const tables = { Tiers: { kind: 'tier', mode: 'marginal', bands: [{ from: '10', rate: '5' }, { from: '20', rate: '8' }] } } as PlanInput['tables'];
    const i = lineIssue(run(single('=TIER.AMOUNT(Tiers, [@kWh])', { tables }), [c('A', 5)]));
    expect(i).toMatchObject({ code: 'formula_error', error: '#N/A' });
    expect(i.message).toBe('Lines.Pay gives #N/A: 5 is below the first band of Tiers (from 10)');
    expect(i.messages!.it).toBe('Lines.Pay dà #N/A: 5 è sotto il primo scaglione di Tiers (che parte da 10)');
  });

  it('a text where a number or a condition is expected', () => {
    const number = lineIssue(run(single('=IF([@kWh]>0, [@category], 0)+1'), [c('A', 5)]));
    expect(number).toMatchObject({ code: 'formula_error', error: '#VALUE!' });
    expect(number.message).toBe('Lines.Pay gives #VALUE!: "LUCE_CASA" is not a number');
    expect(number.messages!.it).toBe('Lines.Pay dà #VALUE!: "LUCE_CASA" non è un numero');
    const condition = lineIssue(run(single('=IF(IF([@kWh]>0, [@category], 0), 1, 0)'), [c('A', 5)]));
    expect(condition.message).toBe('Lines.Pay gives #VALUE!: "LUCE_CASA" is not TRUE or FALSE');
    expect(condition.messages!.it).toBe('Lines.Pay dà #VALUE!: "LUCE_CASA" non è VERO o FALSO');
  });

  it('a text where an amount is expected (type_mismatch)', () => {
    const i = lineIssue(run(single('=IF([@kWh]>0, [@category], 0)'), [c('A', 5)]));
    expect(i).toMatchObject({ code: 'type_mismatch', severity: 'error' });
    expect(i.message).toBe('Lines.Pay gives "LUCE_CASA", not an amount');
    expect(i.messages!.it).toBe('Lines.Pay dà "LUCE_CASA", non un importo');
  });

  it('a filter that fails for a record (a run issue: the record is rejected, it has no line)', () => {
    const r = run(single('=[@kWh]', { filter: '=100/[@kWh]>1' }), [c('A', 0), c('B', 5)]);
    const i = onlyIssue(r);
    expect(i).toMatchObject({ code: 'formula_error', error: '#DIV/0!', record: { table: 'contracts', id: 'A' }, path: ['plans', 'single', 'sheets', 'Lines', 'filter'] });
    expect(i.message).toBe('the filter of Lines gives #DIV/0! for this record: division by zero');
    expect(i.messages!.it).toBe('il filtro di Lines dà #DIV/0! per questo record: divisione per zero');
    expect(r.statements[0]!.lines.map((l) => l.issues)).toEqual([[]]);
  });

  it('the formula engine disagreeing with the exact value (precision_mismatch, a warning)', () => {
    // HyperFormula rounds the binary double of 1.005 down; the exact decimal rounds half up to 1.01.
    const i = lineIssue(run(single('=ROUND([@kWh]*1, 2)'), [c('A', '1.005')], hf));
    expect(i).toMatchObject({ code: 'precision_mismatch', severity: 'warning' });
    expect(i.message).toBe('the formula engine gives 1 but the exact decimal value is 1.01: check the formula (the exact value is paid)');
    expect(i.messages!.it).toBe('il motore di formule dà 1 ma il valore decimale esatto è 1.01: controlla la formula (si paga il valore esatto)');
  });

  it('an error of the exact evaluation where the formula engine gives a value, and the other way round', () => {
    // HyperFormula reads "10%" as 0.1; the exact evaluation does not read text as a number.
    const exactFails = lineIssue(run(single('=IF([@kWh]>0, [@category], 0)+1'), [c('A', 5, '10%')], hf));
    expect(exactFails.message).toBe('Lines.Pay gives #VALUE!: "10%" is not a number (the formula engine gives 1.1)');
    expect(exactFails.messages!.it).toBe('Lines.Pay dà #VALUE!: "10%" non è un numero (il motore di formule dà 1.1)');
    // 10^400 is beyond binary floating point, not beyond an exact decimal: HyperFormula's own (English) text is kept.
    const engineFails = lineIssue(run(single('=10^[@kWh]'), [c('A', 400)], hf));
    expect(engineFails.error).toBe('#NUM!');
    const detail = /^Lines\.Pay gives #NUM!( \(.*\))?; the exact evaluation gives "1e\+400"$/.exec(engineFails.message);
    expect(detail, engineFails.message).not.toBeNull();
    expect(engineFails.messages!.it).toBe(`Lines.Pay dà #NUM!${detail![1] ?? ''}; il calcolo esatto dà "1e+400"`);
  });

  it('the compiled path and the interpreter give the same issues, in both languages', () => {
    const tables = { ...tiny.plan.tables, Low: { kind: 'tier', mode: 'marginal', bands: [{ from: '10', rate: '5' }] } } as PlanInput['tables'];
    const plan = single('=IF([@kWh]=1, 100/0, IF([@kWh]=2, RATE(Rates[Rate], [@category], [@territory]), IF([@kWh]=3, TIER.AMOUNT(Low, [@kWh]), IF([@kWh]=4, IF([@kWh]>0, [@category], 0)+1, [@kWh]))))', { tables });
    const records = [c('A', 1), c('B', 2, 'GAS_CASA', 'Lazio'), c('C', 3), c('D', 4), c('E', 5)];
    for (const options of [{}, hf]) {
      const compiled = run(plan, records, options);
      const interpreted = run(plan, records, { ...options, exactEngine: 'interpreter' });
      expect(compiled.issues.map((i) => i.messages?.it)).toEqual([
        'Lines.Pay dà #DIV/0!: divisione per zero',
        'Lines.Pay dà #N/A: nessuna riga di Rates corrisponde a "GAS_CASA" × "Lazio"',
        'Lines.Pay dà #N/A: 3 è sotto il primo scaglione di Low (che parte da 10)',
        'Lines.Pay dà #VALUE!: "LUCE_CASA" non è un numero',
      ]);
      expect(interpreted.issues).toEqual(compiled.issues);
      expect(interpreted.outputHash).toBe(compiled.outputHash);
    }
  });
});

describe('error values: the Italian of every error a formula can make, the same on both paths', () => {
  const tables = prepareTables(tiny.plan as never);
  const rows: Array<Record<string, Value>> = [{ kWh: new Decimal(5), category: 'LUCE_CASA' }];
  const column = (_: string, name: string) => ({ range: rows.map((r) => r[name] ?? null) });
  const name = (): Value => null;

  /** The error a formula gives on the first row: from the interpreter, and the same from both compiled paths. */
  function errorOf(formula: string): ErrorValue {
    const ast = parseFormula(formula);
    const row = rows[0]!;
    const expected = interpret(ast, { row: (n) => row[n] ?? null, column, name }, tables);
    const compiled = compileFormula(ast, tables);
    const scope = (): CompiledScope => ({ r: 0, cols: compiled.rows.map((n) => rows.map((x) => x[n] ?? null)), names: compiled.names.map(name), row: () => null, column, name });
    expect(compiled.run(scope())).toEqual(expected);
    const s = scope();
    expect(compiled.prepare(s)(s)).toEqual(expected);
    if (!isError(expected)) throw new Error(`${formula} gives no error`);
    return expected;
  }

  it.each([
    ['=100/([@kWh]-5)', '#DIV/0!', 'division by zero', 'divisione per zero'],
    ['=[@category]*2', '#VALUE!', '"LUCE_CASA" is not a number', '"LUCE_CASA" non è un numero'],
    ['=IF([@category], 1, 0)', '#VALUE!', '"LUCE_CASA" is not TRUE or FALSE', '"LUCE_CASA" non è VERO o FALSO'],
    ['=Rates[Rate]+1', '#VALUE!', 'a whole column where a single value is expected', 'una colonna intera dove serve un valore singolo'],
    ['=Rates[Rate]=1', '#VALUE!', 'a whole column where a single value is expected', 'una colonna intera dove serve un valore singolo'],
    ['=[@category]&Rates[Rate]', '#VALUE!', 'a whole column where a single value is expected', 'una colonna intera dove serve un valore singolo'],
    ['=IF(Rates[Rate], 1, 0)', '#VALUE!', 'a whole column where a condition is expected', 'una colonna intera dove serve una condizione'],
    ['=AVERAGE(Lines[category])', '#DIV/0!', 'AVERAGE of no numbers', 'MEDIA senza alcun numero'],
    ['=MOD([@kWh], 0)', '#DIV/0!', 'MOD by zero', 'RESTO con divisore zero'],
    ['=AVERAGEIF(Lines[kWh], ">100")', '#DIV/0!', 'AVERAGEIF matched no numbers', 'MEDIA.SE non ha trovato alcun numero'],
    ['=NOPE([@kWh])', '#NAME?', 'unknown function NOPE', 'funzione sconosciuta NOPE'],
    ['=RATE(Rates, [@category])', '#VALUE!', 'RATE needs a table column', 'TARIFFA richiede una colonna di una tabella'],
    ['=RATE(Nope[Rate], [@category])', '#REF!', 'unknown table Nope', 'tabella sconosciuta Nope'],
    ['=RATE(Rates[Rate], [@category], "Roma")', '#N/A', 'no row of Rates matches "LUCE_CASA" × "Roma"', 'nessuna riga di Rates corrisponde a "LUCE_CASA" × "Roma"'],
    ['=TIER.AMOUNT(Rates, [@kWh])', '#VALUE!', 'TIER.AMOUNT needs a tier table', 'SCAGLIONE.IMPORTO richiede una tabella a scaglioni'],
    ['=TIER.RATE(Tiers, -[@kWh])', '#N/A', '-5 is below the first band of Tiers (from 0)', '-5 è sotto il primo scaglione di Tiers (che parte da 0)'],
  ])('%s gives %s', (formula, code, en, itText) => {
    expect(errorOf(formula)).toEqual({ error: code, message: en, it: itText });
  });

  it('a number that is not finite', () => {
    expect(toValue(Number.POSITIVE_INFINITY)).toEqual({ error: '#NUM!', message: 'not a finite number', it: 'non è un numero finito' });
  });
});

describe('every error value core makes has its Italian', () => {
  const dir = fileURLToPath(new URL('../src/formula/', import.meta.url));

  /** The arguments of the call whose "(" is at `open`, split at its top-level commas (strings and templates skipped). */
  function argumentsAt(src: string, open: number): string[] {
    const args: string[] = [];
    const closers: string[] = [];
    let start = open + 1;
    for (let i = open + 1; i < src.length; i++) {
      const ch = src[i]!;
      const inTemplate = closers.at(-1) === '`';
      if (inTemplate) {
        if (ch === '\\') i++;
        else if (ch === '`') closers.pop();
        else if (ch === '$' && src[i + 1] === '{') {
          closers.push('}');
          i++;
        }
        continue;
      }
      if (ch === "'" || ch === '"') {
        for (i++; src[i] !== ch; i++) if (src[i] === '\\') i++;
      } else if (ch === '`') closers.push('`');
      else if (ch === '(' || ch === '[' || ch === '{') closers.push(ch === '(' ? ')' : ch === '[' ? ']' : '}');
      else if (closers.length > 0 && ch === closers.at(-1)) closers.pop();
      else if (closers.length === 0 && (ch === ',' || ch === ')')) {
        args.push(src.slice(start, i).trim());
        start = i + 1;
        if (ch === ')') return args.filter((a) => a !== '');
      }
    }
    throw new Error(`unclosed call at ${open}`);
  }

  it('every err( call in src/formula passes the code, the English and the Italian', () => {
    let calls = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(join(dir, file), 'utf8');
      for (const m of src.matchAll(/\berr\(/g)) {
        const args = argumentsAt(src, m.index + 'err'.length);
        const line = src.slice(0, m.index).split('\n').length;
        expect(args, `${file}:${line}: err(${args.join(', ')})`).toHaveLength(3);
        calls++;
      }
    }
    expect(calls).toBeGreaterThanOrEqual(15);
  });
});

describe('a power no amount can be is a line issue, not the end of the run', () => {
  // decimal.js gives NaN for a negative base to a fractional power and Infinity for zero to a negative one; the NaN
  // reached the rounding and threw, so one contract's negative consumption stopped every partner's run
  const records = [c('A', -4), c('B', 9), c('C', 0)];
  for (const exactEngine of ['interpreter', 'compiled'] as const) {
    it(`${exactEngine}: (-4)^0.5 is #NUM! and 0^-1 is #DIV/0! on their own lines; 9^0.5 still pays 3.00`, () => {
      const r = run(single('=IF([@kWh] = 0, [@kWh]^-1, [@kWh]^0.5)'), records, { exactEngine, ...hf });
      const byRecord = new Map(r.statements[0]!.lines.map((l) => [l.source?.id, l]));
      expect(byRecord.get('B')!.amount).toBe('3.00');
      expect(r.statements[0]!.total).toBe('3.00');
      const a = byRecord.get('A')!.issues[0]!;
      // HyperFormula, cross-checking every line, gives NaN here (a number, where a spreadsheet says #NUM!): the issue says so
      expect(a).toMatchObject({ code: 'formula_error', error: '#NUM!', message: 'Lines.Pay gives #NUM!: a negative number to a fractional power (the formula engine gives NaN)' });
      expect(a.messages!.it).toBe('Lines.Pay dà #NUM!: un numero negativo elevato a una potenza non intera (il motore di formule dà NaN)');
      const zero = byRecord.get('C')!.issues[0]!;
      expect(zero).toMatchObject({ code: 'formula_error', error: '#DIV/0!' });
      expect(zero.message).toMatch(/^Lines\.Pay gives #DIV\/0!: zero to a negative power\b/);
      expect(zero.messages!.it).toMatch(/^Lines\.Pay dà #DIV\/0!: zero elevato a una potenza negativa\b/);
      // one issue a bad line, nothing else
      expect(r.issues.map((i) => i.code).sort()).toEqual(['formula_error', 'formula_error']);
    });
  }
});

describe("a line in another currency than its statement's, in Italian and English", () => {
  it('two plans paying one partner in EUR and in CHF: the CHF line is left out of the EUR statement, and says so', () => {
    const euros = single('=10');
    const francs = { ...single('=20'), id: 'francs', currency: 'CHF' };
    const r = evaluate({ period: tiny.period, plans: [euros as never, francs as never], partners: tiny.partners as never, factSchema, facts: { contracts: [c('A', 1)] } });
    const statement = r.statements.find((s) => s.partnerId === 'P1')!;
    const found = statement.issues.find((i) => i.code === 'currency_mismatch')!;
    expect(found, JSON.stringify(statement.issues)).toBeDefined();
    const other = statement.currency === 'EUR' ? 'CHF' : 'EUR';
    const line = statement.lines.find((l) => l.currency === other)!;
    expect(found.message).toBe(`line ${line.id} is in ${other}, the statement in ${statement.currency}`);
    expect(found.messages).toEqual({ en: found.message, it: `la riga ${line.id} è in ${other}, l'estratto conto in ${statement.currency}` });
  });
});
