/**
 * What a caller works out once per shape of record (the list of its own enumerable keys, in order), such as where
 * each declared field sits in `Object.values(record)`. Records of one extract come in a few shapes (an optional field
 * there or not), often alternating record by record: the bench's 200,000 contracts have three, and change shape
 * 110,473 times, so remembering only the last shape worked each one out again every other record.
 */
export class RecordShapes<T> {
  private readonly known: Array<{ keys: readonly string[]; value: T }> = [];

  /** `make` works out a shape's value; at most `most` shapes are kept (a table of free-form records would grow it). */
  constructor(
    private readonly make: (keys: readonly string[]) => T,
    private readonly most = 8,
  ) {}

  /** The value of the shape `keys` has, worked out on first sight. */
  of(keys: readonly string[]): T {
    for (const shape of this.known) if (sameKeys(shape.keys, keys)) return shape.value;
    const value = this.make(keys);
    if (this.known.length === this.most) this.known.pop();
    this.known.unshift({ keys, value });
    return value;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}
