/**
 * The entry `key` of a configuration record, or undefined: own entries only. Partner ids and payout components are
 * the caller's names, and a plain `record[key]` would also find Object.prototype's members (`constructor`,
 * `toString`, `__proto__`) and take them for a supplier, G/L account or cost centre.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
