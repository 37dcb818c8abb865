import { ownValue, type BothLanguages } from '@provvigo/core';
import { coerceValue, readPath } from './coerce.js';
import { parseSalesforceDateTime } from './datetime.js';
import type { ObjectMapping } from './mapping.js';
import { DEFAULT_TIME_ZONE } from './timeZone.js';

export interface RecordIssue {
  /** Salesforce field path (or Id / SystemModstamp). */
  field: string;
  /** Target column, when the issue is about a mapped column. */
  column?: string;
  /** Why, in English (what the quarantine's `reason` column holds). */
  reason: string;
  /** Why, in both languages (`reasons.en === reason`). */
  reasons: BothLanguages;
}

/** An issue of `field` (for `column`, when about a mapped column) from its reason in both languages. */
function recordIssue(field: string, reasons: BothLanguages, column?: string): RecordIssue {
  return { field, ...(column === undefined ? {} : { column }), reason: reasons.en, reasons };
}

/** The reason of a mapped column's issue, in both languages: `Amount → amount: …` before each. */
const columnReasons = (field: string, column: string, reasons: BothLanguages): BothLanguages => ({
  en: `${field} → ${column}: ${reasons.en}`,
  it: `${field} → ${column}: ${reasons.it}`,
});

export type Converted =
  | { ok: true; id: string; systemModstamp: string; isDeleted: boolean; partner: string | null; data: Record<string, unknown> }
  | { ok: false; id: string; systemModstamp: string; isDeleted: boolean; issues: RecordIssue[] };

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/**
 * Turns one Salesforce record (nested REST JSON, or a flat Bulk CSV row with dotted headers) into a fact record,
 * or lists every field that is missing or of the wrong type. Nothing is dropped: the caller stores or quarantines.
 * `timeZone` is where a datetime mapped to a `date` column takes its day (a sync passes `objectTimeZone(config,
 * mapping)`); by default the mapping's own, else Europe/Rome.
 */
export function convertRecord(
  mapping: ObjectMapping,
  raw: Record<string, unknown>,
  flat: boolean,
  timeZone: string = mapping.timeZone ?? DEFAULT_TIME_ZONE,
): Converted {
  const issues: RecordIssue[] = [];
  const rawId = readPath(raw, 'Id', flat);
  const id = typeof rawId === 'string' && SF_ID.test(rawId) ? rawId : undefined;
  if (!id) {
    const shown = JSON.stringify(rawId ?? null);
    issues.push(recordIssue('Id', { en: `missing or malformed record Id (${shown})`, it: `Id del record mancante o non valido (${shown})` }));
  }
  const rawStamp = readPath(raw, 'SystemModstamp', flat);
  const systemModstamp = parseSalesforceDateTime(rawStamp);
  if (!systemModstamp) {
    const shown = JSON.stringify(rawStamp ?? null);
    issues.push(recordIssue('SystemModstamp', { en: `missing or malformed SystemModstamp (${shown})`, it: `SystemModstamp mancante o non valido (${shown})` }));
  }
  const rawDeleted = readPath(raw, 'IsDeleted', flat);
  const isDeleted = rawDeleted === true || rawDeleted === 'true';

  // a Map: column names come from the config, and a plain object would answer for toString before it is set
  const data = new Map<string, unknown>();
  for (const [column, spec] of Object.entries(mapping.columns)) {
    const value = readPath(raw, spec.field, flat);
    const coerced = coerceValue(value, spec.type, flat, timeZone);
    if (!coerced.ok) {
      issues.push(recordIssue(spec.field, columnReasons(spec.field, column, coerced.reasons), column));
      continue;
    }
    if (coerced.value === null && spec.required) {
      issues.push(recordIssue(spec.field, columnReasons(spec.field, column, { en: 'required value is missing', it: 'manca un valore obbligatorio' }), column));
      continue;
    }
    data.set(column, coerced.value);
  }
  let partner: string | null = null;
  const partnerValue = data.get(mapping.partnerColumn);
  if (typeof partnerValue === 'string') {
    if (mapping.partnerMap) {
      // own entries only: a Salesforce value such as "constructor" or "toString" is not in partnerMap
      const mapped = ownValue(mapping.partnerMap, partnerValue);
      if (mapped === undefined) {
        const field = mapping.columns[mapping.partnerColumn]!.field;
        const shown = JSON.stringify(partnerValue);
        const reasons = { en: `value ${shown} is not in partnerMap`, it: `il valore ${shown} non è in partnerMap` };
        issues.push(recordIssue(field, columnReasons(field, mapping.partnerColumn, reasons), mapping.partnerColumn));
      } else {
        data.set(mapping.partnerColumn, mapped);
        partner = mapped;
      }
    } else partner = partnerValue;
  }
  const stamp = systemModstamp ?? (typeof rawStamp === 'string' ? rawStamp : '');
  const key = id ?? (typeof rawId === 'string' ? rawId : '');
  if (issues.length > 0) return { ok: false, id: key, systemModstamp: stamp, isDeleted, issues };
  return { ok: true, id: key, systemModstamp: stamp, isDeleted, partner, data: Object.fromEntries(data) };
}
