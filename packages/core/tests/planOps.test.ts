import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMetric, getMetric, listMetricInstances, removeMetric, updateMetric } from '../src/metrics/index.js';
import {
  checkReferences,
  findReferences,
  forEachFormula,
  getNode,
  insertNode,
  moveNode,
  removeNode,
  renameNode,
  tokenizeFormula as tokenizeFormulaRefs,
  updateNode,
} from '../src/planOps/index.js';
import type { PlanNodeRef, PlanOpResult } from '../src/planOps/index.js';
import { readFileSync } from 'node:fs';
import { parsePlan } from '../src/plan/parsePlan.js';
import { PlanSchema } from '../src/schema/plan.js';
import type { Plan } from '../src/schema/plan.js';
import { EXAMPLE_ORDER, emptyPlan, FACT_COLUMNS } from './metricsFixtures.js';

const factSchema = JSON.parse(readFileSync(new URL('../../../examples/utility/factSchema.json', import.meta.url), 'utf8'));

function ok(r: PlanOpResult): Plan {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

function samplePlan(): Plan {
  let plan = emptyPlan();
  for (const id of EXAMPLE_ORDER) plan = ok(applyMetric(plan, id, getMetric(id)!.example));
  return ok(updateNode(plan, { kind: 'sheet', name: 'Contracts' }, { filter: '=[@channel]<>"web_assisted"' }));
}

/** Every node of the plan, in a stable order. */
function allNodes(plan: Plan): PlanNodeRef[] {
  const nodes: PlanNodeRef[] = [];
  for (const name of Object.keys(plan.parameters)) nodes.push({ kind: 'parameter', name });
  for (const name of Object.keys(plan.tables)) nodes.push({ kind: 'table', name });
  for (const [sheet, s] of Object.entries(plan.sheets)) {
    nodes.push({ kind: 'sheet', name: sheet });
    if (s.kind === 'lines') for (const name of Object.keys(s.columns)) nodes.push({ kind: 'column', sheet, name });
    else for (const name of Object.keys(s.cells)) nodes.push({ kind: 'cell', sheet, name });
  }
  for (const name of Object.keys(plan.payouts)) nodes.push({ kind: 'payout', name });
  return nodes;
}

const key = (r: PlanNodeRef) => ('sheet' in r ? `${r.kind}:${r.sheet}:${r.name}` : `${r.kind}:${r.name}`);

describe('planOps', () => {
  it('renames a parameter everywhere: formulas, overrides and metric tags', () => {
    let plan = samplePlan();
    plan = { ...plan, overrides: { P1: { Target: '30' } } };
    plan = ok(renameNode(plan, { kind: 'parameter', name: 'Target' }, 'Quota'));
    const summary = plan.sheets['Summary'];
    expect(summary?.kind === 'summary' && summary.cells['Attainment']?.formula).toBe('=IFERROR(Activations/Quota,0)');
    expect(plan.overrides).toEqual({ P1: { Quota: '30' } });
    expect(plan.parameters['Quota']).toBeDefined();
    expect(plan.parameters['Target']).toBeUndefined();
    const inst = listMetricInstances(plan).find((i) => i.instance === 'Attainment')!;
    expect(inst.params['target']).toBe('Quota');
    expect(checkReferences(plan, FACT_COLUMNS)).toEqual([]);
  });

  it('renames a line column in row refs of its sheet, structured refs and payouts; a line sheet in structured refs', () => {
    let plan = samplePlan();
    plan = ok(renameNode(plan, { kind: 'column', sheet: 'Contracts', name: 'Commission' }, 'BaseFee'));
    expect(plan.payouts['Commission']).toMatchObject({ sheet: 'Contracts', column: 'BaseFee' });
    plan = ok(renameNode(plan, { kind: 'column', sheet: 'Contracts', name: 'GreenSpif_n' }, 'IsGreen'));
    const summary = plan.sheets['Summary'];
    expect(summary?.kind === 'summary' && summary.cells['GreenSpif']?.formula).toBe('=IF(SUM(Contracts[IsGreen])>=GreenSpifMin,GreenSpifAmount,0)');
    plan = ok(renameNode(plan, { kind: 'sheet', name: 'Contracts' }, 'Sales'));
    const after = plan.sheets['Summary'];
    expect(after?.kind === 'summary' && after.cells['GreenSpif']?.formula).toBe('=IF(SUM(Sales[IsGreen])>=GreenSpifMin,GreenSpifAmount,0)');
    expect(plan.payouts['Commission']?.sheet).toBe('Sales');
    expect(checkReferences(plan, FACT_COLUMNS)).toEqual([]);
  });

  it('leaves string literals and functions alone when renaming', () => {
    let plan = ok(insertNode(emptyPlan(), { kind: 'parameter', name: 'IF_' }, { type: 'number', value: '1', overridable: true }));
    plan = ok(insertNode(plan, { kind: 'sheet', name: 'Summary' }, { kind: 'summary', cells: {} }));
    plan = ok(insertNode(plan, { kind: 'cell', sheet: 'Summary', name: 'X' }, { formula: '=IF(IF_>0,"IF_",IF_)', type: 'number', role: 'value' }));
    plan = ok(renameNode(plan, { kind: 'parameter', name: 'IF_' }, 'Y'));
    const s = plan.sheets['Summary'];
    expect(s?.kind === 'summary' && s.cells['X']?.formula).toBe('=IF(Y>0,"IF_",Y)');
  });

  it('refuses clashing names, removal of used nodes, and cross-sheet moves of line columns', () => {
    const plan = samplePlan();
    expect(renameNode(plan, { kind: 'parameter', name: 'Target' }, 'activations').ok).toBe(false);
    expect(renameNode(plan, { kind: 'parameter', name: 'Target' }, 'TRUE').ok).toBe(false);
    expect(renameNode(plan, { kind: 'parameter', name: 'Target' }, '1bad').ok).toBe(false);
    const r = removeNode(plan, { kind: 'parameter', name: 'Target' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toEqual(['sheets', 'Summary', 'cells', 'Attainment', 'formula']);
    expect(moveNode(plan, { kind: 'column', sheet: 'Contracts', name: 'Commission' }, 0, 'Interventions').ok).toBe(false);
    expect(findReferences(plan, { kind: 'table', name: 'Tiers' })).toEqual([['sheets', 'Summary', 'cells', 'TierBonus', 'formula']]);
  });

  it('moves a summary cell to another summary sheet together with its payout', () => {
    let plan = ok(insertNode(samplePlan(), { kind: 'sheet', name: 'Bonuses' }, { kind: 'summary', cells: {} }));
    plan = ok(moveNode(plan, { kind: 'cell', sheet: 'Summary', name: 'TierBonus' }, 0, 'Bonuses'));
    expect(getNode(plan, { kind: 'cell', sheet: 'Bonuses', name: 'TierBonus' })).toBeDefined();
    expect(plan.payouts['TierBonus']?.sheet).toBe('Bonuses');
    expect(checkReferences(plan, FACT_COLUMNS)).toEqual([]);
  });

  it('any sequence of edits yields a valid plan with every reference resolved', () => {
    const opArb = fc.oneof(
      fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: fc.constantFrom('Alpha', 'Beta', 'Gamma_2', 'target', 'X', 'Sales') }),
      fc.record({ op: fc.constant('move' as const), pick: fc.nat(), to: fc.integer({ min: -2, max: 40 }) }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('label' as const), pick: fc.nat(), text: fc.string({ maxLength: 12 }) }),
      fc.record({ op: fc.constant('insertCell' as const), pick: fc.nat(), name: fc.constantFrom('K1', 'K2', 'K3'), at: fc.nat({ max: 30 }) }),
      fc.record({ op: fc.constant('metric' as const), metric: fc.constantFrom(...EXAMPLE_ORDER), name: fc.constantFrom('M1', 'M2') }),
      fc.record({ op: fc.constant('updateMetric' as const), pick: fc.nat(), value: fc.constantFrom('7', '0.5', '1200') }),
      fc.record({ op: fc.constant('removeMetric' as const), pick: fc.nat() }),
    );
    const stats: Record<string, number> = {};
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 12 }), (ops) => {
        let plan = samplePlan();
        for (const o of ops) {
          const nodes = allNodes(plan);
          const target = 'pick' in o ? nodes[o.pick % nodes.length]! : undefined;
          let r: PlanOpResult;
          const before = new Set(nodes.map(key));
          switch (o.op) {
            case 'rename':
              r = renameNode(plan, target!, o.name);
              if (r.ok) {
                // Same number of nodes; the old name is gone from every formula of the plan.
                expect(allNodes(r.plan)).toHaveLength(nodes.length);
              }
              break;
            case 'move':
              r = moveNode(plan, target!, o.to);
              if (r.ok) expect(new Set(allNodes(r.plan).map(key))).toEqual(before);
              break;
            case 'remove':
              r = removeNode(plan, target!);
              if (r.ok) expect(allNodes(r.plan).length).toBeLessThan(nodes.length);
              break;
            case 'label':
              r = target!.kind === 'sheet' || target!.kind === 'payout' ? updateNode(plan, target!, { label: o.text }) : { ok: false, issues: [] };
              break;
            case 'insertCell': {
              const names = Object.keys(plan.parameters);
              const used = names[o.pick % Math.max(1, names.length)] ?? '1';
              const summary = Object.entries(plan.sheets).find(([, s]) => s.kind === 'summary')?.[0];
              r = summary
                ? insertNode(plan, { kind: 'cell', sheet: summary, name: o.name }, { formula: `=${used}*2`, type: 'number', role: 'value' }, o.at)
                : { ok: false, issues: [] };
              break;
            }
            case 'metric':
              r = applyMetric(plan, o.metric, { ...(getMetric(o.metric)!.example as object), name: o.name });
              break;
            case 'updateMetric': {
              const live = listMetricInstances(plan).filter((i) => !i.detached);
              const inst = live[o.pick % Math.max(1, live.length)];
              const key = inst && ['targetValue', 'thresholdValue', 'capValue', 'amount'].find((k) => k in inst.params);
              r = inst ? updateMetric(plan, inst.instance, key ? { ...inst.params, [key]: o.value } : inst.params) : { ok: false, issues: [] };
              if (r.ok && inst) expect(listMetricInstances(r.plan).find((i) => i.instance === inst.instance)?.detached).toBe(false);
              break;
            }
            case 'removeMetric': {
              const all = listMetricInstances(plan);
              const inst = all[o.pick % Math.max(1, all.length)];
              r = inst ? removeMetric(plan, inst.instance) : { ok: false, issues: [] };
              if (r.ok && inst) expect(listMetricInstances(r.plan).map((i) => i.instance)).not.toContain(inst.instance);
              break;
            }
          }
          if (r.ok) stats[o.op] = (stats[o.op] ?? 0) + 1;
          if (r.ok) {
            expect(PlanSchema.safeParse(r.plan).success).toBe(true);
            expect(checkReferences(r.plan, FACT_COLUMNS)).toEqual([]);
            plan = r.plan;
          }
        }
        // The engine's own validation agrees: the edited plan still compiles.
        const parsed = parsePlan(plan, { factSchema });
        expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
        const formulas: string[] = [];
        forEachFormula(plan, (f) => formulas.push(f));
        expect(formulas.every((f) => f.startsWith('='))).toBe(true);
      }),
      { seed: 20261127, numRuns: 200 },
    );
    // The generator must exercise every kind of edit successfully, or the property proves little.
    for (const op of ['rename', 'move', 'remove', 'label', 'insertCell', 'metric', 'updateMetric', 'removeMetric']) expect(stats[op] ?? 0, op).toBeGreaterThan(5);
  }, 60_000);

  it('never mutates its input', () => {
    const plan = samplePlan();
    const snapshot = JSON.stringify(plan);
    renameNode(plan, { kind: 'parameter', name: 'Target' }, 'Quota');
    moveNode(plan, { kind: 'cell', sheet: 'Summary', name: 'TierBonus' }, 0);
    removeNode(plan, { kind: 'payout', name: 'TierBonus' });
    applyMetric(plan, 'activations', { name: 'Other' });
    expect(JSON.stringify(plan)).toBe(snapshot);
  });
});

describe('planOps properties', () => {
  it('the formula tokenizer is lossless: tokens concatenate back to any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        expect(tokenizeFormulaRefs(s).map((t) => t.text).join('')).toBe(s);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('renaming a node and renaming it back gives the original plan exactly', () => {
    const plan = samplePlan();
    const nodes = allNodes(plan).filter((n) => n.kind !== 'sheet' || plan.sheets[n.name]?.kind === 'lines');
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('Zeta', 'Omega_1', 'Q9'), (pick, name) => {
        const node = nodes[pick % nodes.length]!;
        const there = renameNode(plan, node, name);
        if (!there.ok) return;
        const back = renameNode(there.plan, { ...node, name } as PlanNodeRef, node.name);
        expect(back.ok).toBe(true);
        if (back.ok) expect(back.plan).toEqual(plan);
      }),
      { seed: 11, numRuns: 300 },
    );
  }, 60_000);
});
