import type { BinaryOp, Node } from './ast.js';

const PRECEDENCE: Record<BinaryOp, number> = {
  '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1,
  '&': 2,
  '+': 3, '-': 3,
  '*': 4, '/': 4,
  '^': 5,
};

export interface RenderHooks {
  /** Replaces a node's rendering entirely; return undefined to render it normally. */
  node?: (node: Node, render: (n: Node) => string) => string | undefined;
  /** Function name as printed (e.g. the Italian name). */
  fn?: (name: string) => string;
  argSeparator?: string;
  decimalSeparator?: string;
}

function precedence(node: Node): number {
  if (node.k === 'binary') return PRECEDENCE[node.op];
  if (node.k === 'unary') return 6;
  if (node.k === 'percent') return 7;
  return 8;
}

/** Prints a formula tree back to text (without the leading "="), adding only the parentheses precedence needs. */
export function renderFormula(root: Node, hooks: RenderHooks = {}): string {
  const sep = hooks.argSeparator ?? ',';
  const render = (node: Node): string => {
    const custom = hooks.node?.(node, render);
    if (custom !== undefined) return custom;
    switch (node.k) {
      case 'num':
        return hooks.decimalSeparator === ',' ? node.raw.replace('.', ',') : node.raw;
      case 'str':
        return `"${node.value.replace(/"/g, '""')}"`;
      case 'bool':
        return node.value ? 'TRUE' : 'FALSE';
      case 'row':
        return `[@${node.name}]`;
      case 'col':
        return `${node.table}[${node.name}]`;
      case 'name':
        return node.name;
      case 'call':
        return `${hooks.fn ? hooks.fn(node.fn) : node.fn}(${node.args.map(render).join(`${sep} `)})`;
      case 'unary': {
        const inner = render(node.arg);
        return `${node.op}${precedence(node.arg) < 6 ? `(${inner})` : inner}`;
      }
      case 'percent': {
        const inner = render(node.arg);
        return `${precedence(node.arg) < 7 ? `(${inner})` : inner}%`;
      }
      case 'binary': {
        const p = PRECEDENCE[node.op];
        const l = render(node.left);
        const r = render(node.right);
        // Left-associative: the right side needs parentheses at equal precedence.
        const left = precedence(node.left) < p ? `(${l})` : l;
        const right = precedence(node.right) <= p ? `(${r})` : r;
        return `${left}${node.op}${right}`;
      }
    }
  };
  return render(root);
}
