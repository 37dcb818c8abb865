import { describe, expect, it } from 'vitest';
import { BillingMappingSchema, mapEvent } from '../src/mapping.js';
import { stripeMapping } from '../src/testing/index.js';

/**
 * Stripe invoices do not inherit the subscription's metadata: an invoice's own `metadata` is empty unless set on the
 * invoice. The subscription's metadata is copied to `subscription_details.metadata` (API versions up to
 * 2025-02-24.acacia) and to `parent.subscription_details.metadata` (2025-03-31.basil and later).
 */
describe('Stripe mapping reads subscription metadata where each API version puts it', () => {
  const mapping = BillingMappingSchema.parse(stripeMapping());
  const invoicePaid = (apiVersion: string, object: Record<string, unknown>) => ({
    id: 'evt_1',
    api_version: apiVersion,
    created: 1_795_000_000,
    type: 'invoice.paid',
    data: { object: { object: 'invoice', billing_reason: 'subscription_create', metadata: {}, ...object } },
  });
  const meta = { contract_id: '8007Q0000FMI2SBAAA', partner_id: 'AGY-0001' };
  it('acacia and older: data.object.subscription_details.metadata', () => {
    expect(mapEvent(mapping, invoicePaid('2024-06-20', { subscription_details: { metadata: meta } }), 'evt_1')).toMatchObject({
      kind: 'fact', type: 'first_invoice_paid', subject: '8007Q0000FMI2SBAAA', partner: 'AGY-0001',
    });
  });
  it('basil and later: data.object.parent.subscription_details.metadata', () => {
    const parent = { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: meta } };
    expect(mapEvent(mapping, invoicePaid('2025-03-31.basil', { parent }), 'evt_1')).toMatchObject({
      kind: 'fact', subject: '8007Q0000FMI2SBAAA', partner: 'AGY-0001',
    });
  });
  it('subscription events keep reading the subscription object’s own metadata', () => {
    const evt = { id: 'evt_2', created: 1_795_000_000, type: 'customer.subscription.created', data: { object: { object: 'subscription', status: 'active', metadata: meta } } };
    expect(mapEvent(mapping, evt, 'evt_2')).toMatchObject({ kind: 'fact', type: 'activated', subject: '8007Q0000FMI2SBAAA' });
  });
});
