// Validation tells the approver what approval will block: `validatePeriod` lists exactly the partners, and for each
// exactly the reasons (code, both languages, line), that `approvePeriod` then blocks on the same run. The sample of
// October gets two kinds of bad data: a contract whose category the rate table does not have (its commission line
// cannot be computed, an error on a line) and a partner the caller rejected before the run (an error on its statement).
// On PGlite, and on PostgreSQL when it answers (always in CI, where its absence fails).
import { describe, expect, it } from 'vitest';
import type { Actor, Issue, PeriodInputs } from '@provvigo/core';
import { approvePeriod, calculatePeriod, openPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

/** Its first contract gets a category the sample plan's rate table does not have: its line gives #N/A. */
const LINE_ERROR = 'AGT-0003';
/** Left out of the partners as a caller's partner check would, with an issue in both languages. */
const REJECTED = 'TEC-0003';
const REJECTION: Issue = {
  code: 'invalid_input',
  severity: 'error',
  message: `partner ${REJECTED}: "kind": "boss" is not an allowed value`,
  messages: { en: `partner ${REJECTED}: "kind": "boss" is not an allowed value`, it: `partner ${REJECTED}: "kind": "boss" non è un valore ammesso` },
  path: ['partners', 19, 'kind'],
  partnerId: REJECTED,
};

/** The sample with the two kinds of bad data, and the id of the contract whose line fails. */
function badInputs(): { inputs: PeriodInputs; badContract: string } {
  const inputs = sampleInputs();
  const contracts = inputs.facts['contracts']!;
  const first = contracts.findIndex((c) => c['partnerId'] === LINE_ERROR);
  contracts[first] = { ...contracts[first]!, category: 'IDROGENO' };
  return {
    inputs: { ...inputs, partners: inputs.partners.filter((p) => p.id !== REJECTED), invalidPartners: [{ id: REJECTED, issues: [REJECTION] }] },
    badContract: String(contracts[first]!['id']),
  };
}

describe.each(ENGINES)('validation lists what approval blocks, on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  it.skipIf(skip)('the same partners, in the same order, with the same reasons in Italian and English', async () => {
    const { inputs, badContract } = badInputs();
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(2) });
    const validated = await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at: at(3) });
    const approved = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(4) });

    expect(validated.blocked.map((b) => b.partnerId)).toEqual([LINE_ERROR, REJECTED]);
    expect(validated.blocked).toEqual(approved.blocked);

    // the failing line, once, named by its id (which carries the contract's), with its error in both languages: the
    // statement's issues repeat the line's, and that copy is not a second reason without a line
    const [lineError, rejected] = validated.blocked;
    expect(lineError!.reasons).toHaveLength(1);
    const [reason] = lineError!.reasons;
    expect(reason!.lineId).toContain(badContract);
    expect(reason).toMatchObject({ code: 'formula_error', message: reason!.messages?.en });
    expect(reason!.messages?.it).toMatch(/ dà #N\/A/);
    // the rejected partner: its own issue, in both languages, on no line
    expect(rejected!.reasons).toEqual([{ code: REJECTION.code, message: REJECTION.message, messages: REJECTION.messages }]);
  });
});
