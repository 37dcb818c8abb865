import type { ValueKind } from '../formula/functions.js';
import type { ValueType } from '../schema/common.js';

/** The formula value kind of a declared column or parameter type. */
export function kindOfType(type: ValueType): ValueKind {
  if (type === 'text') return 'text';
  if (type === 'boolean') return 'boolean';
  return 'number';
}
