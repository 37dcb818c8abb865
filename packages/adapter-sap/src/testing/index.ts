/** `@provvigo/adapter-sap/testing`: the fake S/4HANA, for this package's tests and for hosts testing their configs. */
export { FakeS4Hana } from './fakeS4Hana.js';
export type { FakeS4HanaOptions, StoredInvoice, StoredJournalEntry, SapFault, SapFaultAction, RequestLogEntry } from './fakeS4Hana.js';
