/**
 * Own-property reads of objects keyed by names that come from the user: fact records read by the columns a fact
 * schema declares, fact tables by table name, overrides by partner id, fiscal tables by id. A plain `obj[name]` also
 * finds what the object inherits, so a record without a `toString` column would read Object.prototype's method
 * instead of having no value. (For declarations that never change after parsing, see `plan/declared.ts`.)
 *
 * Small enough for V8 to inline: it allocates nothing, and costs one own-property lookup beside the read.
 */

/** `obj[key]` when `key` is an own property of `obj`, else undefined (never an inherited member). */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
