// One agent, one contract of 3,200 kWh at a rate of 0.012 €/kWh: the commission is 38.40 € (3,200 × 0.012, worked by
// hand; scripts/test-consumer.mjs expects exactly that). Used by smoke.mjs and smoke.cjs with the packages they loaded.
export function tinyRun(core, hyperFormulaEngine, createProgram) {
  const factSchema = core.FactSchemaSchema.parse({
    tables: {
      sales: {
        key: 'id',
        partner: 'partnerId',
        date: 'date',
        columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, kWh: { type: 'number' } },
      },
    },
  });
  const plan = {
    id: 'tiny',
    version: 1,
    name: 'Tiny',
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    parameters: { Rate: { type: 'number', value: '0.012' } },
    sheets: { Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } } },
    payouts: { Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
  };
  const parsed = core.parsePlan(plan, { factSchema });
  if (!parsed.ok) throw new Error(core.formatIssues(parsed.issues));
  const result = core.evaluate(
    {
      period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
      plans: [parsed.plan],
      partners: [core.PartnerSchema.parse({ id: 'P1', name: 'Mario Rossi', kind: 'agent', territory: 'Lazio' })],
      factSchema,
      facts: { sales: [{ id: 'S1', partnerId: 'P1', date: '2026-10-05', kWh: 3200 }] },
    },
    { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' },
  );
  const statement = result.statements[0];
  return {
    total: statement.total,
    counts: result.counts.sales,
    warnings: result.issues.filter((i) => i.severity !== 'info').length,
    explain: core.explain(statement.lines[0], 'it'),
    program: createProgram().name(),
  };
}
