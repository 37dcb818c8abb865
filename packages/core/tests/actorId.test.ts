import { describe, expect, it } from 'vitest';
import { approveRun, normalizeActorId, openRun, transition, unwrapRun, type Statement } from '../src/index.js';

const period = { id: '2026-10', start: '2026-10-01', end: '2026-10-31' };

describe('actor ids', () => {
  it('have one spelling: case, surrounding and repeated whitespace, Unicode composition', () => {
    expect(normalizeActorId('  Anna  ')).toBe('anna');
    expect(normalizeActorId('Anna\tMaria   ROSSI')).toBe('anna maria rossi');
    expect(normalizeActorId('Nicolo\u0300')).toBe(normalizeActorId('Nicol\u00f2')); // o + combining grave = ò
  });

  it('four-eyes sees "Carla" and " carla " as the same person, and runs record the one spelling', () => {
    const run = unwrapRun(openRun({ id: 'r1', period, actor: { id: ' Carla ', roles: ['calculator'] }, at: 't0' })).run;
    expect(run.createdBy).toBe('carla');
    const calculated = unwrapRun(transition(run, 'calculate', { id: 'CARLA', roles: ['calculator'] }, 't1', { plans: [], inputHash: 'i', outputHash: 'o' })).run;
    expect(calculated.calculatedBy).toBe('carla');
    const validated = unwrapRun(transition(calculated, 'validate', { id: 'carla', roles: ['calculator'] }, 't2')).run;
    const statements: Statement[] = [{ partnerId: 'P1', period: period.id, currency: 'EUR', lines: [], total: '0.00', byComponent: {}, blocked: false, issues: [] }];
    const refused = approveRun(validated, statements, { id: ' carla\u00a0', roles: ['approver'] }, 't3');
    expect(refused).toMatchObject({ ok: false, error: { code: 'four_eyes' } });
    const approved = approveRun(validated, statements, { id: 'Anna', roles: ['approver'] }, 't3');
    expect(approved).toMatchObject({ ok: true, run: { approvedBy: 'anna' }, audit: { actor: 'anna' } });
  });
});
