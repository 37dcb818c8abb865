import { calendarDateIn, ownValue, type BothLanguages } from '@provvigo/core';
import type { ValueType } from '@provvigo/core/schema';
import { parseSalesforceDateTime } from './datetime.js';
import { DEFAULT_TIME_ZONE } from './timeZone.js';

/** A coerced value, or why the value is refused: `reason` in English, `reasons` in both languages (`reasons.en === reason`). */
export type Coerced = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string; reasons: BothLanguages };

/** What a column expects, in both languages, by kind of value. */
const EXPECTED = {
  text: { en: 'expected text', it: 'atteso un testo' },
  money: { en: 'expected a decimal amount', it: 'atteso un importo decimale' },
  number: { en: 'expected a number', it: 'atteso un numero' },
  integer: { en: 'expected an integer', it: 'atteso un numero intero' },
  boolean: { en: 'expected true or false', it: 'atteso true o false' },
  date: { en: 'expected a date YYYY-MM-DD', it: 'attesa una data AAAA-MM-GG' },
} as const;

/** A value refused for a column expecting `expected`, naming what was found: `expected a number, got "lots"`. */
function refused(expected: BothLanguages, value: unknown): Coerced {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : undefined;
  const got = { en: shown ?? (typeof value === 'object' ? 'an object' : String(value)), it: shown ?? (typeof value === 'object' ? 'un oggetto' : String(value)) };
  const reasons = { en: `${expected.en}, got ${got.en}`, it: `${expected.it}, trovato ${got.it}` };
  return { ok: false, reason: reasons.en, reasons };
}

/**
 * Converts a JSON number to its exact decimal text. A double prints back to the decimal it was parsed from as long
 * as that decimal had at most 15 significant digits; beyond that the value may already be rounded, so we refuse it
 * rather than store a float artefact as money.
 */
export function numberToDecimalString(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return String(n);
  const text = n.toPrecision(15);
  const exact = Number(text) === n ? normaliseDecimal(text) : undefined;
  return exact;
}

function normaliseDecimal(text: string): string | undefined {
  // toPrecision may use exponent form; expand it and trim trailing zeros.
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) return undefined;
  const sign = m[1]!;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number(m[4] ?? 0);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  let int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  if (int === '') int = '0';
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Coerces a Salesforce value (a JSON value from REST, or a CSV string from Bulk) to the declared column type. A
 * datetime for a `date` column becomes the calendar date its instant falls on in the IANA zone `timeZone` (daylight
 * saving applied: 2026-10-31T23:30:00.000+0000 is 2026-11-01 in Europe/Rome); a date is taken as given.
 */
export function coerceValue(value: unknown, type: ValueType, fromCsv: boolean, timeZone: string = DEFAULT_TIME_ZONE): Coerced {
  if (value === null || value === undefined || (fromCsv && value === '')) return { ok: true, value: null };
  switch (type) {
    case 'text':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return refused(EXPECTED.text, value);
    case 'money': {
      const text = typeof value === 'number' ? numberToDecimalString(value) : typeof value === 'string' ? value.trim() : undefined;
      if (text !== undefined && DECIMAL.test(text)) return { ok: true, value: text.replace(/^(-?)0+(?=\d)/, '$1') };
      return refused(EXPECTED.money, value);
    }
    case 'number':
    case 'percent': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
      if (Number.isFinite(n)) return { ok: true, value: n };
      return refused(EXPECTED.number, value);
    }
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.0+)?$/.test(value.trim()) ? Number(value) : NaN;
      if (Number.isSafeInteger(n)) return { ok: true, value: n };
      return refused(EXPECTED.integer, value);
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return refused(EXPECTED.boolean, value);
    case 'date': {
      // Round-trip check: Date.parse rolls 2026-02-30 over to March instead of refusing it.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const t = Date.parse(`${value}T00:00:00Z`);
        if (!Number.isNaN(t) && new Date(t).toISOString().startsWith(value)) return { ok: true, value };
      }
      const dt = parseSalesforceDateTime(value);
      const day = dt === undefined ? undefined : calendarDateIn(timeZone, Date.parse(dt));
      if (day) return { ok: true, value: day };
      return refused(EXPECTED.date, value);
    }
  }
}

/**
 * Reads a relationship path from a REST record (`Partner__r.Code__c` → record.Partner__r?.Code__c). Own properties
 * only (core's `ownValue`): field names come from the mapping config, and `toString` or `constructor` would otherwise
 * read Object.prototype's member.
 */
export function readPath(record: Record<string, unknown>, path: string, flat: boolean): unknown {
  if (flat) return ownValue(record, path);
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return null;
    if (typeof cur !== 'object') return undefined;
    cur = ownValue(cur as Record<string, unknown>, part);
  }
  return cur;
}
