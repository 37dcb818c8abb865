// @provvigo/adapter-billing: service-state events from billing exports and signed webhooks → Provvigo facts.
export {
  ServiceEventTypeSchema,
  BillingMappingSchema,
  RuleSchema,
  BillingFileFormatSchema,
  DateFormatSchema,
  parseBillingMapping,
  parseEventDate,
  mapEvent,
  readSourcePath,
} from './mapping.js';
export type { ServiceEventType, BillingMapping, BillingMappingInput, BillingFileFormat, DateFormat, MappedEvent } from './mapping.js';
export {
  stripeVerifier,
  standardWebhooksVerifier,
  hmacHexVerifier,
  basicAuthVerifier,
  signStripe,
  signStandardWebhook,
  safeEqual,
} from './verify.js';
export type { Verifier, Verification, SignedRequest } from './verify.js';
export { createWebhookHandler, startWebhookServer } from './receiver.js';
export type { WebhookRequest, WebhookResponse, WebhookHandlerOptions, WebhookServer, WebhookServerOptions } from './receiver.js';
export { importFile, importReconciles, FileImportError } from './file-import.js';
export type { ImportReport, ImportProgress } from './file-import.js';
export {
  BILLING_MIGRATIONS,
  migrateBilling,
  storeInInbox,
  processInbox,
  eventIdOf,
  recordRejection,
  batchOutcome,
  requeueEvents,
  loadServiceEvents,
  listBillingQuarantine,
} from './store.js';
export type { ProcessCounts, BillingQuarantineEntry } from './store.js';
