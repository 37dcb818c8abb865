// A name mistyped in a plan gets the known name it most likely meant, in both languages, wherever the plan names
// things: a row's column, a table and its columns, a line sheet's column, a parameter or cell, a function, a payout's
// sheet, column or cell, an override's parameter. A name nothing known is near gets no guess.
import { describe, expect, it } from 'vitest';
import { parsePlan, type Issue } from '../src/index.js';
import { closestName } from '../src/plan/closestName.js';
import * as tiny from './fixtures/tiny.js';

type Loose = Record<string, any>;
const tinyPlan = (): Loose => structuredClone(tiny.plan) as Loose;

/** tiny's plan with its Commission column computed by `formula`, or changed by `edit`. */
function planWith(edit: (plan: Loose) => void): Loose {
  const plan = tinyPlan();
  edit(plan);
  return plan;
}

/** The issues of the plan the checks refuse, as code and both texts without the position. */
function refusals(plan: Loose): Array<[Issue['code'], string, string]> {
  const r = parsePlan(plan, { factSchema: tiny.factSchema });
  expect(r.ok).toBe(false);
  const bare = (t: string) => t.replace(/ \((at|al) character[e]? \d+\)$/, '').replace(/ \(al carattere \d+\)$/, '');
  return r.issues.map((i) => [i.code, bare(i.message), bare(i.messages?.it ?? '')]);
}

const formula = (f: string) => planWith((p) => (p.sheets.Lines.columns.Commission.formula = f));

describe('did you mean, in a formula', () => {
  it.each([
    ['=[@kWh]*[@Rat]', 'unknown_reference', 'Rate'],
    ['=[@kwh]*[@Rate]', 'unknown_reference', 'kWh'],
    ['=[@kWh]*RATE(Rates[Rte], [@category], [@territory])', 'unknown_reference', 'Rate'],
    ['=[@kWh]*RATE(Rate[Rate], [@category], [@territory])', 'unknown_reference', 'Rates'],
    ['=[@kWh]*EeBonsu', 'unknown_reference', 'EeBonus'],
    ['=SUMM([@kWh])', 'unknown_function', 'SUM'],
    ['=SOMA([@kWh])', 'unknown_function', 'SOMMA'],
  ])('%s: %s, meant "%s"', (f, code, meant) => {
    const [issue, ...more] = refusals(formula(f));
    expect(more).toEqual([]);
    expect(issue![0]).toBe(code);
    expect(issue![1].endsWith(`; did you mean "${meant}"?`)).toBe(true);
    expect(issue![2].endsWith(`; forse intendevi "${meant}"?`)).toBe(true);
  });

  it('a column of a line sheet, from a summary cell', () => {
    const [issue] = refusals(planWith((p) => (p.sheets.Summary.cells.Total.formula = '=SUM(Lines[Comission])')));
    expect(issue![1]).toBe('unknown column "Comission" of line sheet "Lines"; did you mean "Commission"?');
  });

  it('a mistyped tier table is one issue, not a second one for its type', () => {
    const issues = refusals(planWith((p) => (p.sheets.Summary.cells.TierBonus.formula = '=TIER.AMOUNT(Tier, Activations)')));
    expect(issues).toEqual([
      [
        'unknown_reference',
        'unknown name "Tier" (not a parameter, summary cell or table); did you mean "Tiers"?',
        'nome sconosciuto "Tier" (non è un parametro, una cella di riepilogo o una tabella); forse intendevi "Tiers"?',
      ],
    ]);
  });

  it('no guess when nothing known is near', () => {
    const [issue] = refusals(formula('=[@kWh]*Sconto'));
    expect(issue![1]).toBe('unknown name "Sconto" (not a parameter, summary cell or table)');
  });
});

describe('did you mean, in the plan around the formulas', () => {
  it("a payout's sheet, column and cell", () => {
    expect(refusals(planWith((p) => (p.payouts.commission.sheet = 'Line')))[0]![1]).toBe('unknown sheet "Line"; did you mean "Lines"?');
    expect(refusals(planWith((p) => (p.payouts.commission.column = 'Comission')))[0]![1]).toBe('unknown column "Comission" in sheet "Lines"; did you mean "Commission"?');
    expect(refusals(planWith((p) => (p.payouts.tierBonus.cell = 'TierBonu')))[0]![1]).toBe('unknown cell "TierBonu" in sheet "Summary"; did you mean "TierBonus"?');
  });

  it("an override's parameter", () => {
    const [issue] = refusals(planWith((p) => (p.overrides = { P2: { EEBonus: '30' } })));
    expect(issue!.slice(1)).toEqual(['unknown parameter "EEBonus"; did you mean "EeBonus"?', 'parametro sconosciuto "EEBonus"; forse intendevi "EeBonus"?']);
  });
});

describe('closestName', () => {
  it('prefers the same letters in another case, then the fewest edits, then the first in alphabetical order', () => {
    expect(closestName('rates', ['Rate', 'Rates'])).toBe('Rates');
    expect(closestName('Bonsu', ['Bonus', 'Cap'])).toBe('Bonus'); // two letters swapped
    expect(closestName('Cap', ['Map', 'Cup'])).toBe('Cup'); // both one edit away: alphabetical
  });

  it('allows one edit up to three letters, two or one in three beyond', () => {
    expect(closestName('Ab', ['Ax'])).toBe('Ax');
    expect(closestName('Abc', ['Xyc'])).toBeUndefined();
    expect(closestName('Abcd', ['Xycd'])).toBe('Xycd');
    expect(closestName('Abcd', ['Xyzd'])).toBeUndefined();
    expect(closestName('Commision', ['Commission'])).toBe('Commission');
    expect(closestName('Total', ['Activations'])).toBeUndefined();
  });

  it('never suggests the name itself', () => {
    expect(closestName('Rates', ['Rates'])).toBeUndefined();
  });
});
