import { describe, expect, it } from 'vitest';
import { evaluate, listMetricInstances, parsePlan, PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { applyDrop, applySuggestion, computeGates, computePreview, emptyHistory, formatDecimal, mapOffset, record, redo, substituteValues, suggest, undo } from '../src/index.js';
import { loadSample } from './sample.js';

const sample = loadSample();
const fieldService = sample.plans['field-service']!;

describe('formula assistance', () => {
  const ctx = { plan: fieldService, sheet: 'Jobs', factSchema: sample.input.factSchema, locale: 'en' as const };
  it('suggests functions, parameters, columns and fact columns for the word at the caret', () => {
    expect(suggest('=SU', 3, ctx).items.map((s) => s.label)).toEqual(expect.arrayContaining(['SUM', 'SUMIF', 'SUMIFS']));
    expect(suggest('=[@ho', 5, ctx).items.map((s) => s.label)).toContain('[@hoursToClose]');
    expect(suggest('=FirstTime', 10, ctx).items[0]).toMatchObject({ kind: 'parameter', label: 'FirstTimeFixBonus' });
    expect(suggest('=SO', 3, { ...ctx, locale: 'it' }).items.map((s) => s.label)).toEqual(expect.arrayContaining(['SOMMA', 'SOMMA.SE']));
    expect(suggest('=1+', 3, ctx).items).toEqual([]);
  });
  it('applies a suggestion in place of the partial word', () => {
    expect(applySuggestion('=SU+1', 3, { kind: 'function', label: 'SUM', insert: 'SUM(' })).toEqual({ text: '=SUM(+1', caret: 5 });
  });
  it('maps a canonical offset onto the Italian text by token', () => {
    const canonical = '=IF(Bonus>1,Bonus,0.5)';
    const shown = '=SE(Bonus>1;Bonus;0,5)';
    expect(mapOffset(canonical, canonical.indexOf('Bonus', 8), shown)).toEqual({ start: shown.indexOf('Bonus', 8), end: shown.indexOf('Bonus', 8) + 5 });
    expect(mapOffset('=A+Jobs[Fee]', 3, '=A+Jobs[Fee]')).toEqual({ start: 3, end: 12 });
  });
});

describe('trace substitution and formatting', () => {
  it('puts the values read in place of references', () => {
    const cell = {
      formula: '=[@kWh]*RATE(Rates[Rate],[@category])+Bonus',
      inputs: [
        { name: 'kWh', kind: 'fact' as const, value: 2700 },
        { name: 'category', kind: 'fact' as const, value: 'LUCE_CASA' },
        { name: 'Bonus', kind: 'parameter' as const, value: '15.5' },
      ],
    };
    expect(substituteValues(cell)).toBe('=2700*RATE(Rates[Rate],"LUCE_CASA")+15.5');
  });
  it('formats decimal strings without floats', () => {
    expect(formatDecimal('1234567.5', 'it')).toBe('1.234.567,50');
    expect(formatDecimal('-1234.567', 'en')).toBe('-1,234.567');
    expect(formatDecimal('0.1', 'en', 0)).toBe('0.1');
  });
});

describe('undo/redo history', () => {
  it('walks back and forth, and a new edit clears redo', () => {
    let h = emptyHistory<number>();
    h = record(h, 1);
    h = record(h, 2);
    const u = undo(h, 3)!;
    expect(u.value).toBe(2);
    const r = redo(u.history, 2)!;
    expect(r.value).toBe(3);
    expect(record(u.history, 2).future).toEqual([]);
    expect(undo(emptyHistory<number>(), 0)).toBeUndefined();
  });
});

describe('drops become plan edits', () => {
  it('drops a metric on a summary sheet with unique names and a valid plan; drops it again without clashing', () => {
    const r1 = applyDrop(fieldService, { type: 'metric', metricId: 'slaCompliance' }, { type: 'sheet', sheet: 'Sla' });
    expect(r1?.ok).toBe(true);
    const plan1 = (r1 as { plan: Plan }).plan;
    const r2 = applyDrop(plan1, { type: 'metric', metricId: 'slaCompliance' }, { type: 'sheet', sheet: 'Sla' });
    expect(r2?.ok).toBe(true);
    const plan2 = (r2 as { plan: Plan }).plan;
    expect(listMetricInstances(plan2).map((i) => i.instance)).toEqual(['SlaCompliance2', 'SlaCompliance3']);
    expect(parsePlan(plan2, { factSchema: sample.input.factSchema }).ok).toBe(true);
  });
  it('drops a metric on an empty plan, creating its sheets', () => {
    const empty = PlanSchema.parse({ ...fieldService, sheets: {}, payouts: {}, tables: {}, parameters: {}, conditions: undefined });
    const r = applyDrop(empty, { type: 'metric', metricId: 'tierTable' }, { type: 'newSheet' });
    expect(r?.ok).toBe(true);
  });
  it('reorders a node within its sheet and refuses palette items on the conditions area', () => {
    const jobs = fieldService.sheets['Jobs'];
    if (jobs?.kind !== 'lines') throw new Error('Jobs');
    const [first, second] = Object.keys(jobs.columns);
    const r = applyDrop(fieldService, { type: 'node', sheet: 'Jobs', name: first!, kind: 'column' }, { type: 'node', sheet: 'Jobs', name: second! });
    expect(r?.ok).toBe(true);
    const moved = (r as { plan: Plan }).plan.sheets['Jobs'];
    expect(moved?.kind === 'lines' && Object.keys(moved.columns).slice(0, 2)).toEqual([second, first]);
    expect(applyDrop(fieldService, { type: 'metric', metricId: 'spif' }, { type: 'conditions' })).toBeUndefined();
    const c = applyDrop(fieldService, { type: 'condition', condition: 'reserve' }, { type: 'conditions' });
    expect(c?.ok && c.plan.conditions?.reserve).toEqual({ share: '0.10', releaseAfterMonths: 6 });
  });
});

describe('live preview', () => {
  it('shows the value of a dropped metric for one partner, from core evaluate', () => {
    const r = applyDrop(fieldService, { type: 'metric', metricId: 'slaCompliance' }, { type: 'sheet', sheet: 'Sla' });
    const plan = (r as { plan: Plan }).plan;
    const partner = sample.input.partners.find((p) => p.kind === 'installer')!;
    const preview = computePreview(plan, { sheet: 'Sla', name: 'SlaCompliance2', kind: 'cell' }, { input: sample.input, partnerId: partner.id });
    expect(preview.issues.filter((i) => i.path[0] === 'sheets' || i.path[0] === 'payouts')).toEqual([]);
    expect(preview.rows).toHaveLength(1);
    const v = preview.rows[0]!.value;
    expect(typeof v === 'number' || typeof v === 'string').toBe(true);
    expect(Number(v)).toBeGreaterThanOrEqual(0);
    expect(Number(v)).toBeLessThanOrEqual(1);
    // The preview's total is the partner's real statement total under the plan (the probe excluded).
    const full = evaluate({ ...sample.input, plans: [plan] }, {});
    expect(preview.total).toBe(full.statements.find((s) => s.partnerId === partner.id)?.total);
  });
});

describe('gates for every partner', () => {
  const fieldService = sample.plans['field-service']!;
  const target = { sheet: 'Sla', name: 'SlaBonusGate', kind: 'cell' } as const;
  it('one row per partner the plan covers, each the same as its own single-partner preview', () => {
    const rows = computeGates(fieldService, target, { input: sample.input, partnerId: '' });
    // the plan covers installers and technicians (its selector), in the partners' order
    expect(rows.map((r) => r.partnerId)).toEqual(sample.input.partners.filter((p) => p.kind === 'installer' || p.kind === 'technician').map((p) => p.id));
    for (const r of rows) {
      const single = computePreview(fieldService, target, { input: sample.input, partnerId: r.partnerId });
      expect(r.passed, r.partnerId).toBe(single.rows[0]!.cell!.gate === 'passed');
    }
  });
  it('a target of 0 passes everyone and one above 100 % fails everyone (a compliance share is within 0 and 1)', () => {
    const withTarget = (value: string) => ({ ...fieldService, parameters: { ...fieldService.parameters, SlaTarget: { ...fieldService.parameters!['SlaTarget']!, value } }, overrides: {} });
    const data = { input: sample.input, partnerId: '' };
    expect(new Set(computeGates(withTarget('0'), target, data).map((r) => r.passed))).toEqual(new Set([true]));
    expect(new Set(computeGates(withTarget('1.01'), target, data).map((r) => r.passed))).toEqual(new Set([false]));
  });
});

describe('Italian problem messages', () => {
  it('translates core formula problems found on a real plan, and leaves unknown ones alone', async () => {
    const { localizeIssueMessage, issueText, setFormulaAt } = await import('../src/index.js');
    const broken = setFormulaAt(fieldService, ['sheets', 'Sla', 'cells', 'SlaCompliance', 'formula'], '=Bonuss+SUM(Jobs[Fe])+FOO(1)');
    const messages = parsePlan(broken, { factSchema: sample.input.factSchema }).issues.map((i) => localizeIssueMessage(issueText(i.message), 'it'));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('nome sconosciuto "Bonuss"'),
        expect.stringContaining('colonna sconosciuta "Fe" del foglio righe "Jobs"; forse intendevi "Fee"?'),
        expect.stringContaining('funzione sconosciuta o non ammessa FOO'),
      ]),
    );
    expect(localizeIssueMessage('something new', 'it')).toBe('something new');
  });
});

describe('live preview on facts changed between keystrokes', () => {
  // The preview hands core the same record arrays while the partner's records are the same objects, and core keeps
  // their checks: a record the host changes in place must still show in the next preview.
  it('shows a record changed in place, as a preview on a fresh copy does', () => {
    const input = structuredClone(sample.input);
    const partner = input.partners.find((p) => p.kind === 'installer')!;
    const target = { sheet: 'Jobs', name: 'Fee', kind: 'column' as const };
    const data = { input, partnerId: partner.id };
    const before = computePreview(fieldService, target, data);
    expect(before.rows.length).toBeGreaterThan(1);
    const [first, second] = before.rows.map((r) => r.source!.id);
    const records = input.facts['interventions']!;
    // A value read by the formula: FeeTable pays 45.00 for a SURVEY, 60.00 for MAINTENANCE.
    const a = records.find((r) => r['id'] === first)!;
    a['kind'] = a['kind'] === 'SURVEY' ? 'MAINTENANCE' : 'SURVEY';
    // A date moved out of the period: the record is no longer the partner's in this period.
    const b = records.find((r) => r['id'] === second)!;
    b[input.factSchema.tables['interventions']!.date] = '2020-01-15';
    const after = computePreview(fieldService, target, data);
    expect(after.rows.map((r) => r.source!.id)).not.toContain(second);
    expect(after.rows.length).toBe(before.rows.length - 1);
    expect(after.rows.find((r) => r.source!.id === first)!.value).toBe(a['kind'] === 'SURVEY' ? 45 : 60);
    const copy = computePreview(fieldService, target, { input: structuredClone(input), partnerId: partner.id });
    expect(after.rows.map((r) => [r.source!.id, r.value])).toEqual(copy.rows.map((r) => [r.source!.id, r.value]));
    expect(after.total).toBe(copy.total);
  });
});

describe('live preview with a kept workbook', () => {
  it('gives the same results as a fresh evaluation across successive edits', async () => {
    const { setFormulaAt, loadPreviewEngine } = await import('../src/index.js');
    const partner = sample.input.partners.find((p) => p.kind === 'installer')!;
    const target = { sheet: 'Jobs', name: 'Fee', kind: 'column' as const };
    // HyperFormula is loaded here, with the licence key the host passes; one kept workbook across the edits
    const kept = await loadPreviewEngine('gpl-v3');
    try {
      for (const formula of ['=RATE(FeeTable[Fee], [@kind])', '=RATE(FeeTable[Fee], [@kind]) * 2', '=RATE(FeeTable[Fee], [@kind]) + FirstTimeFixBonus']) {
        const plan = setFormulaAt(fieldService, ['sheets', 'Jobs', 'columns', 'Fee', 'formula'], formula);
        const withKept = computePreview(plan, target, { input: sample.input, partnerId: partner.id }, kept.engine());
        // a fresh workbook each time: a new loader's engine on its first use
        const fresh = await loadPreviewEngine('gpl-v3');
        const withFresh = computePreview(plan, target, { input: sample.input, partnerId: partner.id }, fresh.engine());
        fresh.dispose();
        const exactOnly = computePreview(plan, target, { input: sample.input, partnerId: partner.id });
        expect(withKept.total).toBe(withFresh.total);
        expect(withKept.rows.map((r) => r.value)).toEqual(withFresh.rows.map((r) => r.value));
        expect(withKept.rows.map((r) => r.value)).toEqual(exactOnly.rows.map((r) => r.value));
        expect(withKept.rows.length).toBeGreaterThan(0);
        // the cross-check ran: HyperFormula agrees with the exact engine, so no precision_mismatch
        expect(withKept.issues.filter((i) => i.code === 'precision_mismatch')).toEqual([]);
      }
      // the kept workbook was really used: the last edit changed cells of it rather than building a new one
      expect(kept.session.last.mode).toBe('updated');
    } finally {
      kept.dispose();
    }
  });

  it('a bad licence key is refused by core with a PlanError naming licenseKey (the panel shows it), never skipped silently', async () => {
    const { loadPreviewEngine } = await import('../src/index.js');
    const partner = sample.input.partners.find((p) => p.kind === 'installer')!;
    const bad = await loadPreviewEngine('not-a-key');
    try {
      expect(() => computePreview(fieldService, { sheet: 'Jobs', name: 'Fee', kind: 'column' }, { input: sample.input, partnerId: partner.id }, bad.engine())).toThrow(
        /licenseKey: HyperFormula did not compute with this licence key/,
      );
    } finally {
      bad.dispose();
    }
  });
});
