import type { Filter } from './mapping.js';

/** The field paths a filter compares, in order, each once. */
export function filterFields(filter: Filter | undefined): string[] {
  if (!filter) return [];
  if ('all' in filter) return [...new Set(filter.all.flatMap(filterFields))];
  if ('any' in filter) return [...new Set(filter.any.flatMap(filterFields))];
  if ('not' in filter) return filterFields(filter.not);
  return [filter.field];
}
