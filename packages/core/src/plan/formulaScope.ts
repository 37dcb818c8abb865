/**
 * What a formula can see besides its plan's own sheets, parameters and tables:
 * - `Partner[field]`: a field of the partner the statement is for — `id`, `name`, `kind`, `territory`, `parent`,
 *   `language`, `fiscalProfile`, or an attribute the fact schema declares under `partnerAttributes`. It is written
 *   like a column of a one-row table named `Partner` (so `Partner` is reserved as a sheet or table name). The
 *   analysis turns it into a per-partner input named `Partner[field]`, read like a parameter.
 * - `PAYOUTS()`: the sum of the plan's other payouts for the partner. Expanded at analysis into `SUM` of those payouts'
 *   cells and columns, leaving out every payout that depends on the formula itself (so a cap can read it without a
 *   cycle); a payout added later is included without editing the formula.
 */
import type { Node } from '../formula/ast.js';
import type { ValueKind } from '../formula/functions.js';
import type { FactSchema } from '../schema/facts.js';
import type { Partner } from '../schema/partner.js';
import { declared } from './declared.js';
import { ownValue } from '../ownValue.js';

export const PARTNER_TABLE = 'Partner';

/** Fields every partner has, all text. */
const PARTNER_FIELDS = new Set(['id', 'name', 'kind', 'territory', 'parent', 'language', 'fiscalProfile']);

const NAME = /^Partner\[(.+)\]$/;

/** The field of a `Partner[field]` input name, or undefined. */
export function partnerFieldOf(name: string): string | undefined {
  return NAME.exec(name)?.[1];
}

/** Rewrites `Partner[field]` references into per-partner inputs (name nodes named `Partner[field]`). */
export function partnerRefsAsNames(node: Node): Node {
  switch (node.k) {
    case 'col':
      return node.table === PARTNER_TABLE ? { k: 'name', name: `${PARTNER_TABLE}[${node.name}]`, start: node.start, end: node.end } : node;
    case 'call':
      return { ...node, args: node.args.map(partnerRefsAsNames) };
    case 'unary':
    case 'percent':
      return { ...node, arg: partnerRefsAsNames(node.arg) };
    case 'binary':
      return { ...node, left: partnerRefsAsNames(node.left), right: partnerRefsAsNames(node.right) };
    default:
      return node;
  }
}

/** The value kind of a partner field, or undefined when the partner has no such field (declared attributes only). */
export function partnerFieldKind(field: string, factSchema: FactSchema | undefined): ValueKind | undefined {
  if (PARTNER_FIELDS.has(field)) return 'text';
  if (!factSchema) return 'any';
  const attr = declared(factSchema.partnerAttributes, field);
  if (!attr) return undefined;
  return attr.type === 'text' ? 'text' : attr.type === 'boolean' ? 'boolean' : 'number';
}

/** The raw value of a partner field for a partner (null when blank). */
export function partnerFieldValue(partner: Partner, field: string): string | number | boolean | null {
  if (PARTNER_FIELDS.has(field)) {
    const v = (partner as unknown as Record<string, unknown>)[field];
    return typeof v === 'string' && v !== '' ? v : null;
  }
  const attrs = partner.attributes ?? {};
  const v = ownValue(attrs, field);
  return v === undefined || v === '' ? null : (v as string | number | boolean | null);
}

/** Whether a tree calls PAYOUTS(). */
export function callsPayouts(node: Node): boolean {
  switch (node.k) {
    case 'call':
      return node.fn === 'PAYOUTS' || node.args.some(callsPayouts);
    case 'unary':
    case 'percent':
      return callsPayouts(node.arg);
    case 'binary':
      return callsPayouts(node.left) || callsPayouts(node.right);
    default:
      return false;
  }
}

/** A payout's cell, as a reference a summary formula can sum: `Sheet[column]` or the cell's name. */
export interface PayoutRef {
  sheet: string;
  column?: string;
  cell?: string;
}

/** Replaces every PAYOUTS() with the sum of `payouts` (0 when there are none); returns the new tree. */
export function expandPayouts(node: Node, payouts: readonly PayoutRef[]): Node {
  switch (node.k) {
    case 'call': {
      if (node.fn === 'PAYOUTS') {
        const at = { start: node.start, end: node.end };
        if (payouts.length === 0) return { k: 'num', value: 0, raw: '0', ...at };
        const args: Node[] = payouts.map((p) => (p.column !== undefined ? { k: 'col', table: p.sheet, name: p.column, ...at } : { k: 'name', name: p.cell!, ...at }));
        return { k: 'call', fn: 'SUM', args, ...at };
      }
      return { ...node, args: node.args.map((a) => expandPayouts(a, payouts)) };
    }
    case 'unary':
    case 'percent':
      return { ...node, arg: expandPayouts(node.arg, payouts) };
    case 'binary':
      return { ...node, left: expandPayouts(node.left, payouts), right: expandPayouts(node.right, payouts) };
    default:
      return node;
  }
}
