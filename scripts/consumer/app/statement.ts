// One statement line as the engine's run result carries it (core's `Statement` type checks the shape).
import type { Statement } from '@provvigo/core';

const plan = { id: 'agenti-2026', version: 1, hash: 'sha256:0' };
const source = { system: 'crm', table: 'contracts', id: 'C-1001' };

export const statement: Statement = {
  partnerId: 'AGT-0001',
  period: '2026-03',
  currency: 'EUR',
  scale: 2,
  rounding: 'halfUp',
  total: '120.00',
  byComponent: { commission: '120.00' },
  blocked: false,
  issues: [],
  lines: [
    {
      id: 'L1',
      partnerId: 'AGT-0001',
      planId: plan.id,
      planVersion: plan.version,
      payout: 'commission',
      component: 'commission',
      label: 'Contratto C-1001',
      sheet: 'contracts',
      row: 0,
      source,
      currency: 'EUR',
      amount: '120.00',
      status: 'ok',
      issues: [],
      trace: {
        plan,
        partnerId: 'AGT-0001',
        period: '2026-03',
        payout: 'commission',
        sheet: 'contracts',
        row: 0,
        source,
        cells: [
          {
            sheet: 'contracts',
            name: 'commission',
            formula: '=amount*rate',
            inputs: [
              { name: 'amount', kind: 'fact', value: '1500.00', source },
              { name: 'rate', kind: 'parameter', value: '0.08' },
            ],
            value: 120,
          },
        ],
        formulaValue: '120',
        exactValue: '120',
        rounding: [],
        amount: '120.00',
        flags: [],
      },
    },
  ],
};
