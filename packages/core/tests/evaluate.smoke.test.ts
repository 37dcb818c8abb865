import { describe, expect, it } from 'vitest';
import { evaluate, explain, parseFactSchema } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

describe('evaluate smoke', () => {
  it('runs', () => {
    const fs = parseFactSchema(tiny.factSchema);
    if (!fs.ok) throw new Error(JSON.stringify(fs.issues));
    const r = evaluate(
      { period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema: fs.factSchema, facts: { contracts: tiny.contracts } },
      { licenseKey: 'gpl-v3' },
    );
    console.log(JSON.stringify(r.counts), r.totals, r.issues.map((i) => `${i.code} ${i.message}`));
    for (const s of r.statements) {
      console.log(s.partnerId, s.total, s.byComponent, s.blocked);
      for (const l of s.lines) console.log(' ', l.id, l.amount, l.status, l.trace.formulaValue, l.trace.exactValue);
    }
    console.log(explain(r.statements[0]!.lines[0]!, 'it'));
    console.log(explain(r.statements[0]!.lines.find((l) => l.payout === 'tierBonus')!, 'en'));
    expect(r.statements.length).toBe(2);
  });
});
