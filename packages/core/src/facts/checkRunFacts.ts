import type { CheckedRecord } from '../engine/facts.js';
import type { EvaluateOptions, RunInput } from '../evaluateTypes.js';
import { issue, sortKeys } from '../issues.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { KeyOrders, uniqueKeys } from './keyOrder.js';
import { REJECTED, excluded, type RecordStatus } from './recordStatus.js';
import { recordPartnerId } from './checkRecord.js';
import { createRecordChecker } from './recordChecker.js';
import { ownValue } from '../ownValue.js';

/** Step 3 of a run: every record validated and placed; what the later steps read. */
export interface RunFacts {
  /** Per table, each input record's status (in input order; records rejected before the run appended). */
  status: Map<string, RecordStatus[]>;
  /** The period's valid records by partner and table, in order of record id (their key). */
  byPartner: Map<string, Map<string, CheckedRecord[]>>;
  /** The rejected records' issues by partner, for the partners that get a statement. */
  rejectedByPartner: Map<string, Issue[]>;
  /** The run issues this step found, in the order found. */
  issues: Issue[];
}

/** What the checks of a run's facts depend on besides the facts and the fact schema. */
export interface RunFactsContext {
  period: RunInput['period'];
  isPartner: (id: string) => boolean;
  /** The issues of a partner that failed its own validation (undefined for any other id). */
  invalidPartner: (id: string) => readonly Issue[] | undefined;
  /** Whether this partition reports a partner's records (an unknown or missing id: `countsUnassigned`). */
  ownsHere: (id: string | undefined) => boolean;
  /** Whether a partner gets a statement, so its rejected records are listed on it. */
  listsRejections: (id: string) => boolean;
  countsUnassigned: boolean;
  rejected: RunInput['rejected'];
  /** The run's key orders of these facts, when it keeps them (the input hash uses them too). */
  orders?: KeyOrders;
  /** Where each record sits in the whole run's input, when these facts are a share of it (`EvaluateOptions.positions`). */
  positions?: EvaluateOptions['positions'];
}

/** The list of a partner's records of one table, made on first use. */
function byPartnerList(byPartner: RunFacts['byPartner'], partnerId: string, tableName: string): CheckedRecord[] {
  let perTable = byPartner.get(partnerId);
  if (!perTable) byPartner.set(partnerId, (perTable = new Map()));
  let list = perTable.get(tableName);
  if (!list) perTable.set(tableName, (list = []));
  return list;
}

/** Validates every record: each ends used, excluded (with the reason) or rejected (with an issue). */
export function checkRunFacts(factSchema: FactSchema, facts: RunInput['facts'], ctx: RunFactsContext): RunFacts {
  const issues: Issue[] = [];
  const rejectedByPartner = new Map<string, Issue[]>();
  const orders = ctx.orders ?? new KeyOrders(facts);
  const checkRecordOf = createRecordChecker(factSchema, facts, ctx.isPartner, ctx.invalidPartner, (name, table) => uniqueKeys(orders.of(name, table.key)));
  const status = new Map<string, RecordStatus[]>();
  const byPartner = new Map<string, Map<string, CheckedRecord[]>>();
  const { period, ownsHere, listsRejections } = ctx;
  for (const [tableName, records] of Object.entries(facts)) {
    const table = ownValue(factSchema.tables, tableName);
    const statuses: RecordStatus[] = new Array(records.length);
    status.set(tableName, statuses);
    if (!table) {
      // nobody's records: partition 0 reports and counts them, the other partitions leave them to it
      if (ctx.countsUnassigned) issues.push(issue('unknown_reference', `facts for unknown table "${tableName}" were ignored`, ['facts', tableName]));
      statuses.fill(ctx.countsUnassigned ? REJECTED : excluded('other_partition'));
      continue;
    }
    // One function per table, not a closure per record: a record is rejected with the partner it names.
    const reject = (i: number, partnerId: string | undefined, found: Issue[]) => {
      statuses[i] = REJECTED;
      const withPartner = found.map((x) => sortKeys({ ...x, partnerId }));
      issues.push(...withPartner);
      if (partnerId !== undefined && listsRejections(partnerId)) {
        const list = rejectedByPartner.get(partnerId);
        if (list) list.push(...withPartner);
        else rejectedByPartner.set(partnerId, withPartner);
      }
    };
    // Records are checked in input order (issues are reported in it) and handed out in key order, sorted once here.
    const kept: Array<CheckedRecord | undefined> = new Array(records.length);
    // a share of a run names its records by their places in the whole input, as a run of the whole input does
    const places = ctx.positions ? ownValue(ctx.positions, tableName) : undefined;
    records.forEach((raw, i) => {
      const checked = checkRecordOf(tableName, table, raw, i, places?.[i] ?? i);
      const partnerId = recordPartnerId(raw, table.partner);
      if (!ownsHere(partnerId)) {
        statuses[i] = excluded('other_partition');
        return;
      }
      if (!checked.ok) return reject(i, partnerId, checked.issues);
      const rec = checked.record;
      if (rec.date < period.start || rec.date > period.end) {
        statuses[i] = excluded('out_of_period');
        return;
      }
      statuses[i] = excluded('not_read_by_any_plan');
      kept[i] = rec;
    });
    // Kept records have distinct ids (a repeated key is rejected), and an id is the key the order sorts by.
    for (const i of orders.of(tableName, table.key).order) {
      const rec = kept[i];
      if (rec) byPartnerList(byPartner, rec.partnerId, tableName).push(rec);
    }
  }
  // Records a reader or adapter rejected before the run: counted, reported, listed on their partner's statement.
  for (const rejected of ctx.rejected ?? []) {
    const tableName = rejected.record?.table;
    const partnerId = rejected.partnerId;
    const known = partnerId !== undefined && listsRejections(partnerId);
    if (!ownsHere(partnerId)) continue;
    // one that names no table cannot be counted in a table's `in`, but it is still reported and listed, not lost
    if (tableName !== undefined) {
      let statuses = status.get(tableName);
      if (!statuses) status.set(tableName, (statuses = []));
      statuses.push(REJECTED);
    }
    issues.push(rejected);
    if (known) rejectedByPartner.set(partnerId, [...(rejectedByPartner.get(partnerId) ?? []), rejected]);
  }
  return { status, byPartner, rejectedByPartner, issues };
}
