/** The syntax tree of a plan formula. Positions are character offsets into the formula text (for inline errors). */
export type Node =
  | { k: 'num'; value: number; raw: string; start: number; end: number }
  | { k: 'str'; value: string; start: number; end: number }
  | { k: 'bool'; value: boolean; start: number; end: number }
  /** `[@col]`: the value of a column on this row (line sheets only). */
  | { k: 'row'; name: string; start: number; end: number }
  /** `Table[col]`: a whole column of a line sheet or lookup table (a range). */
  | { k: 'col'; table: string; name: string; start: number; end: number }
  /** A bare name: a parameter, a summary cell or a table. */
  | { k: 'name'; name: string; start: number; end: number }
  | { k: 'call'; fn: string; args: Node[]; start: number; end: number }
  | { k: 'unary'; op: '-' | '+'; arg: Node; start: number; end: number }
  | { k: 'percent'; arg: Node; start: number; end: number }
  | { k: 'binary'; op: BinaryOp; left: Node; right: Node; start: number; end: number };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';

/** Calls `visit` on every node of the tree, parents first. */
export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  switch (node.k) {
    case 'call':
      for (const a of node.args) walk(a, visit);
      break;
    case 'unary':
    case 'percent':
      walk(node.arg, visit);
      break;
    case 'binary':
      walk(node.left, visit);
      walk(node.right, visit);
      break;
    default:
      break;
  }
}
