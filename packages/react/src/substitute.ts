import { tokenizeFormulaRefs, toLocalizedFormula } from '@provvigo/core';
import type { TraceCell } from '@provvigo/core';
import type { UiLocale } from './i18n.js';

function literal(value: TraceCell['value']): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(+value.toPrecision(15)) : undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * The formula of a trace cell with the values it read put in place of its references: `[@kWh]*Rate` →
 * `2700*0.012`. References whose value is a whole column (aggregates) stay as written.
 */
export function substituteValues(cell: Pick<TraceCell, 'formula' | 'inputs'>): string {
  const byName = new Map(cell.inputs.map((i) => [i.name.toUpperCase(), i.value]));
  return tokenizeFormulaRefs(cell.formula)
    .map((t) => {
      if (t.kind === 'rowRef') return literal(byName.get(t.column.toUpperCase()) ?? null) ?? t.text;
      if (t.kind === 'name') return byName.has(t.name.toUpperCase()) ? (literal(byName.get(t.name.toUpperCase())!) ?? t.text) : t.text;
      if (t.kind === 'structuredRef') {
        const v = byName.get(`${t.table}[${t.column}]`.toUpperCase());
        return v === undefined ? t.text : (literal(v) ?? t.text);
      }
      return t.text;
    })
    .join('');
}

/** A formula shown in the reader's language; falls back to the stored text when it cannot be translated. */
export function showFormula(formula: string, locale: UiLocale): string {
  try {
    return toLocalizedFormula(formula, locale);
  } catch {
    return formula;
  }
}
