// @provvigo/adapter-billing/testing: example mappings and signed-request builders for tests of receivers and imports.
import type { BillingMappingInput } from '../mapping.js';
import { signStandardWebhook, signStripe } from '../verify.js';

export { signStripe, signStandardWebhook };

/**
 * A utility billing export (SAP IS-U style extract, Italian headers, `;` delimiter, dd/MM/yyyy dates) mapped to the
 * sample's `serviceEvents` table. Meter readings (LETTURA) have no rule: they are recorded as ignored.
 */
export function utilityExportMapping(): BillingMappingInput {
  return {
    source: 'isu-export',
    table: 'serviceEvents',
    fields: {
      eventId: 'ID_EVENTO',
      eventType: 'TIPO_EVENTO',
      occurredAt: 'DATA_EVENTO',
      contractRef: 'CONTRATTO',
      partnerRef: 'CODICE_PARTNER',
    },
    dateFormat: 'dd/MM/yyyy',
    rules: [
      { when: { TIPO_EVENTO: ['ATTIVAZIONE', 'INIZIO_FORNITURA'] }, type: 'activated' },
      { when: { TIPO_EVENTO: 'PRIMA_FATTURA_PAGATA' }, type: 'first_invoice_paid' },
      { when: { TIPO_EVENTO: ['CESSAZIONE', 'RECESSO'] }, type: 'terminated' },
      { when: { TIPO_EVENTO: 'SWITCH_OUT' }, type: 'switched_out' },
      { when: { TIPO_EVENTO: 'CONSEGNA_EE' }, type: 'ee_order_delivered' },
    ],
    file: { kind: 'csv', delimiter: ';', encoding: 'utf-8' },
  };
}

/** Middleware (e.g. SAP CPI) pushing JSON events signed the Standard Webhooks way. */
export function middlewareWebhookMapping(): BillingMappingInput {
  return {
    source: 'cpi',
    fields: { eventType: 'type', occurredAt: 'occurredAt', contractRef: 'contract.id', partnerRef: 'contract.partnerCode' },
    dateFormat: 'iso',
    timeZone: 'Europe/Rome',
    rules: [
      { when: { type: 'contract.activated' }, type: 'activated' },
      { when: { type: 'invoice.first_paid' }, type: 'first_invoice_paid' },
      { when: { type: 'contract.terminated' }, type: 'terminated' },
      { when: { type: 'contract.switched_out' }, type: 'switched_out' },
      { when: { type: 'ee_order.delivered' }, type: 'ee_order_delivered' },
    ],
  };
}

/**
 * Stripe events: subscription created → activated, the first invoice paid, subscription deleted → terminated.
 * Works with every API version: subscription events carry the subscription's own `metadata`; invoices do not
 * inherit it, and Stripe copies it to `subscription_details.metadata` (up to 2025-02-24.acacia) or to
 * `parent.subscription_details.metadata` (2025-03-31.basil and later). Paths are tried in order.
 */
export function stripeMapping(): BillingMappingInput {
  return {
    source: 'stripe',
    fields: {
      eventId: 'id',
      eventType: 'type',
      occurredAt: 'created',
      contractRef: [
        'data.object.metadata.contract_id',
        'data.object.parent.subscription_details.metadata.contract_id',
        'data.object.subscription_details.metadata.contract_id',
      ],
      partnerRef: [
        'data.object.metadata.partner_id',
        'data.object.parent.subscription_details.metadata.partner_id',
        'data.object.subscription_details.metadata.partner_id',
      ],
    },
    dateFormat: 'unix',
    rules: [
      { when: { type: 'customer.subscription.created', 'data.object.status': 'active' }, type: 'activated' },
      { when: { type: 'invoice.paid', 'data.object.billing_reason': 'subscription_create' }, type: 'first_invoice_paid' },
      { when: { type: 'customer.subscription.deleted' }, type: 'terminated' },
    ],
  };
}
