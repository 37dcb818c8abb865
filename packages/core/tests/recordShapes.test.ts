import { describe, expect, it } from 'vitest';
import { RecordShapes } from '../src/facts/recordShapes.js';

describe('RecordShapes', () => {
  it('works a shape out once, however the shapes alternate, and keeps at most `most` of them', () => {
    const made: string[] = [];
    const shapes = new RecordShapes((keys) => {
      made.push(keys.join(','));
      return keys.length;
    }, 2);
    const a = ['id', 'kWh'];
    const b = ['id', 'smc', 'x'];
    // equal lists of keys, not the same arrays: each record's Object.keys is a new one
    expect([a, b, [...a], [...b], [...a]].map((k) => shapes.of(k))).toEqual([2, 3, 2, 3, 2]);
    expect(made).toEqual(['id,kWh', 'id,smc,x']);
    shapes.of(['other']); // a third shape: the one made first (id,kWh) is let go
    shapes.of(['id', 'kWh']);
    expect(made).toEqual(['id,kWh', 'id,smc,x', 'other', 'id,kWh']);
    // same keys in another order are another shape
    shapes.of(['kWh', 'id']);
    expect(made.at(-1)).toBe('kWh,id');
  });
});
