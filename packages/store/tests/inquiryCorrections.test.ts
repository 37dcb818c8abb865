import { describe, expect, it } from 'vitest';
import type { Actor, PeriodInputs, StatementLine } from '@provvigo/core';
import { answerInquiry, approvePeriod, calculatePeriod, inquiryCorrections, openInquiry, openPeriod, validatePeriod, type Inquiry } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// A question answered "it will be corrected" finds the adjustment that corrects it: October is approved, a partner
// asks about one of its lines, October's data is corrected, and November's run books the adjustment. The link is read
// from the runs' stored statements; partners see it only once November is approved.
const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const NOVEMBER = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
/** A decimal string as an integer of its smallest units (the amounts compared share one scale, checked below). */
const units = (s: string): bigint => BigInt(s.replace('.', ''));
const decimals = (s: string): number => s.split('.')[1]?.length ?? 0;
const at = (n: number): string => `2026-11-${String(n).padStart(2, '0')}T10:00:00.000Z`;

/** The sample's October data with one contract's consumption tripled: its commission changes, and only its. */
function corrected(inputs: PeriodInputs, contractId: string): PeriodInputs {
  const contracts = inputs.facts.contracts!.map((c) =>
    c.id === contractId ? { ...c, annualKwh: Number(c.annualKwh ?? 0) * 3 + 1000, annualSmc: Number(c.annualSmc ?? 0) * 3 + 1000 } : c,
  );
  return { ...inputs, facts: { ...inputs.facts, contracts } };
}

describe.each(ENGINES)('corrections of questions on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  it.skipIf(skip)('link a question to the later adjustment of its line, for staff at once and for partners once approved', async () => {
    const inputs = sampleInputs();
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    const { run } = await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(2) });
    await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at: at(3) });
    await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(4) });

    // the partner asks about a line, about its whole statement, and about a line nobody corrects
    const contractLines = (await suite.store.getEvaluated(run.record.id)).flatMap((s) => s.lines).filter((l) => l.source?.table === 'contracts' && l.amount !== '0.00');
    // a partner with two contracts paid: one is corrected, the other not
    const target = contractLines.find((l) => contractLines.some((o) => o.partnerId === l.partnerId && o.source!.id !== l.source!.id))!;
    const untouched = contractLines.find((l: StatementLine) => l.partnerId === target.partnerId && l.source!.id !== target.source!.id)!;
    const ask = (lineId: string | null, question: string) =>
      openInquiry(suite.store, { periodId: OCTOBER.id, runId: run.record.id, partnerId: target.partnerId, lineId, question, actor: 'agent', at: at(5) });
    const onLine = await ask(target.id, 'Il consumo di questo contratto è sbagliato.');
    const onStatement = await ask(null, 'Il totale non torna.');
    const onOther = await ask(untouched.id, 'E questo?');
    await answerInquiry(suite.store, { id: onLine.id, answer: 'Sarà corretto a novembre.', outcome: 'toCorrect', actor: 'finance', at: at(6) });
    const asked: Inquiry[] = [onLine, onStatement, onOther];
    expect(await inquiryCorrections(suite.store, asked, { visibleOnly: false })).toEqual(new Map());

    await openPeriod(suite.store, { period: NOVEMBER, actor: carla, at: at(7) });
    const november = await calculatePeriod(suite.store, { periodId: NOVEMBER.id, inputs: corrected(inputs, target.source!.id), actor: carla, at: at(8) });
    const booked = november.adjustments.filter((a) => a.partnerId === target.partnerId);
    expect(booked.length).toBeGreaterThan(0);

    // staff see the correction as soon as November is calculated; partners only once it is approved
    const staff = await inquiryCorrections(suite.store, asked, { visibleOnly: false });
    expect(await inquiryCorrections(suite.store, asked, { visibleOnly: true })).toEqual(new Map());
    const forLine = staff.get(onLine.id)!;
    expect(forLine.map((c) => [c.periodId, c.runId, c.runState, c.approved, c.adjustmentId])).toEqual(
      booked.map((a) => [NOVEMBER.id, november.run.record.id, 'calculated', false, a.id]),
    );
    for (const c of forLine) {
      // the amount corrected is the one the partner asked about, and the delta what November adds to it
      expect(c.previousAmount).toBe(target.amount);
      expect([decimals(c.newAmount), decimals(c.delta)]).toEqual([decimals(target.amount), decimals(target.amount)]);
      expect(units(c.newAmount) - units(c.previousAmount)).toBe(units(c.delta));
      expect(units(c.delta)).not.toBe(0n);
      expect(c.currency).toBe(target.currency);
    }
    // the whole statement's question is answered by the same adjustments; the other line's by none
    expect(staff.get(onStatement.id)).toEqual(forLine);
    expect(staff.has(onOther.id)).toBe(false);

    await validatePeriod(suite.store, { periodId: NOVEMBER.id, actor: carla, at: at(9) });
    await approvePeriod(suite.store, { periodId: NOVEMBER.id, actor: anna, at: at(10) });
    const partner = await inquiryCorrections(suite.store, asked, { visibleOnly: true });
    expect(partner.get(onLine.id)!.map((c) => [c.adjustmentId, c.runState, c.approved])).toEqual(booked.map((a) => [a.id, 'approved', true]));
  });
});
