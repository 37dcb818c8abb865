import { sortKeys } from '../issues.js';
import type { Issue } from '../schema/issue.js';

/**
 * A partner's rejected records as its statement lists them: addressed by table and record id (not by position in
 * the input, so the statement does not depend on record order), sorted.
 */
export function statementRejections(list: Issue[] | undefined): Issue[] {
  if (!list) return [];
  const byId = list.map((i) => sortKeys({ ...i, path: i.record ? ['facts', i.record.table, i.record.id, ...(i.field === undefined ? [] : [i.field])] : i.path }));
  const key = (i: Issue) => JSON.stringify([i.record?.table, i.record?.id, i.field, i.message]);
  return byId.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
