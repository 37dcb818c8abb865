import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustmentsFor, keyLines } from '../src/index.js';
import { line, statement } from './ledger-fixtures.js';

// Two lines of one payout from one source record share a line key (a line sheet that lists a record twice). Core
// books their corrections under `key`, `key#2`… in line-id order, and a reader of an approved run (the store's
// question corrections) finds the line an adjustment corrects by the same numbering: the two must agree, whatever the
// order the lines were stored in.
const KEY = 'energy|commission|salesforce/contracts/C1';

describe('repeated line keys', () => {
  it('are numbered in line-id order, whatever the order of the lines', () => {
    const a = line({ id: 'L-a', partnerId: 'P1', period: '2026-10', amount: '10.00', sourceId: 'C1' });
    const b = line({ id: 'L-b', partnerId: 'P1', period: '2026-10', amount: '20.00', sourceId: 'C1' });
    const c = line({ id: 'L-c', partnerId: 'P1', period: '2026-10', amount: '30.00', sourceId: 'C1' });
    for (const order of [[a, b, c], [c, b, a], [b, c, a]]) {
      expect([...keyLines(order)].map(([k, l]) => [k, l.id])).toEqual([
        [KEY, 'L-a'],
        [`${KEY}#2`, 'L-b'],
        [`${KEY}#3`, 'L-c'],
      ]);
    }
  });

  it("an adjustment of the second of two such lines names the key that finds that line in the approved run", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: -5_000, max: 5_000 }).filter((d) => d !== 0),
        fc.boolean(),
        (first, second, change, reversed) => {
          const cents = (n: number) => (n / 100).toFixed(2);
          const made = (amounts: [number, number]) => {
            const lines = amounts.map((n, i) => line({ id: `L-${i + 1}`, partnerId: 'P1', period: '2026-10', amount: cents(n), sourceId: 'C1' }));
            // stored in either order: the numbering must not depend on it
            return statement('P1', '2026-10', reversed ? lines.reverse() : lines);
          };
          const approved = made([first, second]);
          const [adjustment, ...more] = adjustmentsFor([approved], [made([first, second + change])]);
          expect(more).toEqual([]);
          expect(adjustment!.lineKey).toBe(`${KEY}#2`);
          // the approved line the adjustment corrects, found as a reader finds it: by the key, in the approved run
          const corrected = keyLines(approved.lines).get(adjustment!.lineKey)!;
          expect(corrected.id).toBe('L-2');
          expect(adjustment!.previousAmount).toBe(cents(second));
          expect(adjustment!.newAmount).toBe(cents(second + change));
          expect(adjustment!.previousLineId).toBe(corrected.id);
        },
      ),
      { seed: 20261208, numRuns: 300 },
    );
  });
});
