import { ConfigError } from './errors.js';

/**
 * Salesforce datetimes look like `2026-11-02T09:15:27.000+0000`; zod's iso.datetime rejects the `+0000` offset,
 * so we parse them with our own pattern and normalise to UTC ISO strings (`…Z`), which sort lexically.
 */
const SF_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a Salesforce datetime; returns the UTC ISO form `YYYY-MM-DDTHH:mm:ss.sssZ`, or undefined when invalid. */
export function parseSalesforceDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = SF_DATETIME.exec(value);
  if (!m) return undefined;
  const offset = m[6] === 'Z' ? 'Z' : `${m[6]!.slice(0, 3)}:${m[6]!.slice(-2)}`;
  const fraction = (m[5] ?? '.000').slice(0, 4).padEnd(4, '0');
  const date = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}${fraction}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

/**
 * Formats a UTC ISO instant as a SOQL datetime literal (unquoted, second precision is what SOQL accepts). An instant
 * that is no datetime (a filter's `{ "datetime": "2026-13-01T00:00:00Z" }` has the right shape) is a ConfigError.
 */
export function soqlDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new ConfigError({ en: `not a datetime: ${iso}`, it: `non è una data e ora valida: ${iso}` });
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Salesforce's own datetime format, `2026-11-02T09:15:27.000+0000` (used by the fake). */
export function toSalesforceDateTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}
