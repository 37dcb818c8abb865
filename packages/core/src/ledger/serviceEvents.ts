import type { FactRecord, FactSchema, FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { ServiceEvent } from '../schema/ledger.js';
import type { Conditions, Plan } from '../schema/plan.js';
import type { Statement } from '../schema/result.js';
import { LedgerError } from './ledgerError.js';
import { ownValue } from '../ownValue.js';

/** Where a line links to the service events: the link value (e.g. contract id) and the sale date. */
export interface LineLink {
  subject: string | null;
  date?: string | null;
}

/** Plan id → its conditions (the last version given wins; pass the versions the run evaluated). */
export function conditionsByPlan(plans: Plan[]): Record<string, Conditions | undefined> {
  const out: Record<string, Conditions | undefined> = {};
  for (const p of [...plans].sort((a, b) => a.version - b.version)) out[p.id] = p.conditions;
  return out;
}

/** The fact tables a plan's release or clawback condition reads events from. */
export function serviceEventTables(conditions: Record<string, Conditions | undefined>): string[] {
  const tables = new Set<string>();
  for (const c of Object.values(conditions)) {
    if (c?.release) tables.add(c.release.events);
    if (c?.clawback) tables.add(c.clawback.events);
  }
  return [...tables].sort();
}

/**
 * Line id → link value and sale date, read from each line's source record: the record whose key column equals
 * `source.id`, its `link` column (release link, else clawback link) and its date column.
 */
export function lineLinksFromFacts(
  statements: Statement[],
  conditions: Record<string, Conditions | undefined>,
  factSchema: FactSchema,
  facts: Record<string, FactRecord[]>,
): Record<string, LineLink> {
  const index = new Map<string, Map<string, FactRecord>>();
  const tableIndex = (table: string): Map<string, FactRecord> => {
    let m = index.get(table);
    if (!m) {
      m = new Map();
      const def = tableDef(factSchema, table);
      // Own entries only: facts without a table named `toString` have no records of it, not Object.prototype's method.
      const records = ownValue(facts, table);
      if (def) for (const r of records ?? []) if (isObjectRecord(r)) m.set(String(ownValue(r, def.key)), r);
      index.set(table, m);
    }
    return m;
  };
  const out: Record<string, LineLink> = {};
  for (const s of statements) {
    for (const line of s.lines) {
      if (!line.source) continue;
      const c = conditions[line.planId];
      const link = c?.release?.link ?? c?.clawback?.link;
      const def = tableDef(factSchema, line.source.table);
      const rec = tableIndex(line.source.table).get(line.source.id);
      if (!rec || !def) continue;
      // Own fields only, as everywhere a record is read by a declared column (a `toString` column is a column).
      const subject = link ? ownValue(rec, link) : line.source.id;
      const date = ownValue(rec, def.date);
      out[line.id] = {
        subject: subject === null || subject === undefined || subject === '' ? null : String(subject),
        date: typeof date === 'string' ? date.slice(0, 10) : null,
      };
    }
  }
  return out;
}

/**
 * Whether a fact record is an object of column values. The run rejects any other record (`null`, a number, an array)
 * as invalid input and computes the rest; the ledger's readers skip it the same way, where reading its columns threw
 * "Cannot convert undefined or null to object" and stopped the whole period.
 */
function isObjectRecord(r: unknown): r is FactRecord {
  return typeof r === 'object' && r !== null && !Array.isArray(r);
}

/** The table's definition, looked up without reaching the prototype chain (table names are user data). */
function tableDef(factSchema: FactSchema, table: string): FactTable | undefined {
  return ownValue(factSchema.tables, table);
}

/** The columns of a service-event table: its declared `eventSubject` / `eventType`, else `subject` / `type`. */
export function eventColumns(def: FactTable, override: { subject?: string; type?: string } = {}): { subject: string; type: string } {
  return { subject: override.subject ?? def.eventSubject ?? 'subject', type: override.type ?? def.eventType ?? 'type' };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** Whether a record can be read as a service event (id, subject, type and an ISO date are present). */
export function isUsableEvent(def: FactTable, record: FactRecord, columns = eventColumns(def)): boolean {
  if (!isObjectRecord(record)) return false;
  // Own fields only: a record without a column named e.g. `toString` lacks it, rather than reading Object.prototype's method.
  const date = ownValue(record, def.date);
  return ownValue(record, def.key) != null && ownValue(record, columns.subject) != null && ownValue(record, columns.type) != null && typeof date === 'string' && ISO_DATE.test(date);
}

/**
 * Service events from a fact table: id = key column, subject and type from the table's declared event columns
 * (`eventSubject`, `eventType`; default `subject`, `type`), date = the table's date column. A record that cannot be
 * an event is an error naming table, record and columns; pass `{ skipUnusable: true }` when the run already reports
 * such records as rejected.
 */
export function serviceEventsFromFacts(
  table: string,
  factSchema: FactSchema,
  records: FactRecord[],
  options: { subject?: string; type?: string; skipUnusable?: boolean } = {},
): ServiceEvent[] {
  const def = tableDef(factSchema, table);
  if (!def) {
    throw new LedgerError('invalid_input', {
      en: `unknown fact table "${table}" for service events`,
      it: `tabella dei fatti "${table}" sconosciuta per gli eventi di servizio`,
    });
  }
  const cols = eventColumns(def, options);
  const out: ServiceEvent[] = [];
  records.forEach((r, i) => {
    if (!isUsableEvent(def, r, cols)) {
      if (options.skipUnusable) return;
      const key = String((isObjectRecord(r) ? ownValue(r, def.key) : undefined) ?? `#${i + 1}`);
      const needed = `${def.key}, ${cols.subject}, ${cols.type}`;
      throw new LedgerError('invalid_input', {
        en: `${table} record ${key}: a service event needs ${needed} and ${def.date}`,
        it: `${table} record ${key}: un evento di servizio richiede ${needed} e ${def.date}`,
      });
    }
    const date = ownValue(r, def.date) as string;
    const partnerId = ownValue(r, def.partner);
    out.push({ id: String(ownValue(r, def.key)), subject: String(ownValue(r, cols.subject)), type: String(ownValue(r, cols.type)), date: date.slice(0, 10), partnerId: partnerId == null ? null : String(partnerId), table });
  });
  return out;
}

/** How many of a service-event table's records the ledger reads for a period, in the run's `in = used + excluded + rejected` terms. */
export interface EventCounts {
  in: number;
  used: number;
  excluded: number;
  rejected: number;
}

/**
 * Counts for a service-event table as the ledger sees it: an event dated by the period end is used (the ledger
 * reads it to release, lapse or claw back); one dated later is excluded until its period; a record that cannot be an
 * event is rejected (the run reports it with an issue), and so is each of the table's lines a reader could make no
 * record of (`rejected`: the run's `RunInput.rejected`, each naming its table in `record.table`).
 */
export function serviceEventCounts(table: string, factSchema: FactSchema, records: FactRecord[], periodEnd: string, rejected: readonly Issue[] = []): EventCounts {
  const def = tableDef(factSchema, table);
  const before = rejected.filter((i) => i.record?.table === table).length;
  const counts: EventCounts = { in: records.length + before, used: 0, excluded: 0, rejected: before };
  if (!def) return { ...counts, rejected: counts.in };
  const cols = eventColumns(def);
  for (const r of records) {
    if (!isUsableEvent(def, r, cols)) counts.rejected++;
    else if ((ownValue(r, def.date) as string).slice(0, 10) <= periodEnd) counts.used++;
    else counts.excluded++;
  }
  return counts;
}
