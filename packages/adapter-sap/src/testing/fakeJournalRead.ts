import type { StoredJournalEntry } from './fakeS4Hana.js';

/**
 * The OData v2 read services of the fake S/4HANA for journal entries, as SAP Gateway answers them:
 * `API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube` (one row per item of a posted document, keyed by
 * CompanyCode, FiscalYear, AccountingDocument, AccountingDocumentItem, with `DocumentReferenceID`, `IsReversal`,
 * `IsReversed`), and `API_JOURNALENTRYITEMBASIC_SRV/A_JournalEntryItemBasic` (keyed by `ID`, no content modelled),
 * which a read-back by reference must not be pointed at. `$select` and `$filter` (`<property> eq <literal>` joined by
 * `and`) are checked against the entity's properties: one it lacks is a 400 "Property 'X' not found in type …", an
 * entity set the service lacks a 404 "Resource not found for segment …". Only the properties the fake knows are
 * listed: a subset of the real entity types, each one documented there.
 */

export const CUBE_SERVICE = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV';
export const ITEM_BASIC_SERVICE = '/sap/opu/odata/sap/API_JOURNALENTRYITEMBASIC_SRV';

type Value = string | boolean;
type Row = Record<string, Value>;

/** What the fake's ledger holds: documents posted from messages, and reversal documents (FB08). */
export interface FakeLedger {
  entries: readonly StoredJournalEntry[];
  reversals: readonly StoredJournalEntry[];
}

interface EntitySet {
  /** The entity type's qualified name, as SAP Gateway names it in errors and `__metadata.type`. */
  type: string;
  /** The properties the fake knows, with their Edm type (String or Boolean). */
  properties: ReadonlyMap<string, 'string' | 'boolean'>;
  keys: readonly string[];
  rows(ledger: FakeLedger): Row[];
}

const CUBE_PROPERTIES = new Map<string, 'string' | 'boolean'>([
  ['CompanyCode', 'string'],
  ['FiscalYear', 'string'],
  ['AccountingDocument', 'string'],
  ['AccountingDocumentItem', 'string'],
  ['DocumentReferenceID', 'string'],
  ['PostingDate', 'string'],
  ['GLAccount', 'string'],
  ['CostCenter', 'string'],
  ['DebitCreditCode', 'string'],
  ['AmountInTransactionCurrency', 'string'],
  ['TransactionCurrency', 'string'],
  ['ReverseDocument', 'string'],
  ['IsReversal', 'boolean'],
  ['IsReversed', 'boolean'],
]);

/** One row per item of every document, in document order; a reversal document's items have IsReversal = true. */
function cubeRows(ledger: FakeLedger): Row[] {
  const reversal = new Set(ledger.reversals);
  const docs = [...ledger.entries, ...ledger.reversals].sort((a, b) => Number(a.accountingDocument) - Number(b.accountingDocument));
  return docs.flatMap((e) =>
    e.items.map((it, i) => ({
      CompanyCode: e.companyCode,
      FiscalYear: e.postingDate.slice(0, 4),
      AccountingDocument: e.accountingDocument,
      AccountingDocumentItem: String(i + 1).padStart(3, '0'),
      DocumentReferenceID: e.documentReferenceId,
      PostingDate: `/Date(${Date.parse(`${e.postingDate}T00:00:00Z`)})/`,
      GLAccount: it.glAccount,
      CostCenter: it.costCenter ?? '',
      DebitCreditCode: it.debitCredit,
      AmountInTransactionCurrency: it.amount,
      TransactionCurrency: it.currency,
      // on the original, the reversal document; on the reversal document, the original (BKPF-STBLG both ways)
      ReverseDocument: e.reversedBy ?? e.reverses ?? '',
      IsReversal: reversal.has(e),
      IsReversed: e.reversed === true,
    })),
  );
}

const SERVICES: ReadonlyMap<string, ReadonlyMap<string, EntitySet>> = new Map([
  [
    CUBE_SERVICE,
    new Map([
      [
        'A_OperationalAcctgDocItemCube',
        {
          type: 'API_OPLACCTGDOCITEMCUBE_SRV.A_OperationalAcctgDocItemCubeType',
          properties: CUBE_PROPERTIES,
          keys: ['CompanyCode', 'FiscalYear', 'AccountingDocument', 'AccountingDocumentItem'],
          rows: cubeRows,
        },
      ],
    ]),
  ],
  [
    ITEM_BASIC_SERVICE,
    new Map([
      [
        'A_JournalEntryItemBasic',
        { type: 'API_JOURNALENTRYITEMBASIC_SRV.A_JournalEntryItemBasicType', properties: new Map([['ID', 'string' as const]]), keys: ['ID'], rows: () => [] },
      ],
    ]),
  ],
]);

/** SAP Gateway refusing a request: its status, message code and text. */
export type ODataRefusal = { status: 400 | 404; code: string; message: string };
export type ODataAnswer = { status: 200; results: Row[] } | ODataRefusal;

/** Whether `path` is one of these services' entity sets (or a set they lack): the fake answers it here. */
export function isJournalReadPath(path: string): boolean {
  return [...SERVICES.keys()].some((s) => path.startsWith(`${s}/`) && !path.slice(s.length + 1).includes('/'));
}

const notFound = (set: Pick<EntitySet, 'type'>, property: string): ODataRefusal => ({ status: 400, code: '/IWBEP/CM_MGW_RT/022', message: `Property '${property}' not found in type '${set.type}'` });
const invalidFilter = (part: string): ODataRefusal => ({ status: 400, code: '/IWBEP/CM_MGW_RT/022', message: `Invalid filter expression: '${part}'` });

/**
 * The `$filter` as conditions on the entity's properties, or SAP Gateway's refusal: `<property> eq <literal>` joined by
 * `and`, the only form the adapter sends (a property the type lacks is named as Gateway names it). The supplier
 * invoice lookup reads its `$filter` here too.
 */
export function filterConditions(set: Pick<EntitySet, 'type' | 'properties'>, filter: string): Map<string, Value> | ODataRefusal {
  const out = new Map<string, Value>();
  if (filter.trim() === '') return out;
  for (const part of filter.split(/\s+and\s+/)) {
    const m = /^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))\s*$/.exec(part);
    if (!m) return invalidFilter(part);
    const kind = set.properties.get(m[1]!);
    if (!kind) return notFound(set, m[1]!);
    // OData v2 literals: a String is quoted, a Boolean is true or false; the other way round is no valid expression
    if ((kind === 'boolean') !== (m[3] !== undefined)) return invalidFilter(part);
    out.set(m[1]!, m[3] !== undefined ? m[3] === 'true' : m[2]!.replace(/''/g, "'"));
  }
  return out;
}

/** SAP Gateway's answer to a GET of `path` with `query` over the fake's ledger. */
export function readJournalService(path: string, query: URLSearchParams, ledger: FakeLedger): ODataAnswer {
  const service = [...SERVICES.keys()].find((s) => path.startsWith(`${s}/`))!;
  const name = path.slice(service.length + 1);
  const set = SERVICES.get(service)?.get(name);
  if (!set) return { status: 404, code: '/IWBEP/CM_MGW_RT/020', message: `Resource not found for segment '${name}'` };
  const select = (query.get('$select') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const missing = select.find((p) => !set.properties.has(p));
  if (missing) return notFound(set, missing);
  const where = filterConditions(set, query.get('$filter') ?? '');
  if (!(where instanceof Map)) return where;
  const hits = set.rows(ledger).filter((row) => [...where].every(([k, v]) => row[k] === v));
  const top = Number(query.get('$top') ?? hits.length);
  const results = hits.slice(0, top).map((row) => {
    const key = set.keys.map((k) => `${k}='${String(row[k])}'`).join(',');
    const uri = `${service}/${name}(${key})`;
    const shown = select.length > 0 ? Object.fromEntries(select.map((p) => [p, row[p]!])) : row;
    return { __metadata: { id: uri, uri, type: set.type }, ...shown } as unknown as Row;
  });
  return { status: 200, results };
}
