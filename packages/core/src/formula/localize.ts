import type { Node } from './ast.js';
import { FUNCTIONS, FUNCTIONS_BY_ITALIAN_NAME } from './functions.js';
import { parseFormula } from './parse.js';
import { renderFormula } from './render.js';

/**
 * Plans are stored in one canonical language (English function names, "," between arguments, "." for decimals).
 * Italian users write `=SE([@kWh]>1000;TARIFFA(Tariffe[Rate];[@category];[@territory]);0,5)`: these two functions
 * translate between the forms through the syntax tree, so strings and references are never touched.
 */
export function toLocalizedFormula(formula: string, locale: 'it' | 'en'): string {
  if (locale === 'en') return formula;
  const ast = parseFormula(formula);
  return `=${renderFormula(ast, {
    argSeparator: ';',
    decimalSeparator: ',',
    fn: (name) => FUNCTIONS[name]?.it ?? name,
    node: (n) => (n.k === 'bool' ? (n.value ? 'VERO' : 'FALSO') : undefined),
  })}`;
}

/** Translates a formula written with Italian names and separators to the canonical form. Throws FormulaSyntaxError. */
export function toCanonicalFormula(formula: string, locale: 'it' | 'en'): string {
  if (locale === 'en') return formula;
  const ast = parseFormula(formula, { argSeparator: ';', decimalSeparator: ',' });
  const fix = (n: Node): Node => {
    switch (n.k) {
      case 'call':
        return { ...n, fn: FUNCTIONS_BY_ITALIAN_NAME[n.fn] ?? n.fn, args: n.args.map(fix) };
      case 'name': {
        const u = n.name.toUpperCase();
        return u === 'VERO' || u === 'FALSO' ? { k: 'bool', value: u === 'VERO', start: n.start, end: n.end } : n;
      }
      case 'unary':
      case 'percent':
        return { ...n, arg: fix(n.arg) };
      case 'binary':
        return { ...n, left: fix(n.left), right: fix(n.right) };
      default:
        return n;
    }
  };
  return `=${renderFormula(fix(ast))}`;
}
