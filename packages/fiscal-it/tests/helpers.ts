import { FiscalInputSchema, type FiscalInputInput, type FiscalResult, type FiscalTables, type YtdState } from '@provvigo/core';
import { itPack } from '../src/index.js';

export function month(year: number, m: number): { id: string; start: string; end: string } {
  const mm = String(m).padStart(2, '0');
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { id: `${year}-${mm}`, start: `${year}-${mm}-01`, end: `${year}-${mm}-${last}` };
}

/** Exact decimal string of an integer number of cents (no float on the way). */
export function fromCents(c: number): string {
  const neg = c < 0;
  const a = Math.abs(c);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Integer cents of a decimal string with at most two decimals. */
export function toCents(s: string): number {
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = s.replace('-', '').split('.');
  const v = Number(i) * 100 + Number((f + '00').slice(0, 2));
  return neg ? -v : v;
}

export interface Run {
  profile: string;
  settings?: Record<string, string | number | boolean | null>;
  period?: { id: string; start: string; end: string };
  lines: Record<string, string> | [string, string][];
  ytd?: YtdState | null;
  principal?: FiscalInputInput['principal'];
  settle?: FiscalInputInput['settle'];
  tables?: FiscalTables;
}

export function run(r: Run): FiscalResult {
  const lines = Array.isArray(r.lines) ? r.lines : Object.entries(r.lines);
  // The pack's own result, error issues and partial items included (computeFiscal would return only the issues):
  // what these tests inspect item by item.
  return itPack.compute(FiscalInputSchema.parse({
    currency: 'EUR',
    partner: {
      id: 'P-1',
      name: 'Mario Rossi',
      kind: 'agent',
      territory: 'RM',
      fiscalProfile: r.profile,
      ...(r.settings ? { fiscalSettings: r.settings } : {}),
    },
    period: r.period ?? month(2026, 2),
    lines: lines.map(([component, amount]) => ({ component, amount })),
    ytd: r.ytd ?? null,
    ...(r.principal ? { principal: r.principal } : {}),
    ...(r.settle ? { settle: r.settle } : {}),
  }), r.tables);
}

export function item(res: FiscalResult, id: string) {
  const found = res.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${res.items.map((i) => i.id).join(', ')}`);
  return found;
}

export function amounts(res: FiscalResult): Record<string, string> {
  return Object.fromEntries(res.items.map((i) => [i.id, i.amount]));
}
