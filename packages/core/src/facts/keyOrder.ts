/**
 * A fact table's records in key order: the order the run's input hash writes them in (`engine/factBytes.ts`), and the
 * order a partner's records are computed in. A run works it out once per table (`KeyOrders`) and both use it: the
 * checks then find repeated keys as neighbours instead of putting every key in a set, and hand each partner its
 * records already sorted instead of sorting them again per partner. On the bench's 200,000 contracts the set and the
 * per-partner sorts took about 190 ms a run, the order 110 ms, which the input hash spent anyway.
 */
import { canonicalJson } from '../hash.js';
import { isObject } from './checkRecord.js';
import { ownValue } from '../ownValue.js';

export interface KeyOrder {
  /** Record i's key as text: '' for a record without one, or that is not an object. */
  keys: string[];
  /** The records' positions ordered by (key, canonical JSON): the same order whatever order the records come in. */
  order: number[];
}

/** The key order of `records`, keyed by the field `key` (no key: every record's key is ''). */
export function keyOrder(records: readonly unknown[], key: string | undefined): KeyOrder {
  const n = records.length;
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i];
    // own fields only: a record without a key column named `toString` has no key, not Object.prototype's method
    keys[i] = key && isObject(r) ? String(ownValue(r, key) ?? '') : '';
  }
  // A record's canonical JSON is only computed to order records with the same key.
  const json = new Map<number, string>();
  const jsonOf = (i: number): string => {
    let j = json.get(i);
    if (j === undefined) json.set(i, (j = canonicalJson(records[i])));
    return j;
  };
  const compare = (a: number, b: number): number => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ja = jsonOf(a);
    const jb = jsonOf(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  };
  // Array.prototype.sort is a TimSort: records already in key order cost n − 1 compares. A radix sort of the bench's
  // ids took 62–66 ms against this sort's 105–112 (2026-12-06): not worth a sort of our own.
  return { keys, order: Array.from({ length: n }, (_, i) => i).sort(compare) };
}

/** Per record, 1 when no other record of the table has its key: such a record cannot repeat another's key. */
export function uniqueKeys({ keys, order }: KeyOrder): Uint8Array {
  const n = order.length;
  const unique = new Uint8Array(n);
  for (let x = 0; x < n; x++) {
    const k = keys[order[x]!];
    if ((x === 0 || keys[order[x - 1]!] !== k) && (x === n - 1 || keys[order[x + 1]!] !== k)) unique[order[x]!] = 1;
  }
  return unique;
}

/**
 * One run's key orders, each worked out on first use, for the key field asked (the input hash reads the key from the
 * fact schema as given, the checks from the schema parsed; they name the same field).
 */
export class KeyOrders {
  private readonly known = new Map<string, { key: string | undefined; order: KeyOrder }>();

  constructor(private readonly facts: Readonly<Record<string, readonly unknown[]>>) {}

  of(table: string, key: string | undefined): KeyOrder {
    const known = this.known.get(table);
    if (known && known.key === key) return known.order;
    const order = keyOrder(ownValue(this.facts, table) ?? [], key);
    this.known.set(table, { key, order });
    return order;
  }

  /** Lets the orders go (a million records' keys and positions are 16 MB): once the checks are done, none is read. */
  clear(): void {
    this.known.clear();
  }
}
