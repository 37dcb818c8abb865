// @provvigo/adapter-salesforce: Salesforce records → Provvigo fact tables, incremental, validated, nothing lost.
export {
  SalesforceConfigSchema,
  ObjectMappingSchema,
  FieldMappingSchema,
  FilterSchema,
  AuthConfigSchema,
  SecretSchema,
  ApiVersionSchema,
  parseSalesforceConfig,
} from './mapping.js';
export type { SalesforceConfig, SalesforceConfigInput, ObjectMapping, FieldMapping, Filter, FilterValue, AuthConfig, Secret } from './mapping.js';
export { SalesforceClient, signJwtAssertion, resolveSecret, JWT_BEARER_GRANT, parseJsonBody, errorFromResponse } from './client.js';
export type { ClientOptions, ClientEvents, SfResponse } from './client.js';
export {
  SalesforceError,
  ConfigError,
  AuthError,
  RateLimitError,
  TransientError,
  ProtocolError,
  RemoteError,
} from './errors.js';
export type { SalesforceErrorKind, SalesforceErrorOptions, SalesforceText } from './errors.js';
export { DEFAULT_RETRY, backoffDelay, withRetry, defaultSleep } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { compileFilter, buildSyncQuery, buildCountQuery, buildFilterExitQuery, selectedFields, soqlString } from './soql.js';
export type { QueryWindow } from './soql.js';
export { parseSalesforceDateTime, soqlDateTime, toSalesforceDateTime } from './datetime.js';
export { coerceValue, numberToDecimalString } from './coerce.js';
export { convertRecord } from './convert.js';
export type { Converted, RecordIssue } from './convert.js';
export { restQueryPages, bulkQueryPages, restCount, QueryPageSchema, JobInfoSchema } from './query.js';
export type { RawPage, BulkOptions, JobInfo } from './query.js';
export { syncSalesforce, syncObject, reconciles, reprocessQuarantine } from './sync.js';
export type { FilterExit } from './filterExits.js';
export type { ParentChange, ParentUpdate } from './parentChanges.js';
export { objectChoiceProblem } from './objectChoice.js';
export type { ObjectSyncReport, SyncOptions, SyncProgress, ReprocessReport } from './sync.js';
export { describeObject, validateMapping, DescribeSchema } from './describe.js';
export type { Describe, DescribeField } from './describe.js';
export {
  SALESFORCE_MIGRATIONS,
  migrateSalesforce,
  readCursor,
  writeCursor,
  resetCursor,
  upsertRecord,
  upsertRecords,
  quarantineRecord,
  quarantineRecords,
  loadFacts,
  listQuarantine,
} from './store.js';
export type { Cursor, StoredRecord, QuarantineEntry, UpsertOutcome } from './store.js';
