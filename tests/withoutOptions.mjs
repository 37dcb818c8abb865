// Plain JavaScript, as an embedder without TypeScript writes it: every public function whose options object is
// required, called without it. tests/missingOptions.test.ts checks what each one says.
import { buildTotals, evaluate, evaluateStream } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { basicAuthVerifier, createWebhookHandler, hmacHexVerifier, standardWebhooksVerifier, stripeVerifier } from '@provvigo/adapter-billing';
import { syncObject, syncSalesforce } from '@provvigo/adapter-salesforce';
import { sendInvoices } from '@provvigo/documents';
import { evaluateOnQueue, startPartitionWorker } from '@provvigo/queue';

/** An empty but valid period: nothing to compute, so only the options decide whether a call fails. */
export const emptyInput = { period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' }, plans: [], partners: [], factSchema: { tables: {} }, facts: {} };

/** Each call without its options object, by the name of the function. */
export const calls = {
  buildTotals: () => buildTotals(),
  evaluateStream: () => evaluateStream(emptyInput, () => {}),
  hyperFormulaEngine: () => hyperFormulaEngine(),
  stripeVerifier: () => stripeVerifier(),
  standardWebhooksVerifier: () => standardWebhooksVerifier(),
  hmacHexVerifier: () => hmacHexVerifier(),
  basicAuthVerifier: () => basicAuthVerifier(),
  createWebhookHandler: () => createWebhookHandler(),
  syncObject: () => syncObject({}, {}),
  syncSalesforce: () => syncSalesforce({}),
  sendInvoices: () => sendInvoices([]),
  evaluateOnQueue: () => evaluateOnQueue(emptyInput),
  startPartitionWorker: () => startPartitionWorker(),
};

/** Calls with options that have sensible defaults: they must simply work. */
export const defaulted = {
  evaluate: () => evaluate(emptyInput),
};
