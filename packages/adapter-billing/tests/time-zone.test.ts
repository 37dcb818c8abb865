import { describe, expect, it } from 'vitest';
import { BillingMappingSchema, mapEvent, parseEventDate } from '../src/mapping.js';
import { middlewareWebhookMapping } from '../src/testing/index.js';

/**
 * Instants become calendar dates in the mapping's IANA zone (Europe/Rome by default). Expected dates are worked out
 * by hand from the EU rule (summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October: +02:00 inside, +01:00 outside). In 2026 those Sundays are 29 March and 25 October.
 */
describe('instants → dates in Europe/Rome, DST-correct', () => {
  const rome = (instant: string) => parseEventDate(instant, 'iso', 'Europe/Rome');
  it('spring-forward night (29 March 2026)', () => {
    expect(rome('2026-03-28T22:59:59Z')).toBe('2026-03-28'); // 23:59:59 +01:00
    expect(rome('2026-03-28T23:00:00Z')).toBe('2026-03-29'); // 00:00 +01:00
    expect(rome('2026-03-29T00:59:59Z')).toBe('2026-03-29'); // 01:59:59 +01:00, the last second before the jump
    expect(rome('2026-03-29T01:00:00Z')).toBe('2026-03-29'); // 03:00 +02:00
    expect(rome('2026-03-29T21:59:59Z')).toBe('2026-03-29'); // 23:59:59 +02:00
    expect(rome('2026-03-29T22:00:00Z')).toBe('2026-03-30'); // 00:00 +02:00: with a fixed +01:00 this was still the 29th
  });
  it('fall-back night (25 October 2026)', () => {
    expect(rome('2026-10-24T21:59:59Z')).toBe('2026-10-24'); // 23:59:59 +02:00
    expect(rome('2026-10-24T22:00:00Z')).toBe('2026-10-25'); // 00:00 +02:00: a fixed +01:00 said the 24th
    expect(rome('2026-10-25T00:59:59Z')).toBe('2026-10-25'); // 02:59:59 +02:00 (first pass)
    expect(rome('2026-10-25T01:00:00Z')).toBe('2026-10-25'); // 02:00 +01:00 (second pass)
    expect(rome('2026-10-25T22:59:59Z')).toBe('2026-10-25'); // 23:59:59 +01:00
    expect(rome('2026-10-25T23:00:00Z')).toBe('2026-10-26');
  });
  it('month ends in summer and winter land in the right commission period', () => {
    expect(rome('2026-06-30T22:30:00Z')).toBe('2026-07-01'); // 00:30 +02:00
    expect(rome('2026-06-30T21:59:59Z')).toBe('2026-06-30');
    expect(rome('2026-09-30T23:15:00+00:00')).toBe('2026-10-01');
    expect(rome('2026-01-31T23:00:00Z')).toBe('2026-02-01'); // 00:00 +01:00
    expect(rome('2026-01-31T22:59:59Z')).toBe('2026-01-31');
    expect(rome('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    // an instant with its own offset is converted, not taken at face value
    expect(rome('2026-07-31T23:30:00-0500')).toBe('2026-08-01'); // 04:30Z on 1 Aug → 06:30 +02:00
  });
  it('unix seconds and milliseconds too; dates without time are taken as given', () => {
    // 2026-10-24T22:30:00Z = 1_792_881_000 s (20,750 days × 86,400 + 81,000 s)
    expect(parseEventDate(1_792_881_000, 'unix', 'Europe/Rome')).toBe('2026-10-25');
    expect(parseEventDate('1792881000000', 'unix-ms', 'Europe/Rome')).toBe('2026-10-25');
    expect(parseEventDate(1_792_881_000, 'unix', 'UTC')).toBe('2026-10-24');
    expect(parseEventDate('2026-10-31', 'iso', 'Europe/Rome')).toBe('2026-10-31');
  });
  it('the zone is Europe/Rome by default, configurable, and validated', () => {
    const base = middlewareWebhookMapping();
    expect(BillingMappingSchema.parse(base).timeZone).toBe('Europe/Rome');
    expect(BillingMappingSchema.parse({ ...base, timeZone: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(BillingMappingSchema.safeParse({ ...base, timeZone: 'Europe/Atlantis' }).success).toBe(false);
    const mapping = BillingMappingSchema.parse({ ...base, timeZone: 'America/New_York' });
    const evt = { type: 'contract.activated', occurredAt: '2026-11-01T03:30:00Z', contract: { id: 'C1', partnerCode: 'AGT-1' } };
    expect(mapEvent(mapping, evt, 'e1')).toMatchObject({ kind: 'fact', date: '2026-10-31' }); // 23:30 EDT
  });
});
