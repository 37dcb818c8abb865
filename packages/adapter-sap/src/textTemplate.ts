import { ownValue } from '@provvigo/core';

/**
 * The integrator's text templates (`headerText`, `itemText`, `supplierLineText`, the accruals' `headerText`):
 * `{name}` is replaced by the variable of that name, an unknown `{name}` stays as written, and the text is cut to the
 * SAP field's length. Variables are read as own entries only: `{constructor}` or `{toString}` is text to keep, not
 * Object.prototype's function written into a posting.
 */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>, limit: number): string {
  const text = template.replace(/\{(\w+)\}/g, (m, k: string) => ownValue(vars, k) ?? m);
  return text.length > limit ? text.slice(0, limit) : text;
}
