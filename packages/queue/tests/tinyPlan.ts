// The one-table plan both queue test files run: 0.012 per kWh of each sale, so 3,200 kWh pay 38.40.
export const factSchema = {
  tables: {
    sales: { key: 'id', partner: 'partnerId', date: 'date', columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, kWh: { type: 'number' } } },
  },
} as const;

export const plan = {
  id: 'tiny',
  version: 1,
  name: 'Tiny',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  parameters: { Rate: { type: 'number', value: '0.012' } },
  sheets: { Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } } },
  payouts: { Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
} as const;
