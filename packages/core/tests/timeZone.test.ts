import { describe, expect, it } from 'vitest';
import { calendarDateIn, isTimeZone } from '../src/index.js';

// Expected days worked out from the EU rule: clocks move at 01:00 UTC on the last Sunday of March (to +02:00) and of
// October (back to +01:00); Europe/Rome is +01:00 in winter.
describe('calendarDateIn', () => {
  it('gives the day an instant falls on in the zone, daylight saving applied', () => {
    const at = (iso: string) => Date.parse(iso);
    // winter, +01:00: 23:30 UTC on 31 October 2026 (after the change on the 25th) is 00:30 on 1 November in Rome
    expect(calendarDateIn('Europe/Rome', at('2026-10-31T23:30:00Z'))).toBe('2026-11-01');
    expect(calendarDateIn('UTC', at('2026-10-31T23:30:00Z'))).toBe('2026-10-31');
    // summer, +02:00: 22:30 UTC on 30 June is 00:30 on 1 July; 21:59 UTC is still 30 June
    expect(calendarDateIn('Europe/Rome', at('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(calendarDateIn('Europe/Rome', at('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    // 29 March 2026, the change to summer time: 22:30 UTC is 00:30 on the 30th (+02:00), and 22:30 UTC the day
    // before is 23:30 on the 28th (+01:00)
    expect(calendarDateIn('Europe/Rome', at('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(calendarDateIn('Europe/Rome', at('2026-03-28T22:30:00Z'))).toBe('2026-03-28');
    expect(calendarDateIn('Europe/Rome', Number.NaN)).toBeUndefined();
  });
});

describe('isTimeZone', () => {
  it('knows IANA names, refuses unknown names and bare offsets (no daylight saving)', () => {
    expect(['Europe/Rome', 'UTC', 'America/New_York'].map(isTimeZone)).toEqual([true, true, true]);
    expect(['Europe/Roma', '', '+01:00', '-05:00', '\u221201:00'].map(isTimeZone)).toEqual([false, false, false, false, false]);
  });
});
