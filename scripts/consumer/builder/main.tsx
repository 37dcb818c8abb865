// An embedder's plan editor page: <PlanBuilder> with its live preview on one partner's sample facts, the way the
// react README shows it. The host page owns the <main> landmark; the builder renders none of its own. The host
// passes its HyperFormula licence key, so the preview cross-checks with HyperFormula — loaded in a chunk of its own
// the first time the preview runs, never in the page's initial JavaScript.
import { formatIssues, parseFactSchema, parsePlan, type Plan, type RunInput } from '@provvigo/core';
import { PlanBuilder } from '@provvigo/react';
import '@provvigo/react/styles.css';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const schema = parseFactSchema({
  tables: {
    contracts: {
      key: 'id', partner: 'partnerId', date: 'signed',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signed: { type: 'date' }, kWh: { type: 'number' } },
    },
  },
});
if (!schema.ok) throw new Error(formatIssues(schema.issues));
const checked = parsePlan(
  {
    id: 'agents', version: 1, name: 'Agents', effectiveFrom: '2026-01-01', currency: 'EUR',
    parameters: { Rate: { type: 'number', value: '0.012' } },
    sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } } },
    payouts: { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
  },
  { factSchema: schema.factSchema },
);
if (!checked.ok) throw new Error(formatIssues(checked.issues));
const sample: RunInput = {
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [checked.plan],
  factSchema: schema.factSchema,
  partners: [{ id: 'A1', name: 'Agenzia Uno', kind: 'agency', territory: 'Lombardia' }],
  facts: { contracts: [{ id: 'C1', partnerId: 'A1', signed: '2026-10-03', kWh: 3200 }] },
};

function Editor(props: { initial: Plan }) {
  const [plan, setPlan] = useState(props.initial);
  return <PlanBuilder plan={plan} onChange={setPlan} locale="it" factSchema={sample.factSchema} preview={{ input: sample, partnerId: 'A1', licenseKey: 'gpl-v3' }} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(<Editor initial={checked.plan} />);
