/** OData v2 Edm.DateTime for a calendar date: "/Date(<ms since epoch, UTC midnight>)/". */
export function toODataDate(isoDate: string): string {
  return `/Date(${Date.parse(`${isoDate}T00:00:00Z`)})/`;
}

/** Reads "/Date(ms)/", "/Date(ms+0000)/" or "YYYY-MM-DDT00:00:00" back to YYYY-MM-DD; undefined when neither. */
export function fromODataDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
  if (m) return new Date(Number(m[1])).toISOString().slice(0, 10);
  const d = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?$/.exec(value);
  return d ? d[1] : undefined;
}

/** The SAP fiscal year a posting date falls in, for a fiscal year starting in `startMonth` (1 = calendar year). */
export function fiscalYearOf(isoDate: string, startMonth = 1, shift = 0): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return String(year + (month >= startMonth ? 0 : -1) + (startMonth === 1 ? 0 : shift));
}
