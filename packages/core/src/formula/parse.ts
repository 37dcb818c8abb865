import type { BothLanguages } from '../schema/common.js';
import type { BinaryOp, Node } from './ast.js';

/** A syntax error with the offset where it was found. */
export class FormulaSyntaxError extends Error {
  readonly position: number;
  /** The message in both of the product's languages (`message` is the English one), when the parser gave both. */
  readonly messages?: BothLanguages;
  constructor(message: string, position: number, it?: string) {
    super(message);
    this.name = 'FormulaSyntaxError';
    this.position = position;
    if (it !== undefined) this.messages = { it, en: message };
  }
}

/** The problem `parseFormula` threw, in both languages (an unexpected error keeps its English text, introduced in Italian). */
export function syntaxErrorText(e: unknown): BothLanguages {
  if (e instanceof FormulaSyntaxError && e.messages) return e.messages;
  const en = e instanceof Error ? e.message : String(e);
  return { en, it: `la formula non si può leggere: ${en}` };
}

export interface ParseOptions {
  /** Argument separator: ',' (canonical, English) or ';' (Italian). */
  argSeparator?: ',' | ';';
  /** Decimal separator: '.' (canonical) or ',' (Italian, only with argSeparator ';'). */
  decimalSeparator?: '.' | ',';
}

type Tok =
  | { t: 'num'; raw: string; value: number; pos: number; end: number }
  | { t: 'str'; value: string; pos: number; end: number }
  | { t: 'ident'; value: string; pos: number; end: number }
  | { t: 'rowref'; value: string; pos: number; end: number }
  | { t: 'colref'; table: string; value: string; pos: number; end: number }
  | { t: 'op'; value: string; pos: number; end: number }
  | { t: 'lparen' | 'rparen' | 'sep'; pos: number; end: number }
  | { t: 'eof'; pos: number; end: number };

const IDENT = /[A-Za-z_\u00C0-\u00FF][A-Za-z0-9_.\u00C0-\u00FF]*/y;
const BRACKET_NAME = /\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]/y;

function tokenize(text: string, options: Required<ParseOptions>): Tok[] {
  const tokens: Tok[] = [];
  const dec = options.decimalSeparator === ',' ? ',' : '\\.';
  const NUMBER = new RegExp(`(\\d+(${dec}\\d+)?|${dec}\\d+)([eE][+-]?\\d+)?`, 'y');
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new FormulaSyntaxError('unterminated text: a closing " is missing', i, 'testo non chiuso: manca il " finale');
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ t: 'str', value, pos: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      // [@col] or [@[col]]
      const m = /\[@(?:\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]|([A-Za-z_][A-Za-z0-9_]*))\]/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) throw new FormulaSyntaxError('a row reference is written [@Column]', i, 'un riferimento alla riga si scrive [@Colonna]');
      tokens.push({ t: 'rowref', value: (r[1] ?? r[2])!, pos: i, end: m.lastIndex });
      i = m.lastIndex;
      continue;
    }
    NUMBER.lastIndex = i;
    if (/[0-9]/.test(c) || (c === options.decimalSeparator && /[0-9]/.test(text[i + 1] ?? ''))) {
      const r = NUMBER.exec(text);
      if (r) {
        const raw = r[0].replace(',', '.');
        tokens.push({ t: 'num', raw, value: Number(raw), pos: i, end: NUMBER.lastIndex });
        i = NUMBER.lastIndex;
        continue;
      }
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(text);
    if (id) {
      const end = IDENT.lastIndex;
      if (text[end] === '[') {
        BRACKET_NAME.lastIndex = end;
        const b = BRACKET_NAME.exec(text);
        if (!b) throw new FormulaSyntaxError(`a column reference is written ${id[0]}[Column]`, end, `un riferimento a una colonna si scrive ${id[0]}[Colonna]`);
        tokens.push({ t: 'colref', table: id[0], value: b[1]!, pos: i, end: BRACKET_NAME.lastIndex });
        i = BRACKET_NAME.lastIndex;
        continue;
      }
      tokens.push({ t: 'ident', value: id[0], pos: i, end });
      i = end;
      continue;
    }
    if (c === '(') tokens.push({ t: 'lparen', pos: i, end: i + 1 });
    else if (c === ')') tokens.push({ t: 'rparen', pos: i, end: i + 1 });
    else if (c === options.argSeparator) tokens.push({ t: 'sep', pos: i, end: i + 1 });
    else {
      const two = text.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>') {
        tokens.push({ t: 'op', value: two, pos: i, end: i + 2 });
        i += 2;
        continue;
      }
      if ('+-*/^&=<>%'.includes(c)) tokens.push({ t: 'op', value: c, pos: i, end: i + 1 });
      else if (c === ',' || c === ';')
        throw new FormulaSyntaxError(`unexpected "${c}": arguments are separated by "${options.argSeparator}"`, i, `"${c}" inatteso: gli argomenti si separano con "${options.argSeparator}"`);
      else throw new FormulaSyntaxError(`unexpected character "${c}"`, i, `carattere inatteso "${c}"`);
    }
    i++;
  }
  tokens.push({ t: 'eof', pos: text.length, end: text.length });
  return tokens;
}

const COMPARISON = new Set(['=', '<>', '<', '>', '<=', '>=']);

/**
 * Parses a plan formula ("=..." or the bare expression) into a tree. Excel precedence: comparison < & < + - < * / < ^
 * < unary minus < percent. Throws FormulaSyntaxError with the offset (into the text as given, "=" included).
 */
export function parseFormula(formula: string, options: ParseOptions = {}): Node {
  const opts: Required<ParseOptions> = {
    argSeparator: options.argSeparator ?? ',',
    decimalSeparator: options.decimalSeparator ?? '.',
  };
  const offset = formula.startsWith('=') ? 1 : 0;
  const tokens = tokenize(formula.slice(offset), opts).map((t) => ({ ...t, pos: t.pos + offset, end: t.end + offset }));
  let p = 0;
  const peek = (): Tok => tokens[p]!;
  const next = (): Tok => tokens[p++]!;

  /** The next token, which must be `t`; `what` names it in English, `it` is the Italian sentence when it is missing. */
  const expect = (t: Tok['t'], what: string, it: string): Tok => {
    const tok = next();
    if (tok.t !== t) throw new FormulaSyntaxError(`expected ${what}`, tok.pos, it);
    return tok;
  };

  function binary(level: number): Node {
    const levels: Array<(op: string) => boolean> = [
      (op) => COMPARISON.has(op),
      (op) => op === '&',
      (op) => op === '+' || op === '-',
      (op) => op === '*' || op === '/',
      (op) => op === '^',
    ];
    if (level >= levels.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const tok = peek();
      if (tok.t !== 'op' || !levels[level]!(tok.value)) return left;
      next();
      const right = binary(level + 1);
      left = { k: 'binary', op: tok.value as BinaryOp, left, right, start: left.start, end: right.end };
    }
  }

  function unary(): Node {
    const tok = peek();
    if (tok.t === 'op' && (tok.value === '-' || tok.value === '+')) {
      next();
      const arg = unary();
      return { k: 'unary', op: tok.value, arg, start: tok.pos, end: arg.end };
    }
    return postfix();
  }

  function postfix(): Node {
    let node = primary();
    while (peek().t === 'op' && (peek() as { value: string }).value === '%') {
      const tok = next();
      node = { k: 'percent', arg: node, start: node.start, end: tok.end };
    }
    return node;
  }

  function primary(): Node {
    const tok = next();
    switch (tok.t) {
      case 'num':
        return { k: 'num', value: tok.value, raw: tok.raw, start: tok.pos, end: tok.end };
      case 'str':
        return { k: 'str', value: tok.value, start: tok.pos, end: tok.end };
      case 'rowref':
        return { k: 'row', name: tok.value, start: tok.pos, end: tok.end };
      case 'colref':
        return { k: 'col', table: tok.table, name: tok.value, start: tok.pos, end: tok.end };
      case 'lparen': {
        const inner = binary(0);
        expect('rparen', 'a closing ")"', 'manca una ")" di chiusura');
        return { ...inner, start: tok.pos, end: tokens[p - 1]!.end };
      }
      case 'ident': {
        if (peek().t === 'lparen') {
          next();
          const args: Node[] = [];
          if (peek().t !== 'rparen') {
            for (;;) {
              args.push(binary(0));
              if (peek().t === 'sep') {
                next();
                continue;
              }
              break;
            }
          }
          const close = expect('rparen', `a closing ")" for ${tok.value}(`, `manca la ")" che chiude ${tok.value}(`);
          return { k: 'call', fn: tok.value.toUpperCase(), args, start: tok.pos, end: close.end };
        }
        const upper = tok.value.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { k: 'bool', value: upper === 'TRUE', start: tok.pos, end: tok.end };
        return { k: 'name', name: tok.value, start: tok.pos, end: tok.end };
      }
      case 'eof':
        throw new FormulaSyntaxError('the formula ends too early', tok.pos, 'la formula finisce troppo presto');
      default:
        throw new FormulaSyntaxError('unexpected symbol', tok.pos, 'simbolo inatteso');
    }
  }

  const root = binary(0);
  const rest = peek();
  if (rest.t !== 'eof') throw new FormulaSyntaxError('unexpected symbol after the end of the expression', rest.pos, "simbolo inatteso dopo la fine dell'espressione");
  return root;
}
