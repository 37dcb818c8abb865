import { describe, expect, it } from 'vitest';
import { parseBillingMapping } from '../src/mapping.js';
import { middlewareWebhookMapping } from '../src/testing/index.js';

/**
 * A billing mapping is JSON keyed by the caller's names: source paths in a rule's `when` and source partner codes in
 * `partnerMap`. zod's record dropped a key `__proto__` without a word (a rule matched more events than written, a
 * partner code lost its translation); the file is refused at that key instead.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';
const MESSAGE_IT = '`__proto__` non può essere un nome qui: JavaScript lo riserva';
/** The refusal of a mapping with one defect at `path`, in English (`issues`) and in both languages (`messages`). */
const refused = (path: string) => ({ ok: false, issues: [`${path}: ${MESSAGE}`], messages: [{ en: `${path}: ${MESSAGE}`, it: `${path}: ${MESSAGE_IT}` }] });

/** `record` as JSON.parse reads it with an extra first member `"__proto__": value`. */
function withProto(record: object, value: unknown): Record<string, unknown> {
  const rest = JSON.stringify(record).slice(1, -1);
  return JSON.parse(`{"__proto__":${JSON.stringify(value)}${rest ? `,${rest}` : ''}}`) as Record<string, unknown>;
}

describe('billing mapping keys named __proto__', () => {
  it("refuses a rule's when.__proto__, naming it", () => {
    const mapping = middlewareWebhookMapping();
    const rules = [{ when: withProto({ type: 'contract.activated' }, 'x'), type: 'activated' }, ...mapping.rules.slice(1)];
    expect(parseBillingMapping({ ...mapping, rules })).toEqual(refused('rules.0.when.__proto__'));
  });

  it('refuses a partnerMap entry __proto__, naming it', () => {
    const r = parseBillingMapping({ ...middlewareWebhookMapping(), partnerMap: withProto({ 'AGT-1': 'AGY-0001' }, 'AGY-0002') });
    expect(r).toEqual(refused('partnerMap.__proto__'));
  });

  it('keeps partnerMap codes constructor and toString', () => {
    const r = parseBillingMapping({ ...middlewareWebhookMapping(), partnerMap: { constructor: 'AGY-0001', toString: 'AGY-0002' } });
    expect(r.ok && [...r.mapping.partnerMap!]).toEqual([['constructor', 'AGY-0001'], ['toString', 'AGY-0002']]);
  });
});
