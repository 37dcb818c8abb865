import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approveRun,
  assertRunMutable,
  blockReasons,
  isRunImmutable,
  openRun,
  RunError,
  transition,
  unwrapRun,
} from '../src/run/index.js';
import { RunRecordSchema, type Actor, type RunRecord } from '../src/schema/run.js';
import { line, period, statement } from './ledger-fixtures.js';

const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const both: Actor = { id: 'bruno', roles: ['calculator', 'approver'] };
const designer: Actor = { id: 'dario', roles: ['planDesigner'] };
const partner: Actor = { id: 'p1', roles: ['partner'] };
const calc = { plans: [{ id: 'energy', version: 1, hash: 'ph' }], inputHash: 'in1', outputHash: 'out1' };

const good = statement('P1', '2026-01', [line({ id: 'l1', partnerId: 'P1', period: '2026-01', amount: '10.00' })]);
const good2 = statement('P2', '2026-01', [line({ id: 'l2', partnerId: 'P2', period: '2026-01', amount: '5.00' })]);
const bad = statement('P3', '2026-01', [
  line({ id: 'l3', partnerId: 'P3', period: '2026-01', amount: '0', status: 'error' }),
  line({ id: 'l4', partnerId: 'P3', period: '2026-01', amount: '7.00' }),
]);

function validated(calculator: Actor = carla): RunRecord {
  let run = unwrapRun(openRun({ id: 'r1', period: period('2026-01'), actor: calculator, at: '2026-02-01T09:00:00Z' })).run;
  run = unwrapRun(transition(run, 'calculate', calculator, '2026-02-01T09:05:00Z', calc)).run;
  run = unwrapRun(transition(run, 'validate', calculator, '2026-02-01T09:10:00Z')).run;
  return run;
}

describe('run state machine', () => {
  it('walks draft → calculated → validated → approved → invoiced → posted, recording who and when', () => {
    const run0 = validated();
    const approved = approveRun(run0, [good, good2], anna, '2026-02-02T10:00:00Z');
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    const invoiced = unwrapRun(transition(approved.run, 'invoice', carla, '2026-02-03T10:00:00Z')).run;
    const posted = unwrapRun(transition(invoiced, 'post', anna, '2026-02-04T10:00:00Z')).run;
    expect(posted.state).toBe('posted');
    expect(RunRecordSchema.parse(posted)).toEqual(posted);
    expect(posted.history.map((h) => `${h.action}:${h.from}->${h.to}:${h.actor}`)).toEqual([
      'open:null->draft:carla',
      'calculate:draft->calculated:carla',
      'validate:calculated->validated:carla',
      'approve:validated->approved:anna',
      'invoice:approved->invoiced:carla',
      'post:invoiced->posted:anna',
    ]);
    expect(posted).toMatchObject({ calculatedBy: 'carla', approvedBy: 'anna', approvedAt: '2026-02-02T10:00:00Z', inputHash: 'in1', outputHash: 'out1' });
    // the original objects are untouched (functions return new objects)
    expect(run0.state).toBe('validated');
    expect(approved.audit).toMatchObject({ action: 'run.approve', runId: 'r1', actor: 'anna', inputHash: 'in1', outputHash: 'out1' });
  });

  it('enforces roles for every action', () => {
    expect(openRun({ id: 'r', period: period('2026-01'), actor: designer, at: 't' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const run = validated();
    expect(transition(run, 'calculate', anna, 't', calc)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(transition(run, 'validate', partner, 't')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(approveRun(run, [good], carla, 't')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(approveRun(run, [good], designer, 't')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const approved = unwrapRun(approveRun(run, [good], anna, 't')).run;
    expect(transition(approved, 'invoice', partner, 't')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('is four-eyes: whoever calculated may not approve, even holding the approver role', () => {
    const run = validated(both);
    const r = approveRun(run, [good], both, 't');
    expect(r).toMatchObject({ ok: false, error: { code: 'four_eyes' } });
    expect(approveRun(run, [good], anna, 't').ok).toBe(true);
    expect(transition(run, 'approve', both, 't', { statements: [good] })).toMatchObject({ ok: false, error: { code: 'four_eyes' } });
  });

  it('gives each block reason in Italian and English: the issue\'s own pair, or a sentence of its own', () => {
    const it2 = { it: 'la tabella RATE non ha la riga "Lazio"', en: 'table RATE has no row "Lazio"' };
    const withPair = statement('P4', '2026-01', [line({ id: 'l5', partnerId: 'P4', period: '2026-01', amount: '0', status: 'error' })]);
    withPair.lines[0]!.issues = [{ code: 'unknown_reference', severity: 'error', message: it2.en, messages: it2, path: [] }];
    const silent = statement('P5', '2026-01', [line({ id: 'l6', partnerId: 'P5', period: '2026-01', amount: '0', status: 'error' })]);
    silent.lines[0]!.issues = [];
    const marked = { ...statement('P6', '2026-01', [line({ id: 'l7', partnerId: 'P6', period: '2026-01', amount: '1.00' })]), blocked: true };
    expect(blockReasons(withPair)).toEqual([{ code: 'unknown_reference', message: it2.en, messages: it2, lineId: 'l5' }]);
    expect(blockReasons(silent)[0]!.messages).toEqual({ it: `la riga l6 (${silent.lines[0]!.payout}) contiene un errore`, en: `line l6 (${silent.lines[0]!.payout}) carries an error` });
    expect(blockReasons(marked)).toEqual([{ code: 'blocked', message: 'the statement of P6 is marked blocked', messages: { it: 'il rendiconto di P6 è bloccato', en: 'the statement of P6 is marked blocked' } }]);
  });

  it('lists a failing line once: the statement\'s copy of its issue is no second reason, the statement\'s own error is', () => {
    const lineIssue = { code: 'formula_error' as const, severity: 'error' as const, message: '#N/A in line l8', path: ['lines', 0] };
    const own = { code: 'invalid_input' as const, severity: 'error' as const, message: 'partner P7 has no VAT number', path: ['partners', 3] };
    const s = statement('P7', '2026-01', [line({ id: 'l8', partnerId: 'P7', period: '2026-01', amount: '0', status: 'error' })]);
    s.lines[0]!.issues = [lineIssue];
    // as a run leaves it, and as storage gives it back (copies, not the same objects)
    s.issues = [structuredClone(lineIssue), own];
    expect(blockReasons(s).map((r) => [r.code, r.lineId])).toEqual([
      ['formula_error', 'l8'],
      ['invalid_input', undefined],
    ]);
  });

  it('approves partners without errors and blocks the others with reasons', () => {
    const r = approveRun(validated(), [bad, good, good2], anna, 't');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.approved).toEqual(['P1', 'P2']);
    // the fixture's issue is written in English only: both languages carry its text rather than none
    expect(r.blocked).toEqual([{ partnerId: 'P3', reasons: [{ code: 'formula_error', message: '#DIV/0! in line l3', messages: { it: '#DIV/0! in line l3', en: '#DIV/0! in line l3' }, lineId: 'l3' }] }]);
    expect(r.run.partners).toEqual({ approved: ['P1', 'P2'], blocked: r.blocked, skipped: [] });
    const only = approveRun(validated(), [bad, good, good2], anna, 't', { partners: ['P2'] });
    expect(only).toMatchObject({ ok: true, approved: ['P2'], skipped: ['P1', 'P3'] });
    expect(approveRun(validated(), [bad], anna, 't')).toMatchObject({ ok: false, error: { code: 'nothing_to_approve' } });
    expect(approveRun(validated(), [good], anna, 't', { partners: ['PX'] })).toMatchObject({ ok: false, error: { code: 'unknown_partner' } });
    expect(approveRun(validated(), [good], anna, 't', { outputHash: 'other' })).toMatchObject({ ok: false, error: { code: 'output_mismatch' } });
  });

  it('refuses moves out of order', () => {
    const draft = unwrapRun(openRun({ id: 'r', period: period('2026-01'), actor: carla, at: 't' })).run;
    expect(transition(draft, 'validate', carla, 't')).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
    expect(approveRun(draft, [good], anna, 't')).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
    expect(transition(draft, 'post', anna, 't')).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
    expect(transition(draft, 'calculate', carla, 't')).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // recalculating a validated (not yet approved) run drops the validation
    const recalculated = unwrapRun(transition(validated(), 'calculate', carla, 't2', { ...calc, outputHash: 'out2' })).run;
    expect(recalculated).toMatchObject({ state: 'calculated', validatedBy: null, outputHash: 'out2' });
  });

  it('never changes an approved run: clear run_immutable errors, frozen objects', () => {
    const approved = unwrapRun(approveRun(validated(), [good], anna, 't')).run;
    expect(isRunImmutable(approved)).toBe(true);
    expect(transition(approved, 'calculate', carla, 't', calc)).toMatchObject({ ok: false, error: { code: 'run_immutable', runId: 'r1' } });
    expect(transition(approved, 'validate', carla, 't')).toMatchObject({ ok: false, error: { code: 'run_immutable' } });
    expect(approveRun(approved, [good], anna, 't')).toMatchObject({ ok: false, error: { code: 'run_immutable' } });
    expect(() => assertRunMutable(approved)).toThrowError(RunError);
    let thrown: unknown;
    try {
      assertRunMutable(approved);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RunError);
    expect((thrown as RunError).code).toBe('run_immutable');
    expect(Object.isFrozen(approved)).toBe(true);
    expect(() => {
      (approved as { outputHash: string | null }).outputHash = 'forged';
    }).toThrow();
    expect(() => approved.plans.push({ id: 'x', version: 2, hash: 'y' })).toThrow();
    expect(() => unwrapRun(transition(approved, 'validate', carla, 't'))).toThrowError(/never changes/);
  });
});

describe('run state machine, property', () => {
  it('under any sequence of actions and actors: four-eyes holds, roles hold, and an approved run never changes its results', () => {
    const actors: Actor[] = [carla, anna, both, designer, partner, { id: 'ugo', roles: ['calculator'] }, { id: 'vera', roles: ['approver'] }];
    const arbStep = fc.record({
      // 'next' is the action that moves the run forward from its state: keeps random walks reaching the end
      action: fc.constantFrom('next' as const, 'next' as const, 'next' as const, 'calculate' as const, 'validate' as const, 'approve' as const, 'invoice' as const, 'post' as const),
      actor: fc.integer({ min: 0, max: actors.length - 1 }),
      out: fc.constantFrom('o1', 'o2'),
    });
    let reachedPosted = 0;
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 25 }), (steps) => {
        let run = unwrapRun(openRun({ id: 'r', period: period('2026-01'), actor: carla, at: 't0' })).run;
        let frozen: string | null = null;
        steps.forEach((s, i) => {
          const actor = actors[s.actor]!;
          const next = { draft: 'calculate', calculated: 'validate', validated: 'approve', approved: 'invoice', invoiced: 'post', posted: 'post' } as const;
          const action = s.action === 'next' ? next[run.state] : s.action;
          const r = transition(run, action, actor, `t${i + 1}`, action === 'approve' ? { statements: [good, bad] } : { ...calc, outputHash: s.out });
          if (!r.ok) return;
          const needed = { calculate: ['calculator'], validate: ['calculator', 'approver'], approve: ['approver'], invoice: ['calculator', 'approver'], post: ['calculator', 'approver'] }[action];
          expect(actor.roles.some((role) => needed.includes(role))).toBe(true);
          run = r.run;
          if (run.approvedBy !== null) expect(run.approvedBy).not.toBe(run.calculatedBy);
          const results = JSON.stringify([run.plans, run.inputHash, run.outputHash, run.calculatedBy, run.approvedBy, run.partners]);
          if (frozen !== null) expect(results).toBe(frozen);
          if (isRunImmutable(run)) frozen = results;
        });
        if (run.state === 'posted') reachedPosted++;
      }),
      { seed: 1495603250, numRuns: 300 },
    );
    expect(reachedPosted).toBeGreaterThan(0);
  });
});
