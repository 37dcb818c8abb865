// @provvigo/adapter-salesforce/testing: a protocol-faithful fake Salesforce for tests of mappings and syncs.
export { FakeSalesforce, toFakeSalesforceDate } from './fake-salesforce.js';
export type { FakeObject, FakeField, Fault, FaultRule, LoggedRequest, FakeSalesforceOptions } from './fake-salesforce.js';
export { parseSoql, evalCond, SoqlError } from './soql-eval.js';
export type { ParsedSoql, Cond, Literal } from './soql-eval.js';
export { CONTRACT_FIELDS, ACCOUNT_FIELDS, contractsMapping, makeContracts, fakeId } from './contracts.js';
