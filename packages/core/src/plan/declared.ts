/**
 * Name resolution for plans: a name a formula or a plan field uses is looked up only among the names the plan (or
 * the fact schema) declares, through a Map built from the declared object's own entries. A plain `object[name]`
 * would also find JavaScript's built-ins (`[@__proto__]`, `[@constructor]`, `=valueOf` all "resolve" that way).
 */
const maps = new WeakMap<object, Map<string, unknown>>();

/** The declared entry `name` of a record of declarations (sheets, tables, columns…), or undefined. */
export function declared<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  if (!record) return undefined;
  let map = maps.get(record);
  if (!map) maps.set(record, (map = new Map(Object.entries(record))));
  return map.get(name) as T | undefined;
}
