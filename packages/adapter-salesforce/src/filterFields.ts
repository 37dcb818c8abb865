import type { FieldUse } from './distantParents.js';
import type { Filter, ObjectMapping } from './mapping.js';

/** The field paths a filter compares, in order, each once. */
export function filterFields(filter: Filter | undefined): string[] {
  if (!filter) return [];
  if ('all' in filter) return [...new Set(filter.all.flatMap(filterFields))];
  if ('any' in filter) return [...new Set(filter.any.flatMap(filterFields))];
  if ('not' in filter) return filterFields(filter.not);
  return [filter.field];
}

/** Every field the mapping reads, once per use: the filter's, then each column's. */
export function fieldUses(mapping: Pick<ObjectMapping, 'filter' | 'columns'>): FieldUse[] {
  const uses: FieldUse[] = filterFields(mapping.filter).map((field) => ({ field }));
  for (const [column, spec] of Object.entries(mapping.columns)) uses.push({ field: spec.field, column });
  return uses;
}
