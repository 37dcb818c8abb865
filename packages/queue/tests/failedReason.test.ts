// A failed partition's reason crosses BullMQ as one text (its failedReason) and is read back in both languages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failedReasonText, readFailedReason } from '../src/failedReason.js';

describe('a failed partition reason through BullMQ', () => {
  it('reads back both texts a worker wrote, whatever they hold (line breaks included)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (en, it) => {
        fc.pre(!en.includes('\n[it] '));
        const back = readFailedReason(failedReasonText({ en, it }));
        expect(back).toEqual({ en, it: it === en ? en : it });
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });

  it('keeps the English first and whole, so a dashboard showing the raw text reads it', () => {
    expect(failedReasonText({ en: 'partition 2 of run r: bad', it: "partizione 2 dell'esecuzione r: errata" })).toBe("partition 2 of run r: bad\n[it] partizione 2 dell'esecuzione r: errata");
    expect(failedReasonText({ en: 'same', it: 'same' })).toBe('same');
  });

  it("words BullMQ's own reasons in Italian, and reads any other unmarked text as both languages", () => {
    expect(readFailedReason('job stalled more than allowable limit')).toEqual({
      en: 'job stalled more than allowable limit',
      it: 'il job si è bloccato più volte del consentito (il worker che lo calcolava si è fermato)',
    });
    expect(readFailedReason('job started more than allowable limit').it).toBe('il job è stato avviato più volte del consentito');
    expect(readFailedReason('Out of memory')).toEqual({ en: 'Out of memory', it: 'Out of memory' });
  });
});
