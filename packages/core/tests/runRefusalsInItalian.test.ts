// Every refusal of the run state machine carries its text in Italian and English (`messages`), with `message` the
// English text as before, so a CLI or UI can show the refusal in its reader's language. Fails on a refusal given in
// English only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { approveRun, assertRunMutable, openRun, RunError, transition, unwrapRun } from '../src/run/index.js';
import { RunErrorSchema, type Actor, type RunErrorData, type RunRecord } from '../src/schema/run.js';
import { line, period, statement } from './ledger-fixtures.js';

const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const bruno: Actor = { id: 'bruno', roles: ['calculator', 'approver'] };
const paolo: Actor = { id: 'p1', roles: ['partner'] };
const calc = { plans: [{ id: 'energy', version: 1, hash: 'ph' }], inputHash: 'in1', outputHash: 'out1' };

const good = statement('P1', '2026-01', [line({ id: 'l1', partnerId: 'P1', period: '2026-01', amount: '10.00' })]);
const bad = statement('P3', '2026-01', [line({ id: 'l3', partnerId: 'P3', period: '2026-01', amount: '0', status: 'error' })]);

function draft(calculator: Actor = carla): RunRecord {
  return unwrapRun(openRun({ id: 'r1', period: period('2026-01'), actor: calculator, at: '2026-02-01T09:00:00Z' })).run;
}

function validated(calculator: Actor = carla): RunRecord {
  let run = draft(calculator);
  run = unwrapRun(transition(run, 'calculate', calculator, '2026-02-01T09:05:00Z', calc)).run;
  return unwrapRun(transition(run, 'validate', calculator, '2026-02-01T09:10:00Z')).run;
}

function approved(): RunRecord {
  return unwrapRun(approveRun(validated(), [good], anna, '2026-02-02T10:00:00Z')).run;
}

/** The refusal of a result that must be one. */
function refusal(result: { ok: true } | { ok: false; error: RunErrorData }): RunErrorData {
  if (result.ok) throw new Error('expected a refusal, the move was allowed');
  return result.error;
}

/** Checks the refusal's code, that `messages.en` is its `message`, and its Italian sentence. */
function expectBoth(error: RunErrorData, code: RunErrorData['code'], it: string): void {
  expect(error.code).toBe(code);
  expect(error.messages).toBeDefined();
  expect(error.messages!.en).toBe(error.message);
  expect(error.messages!.it).toBe(it);
  expect(error.messages!.it).not.toBe(error.messages!.en);
  expect(RunErrorSchema.parse(error)).toEqual(error);
}

describe('run refusals in Italian and English', () => {
  it('four_eyes: whoever calculated may not approve, nor reject', () => {
    const run = validated(bruno);
    const approve = refusal(approveRun(run, [good], bruno, 't'));
    expectBoth(approve, 'four_eyes', "bruno ha calcolato l'esecuzione r1 e quindi non può approvarla (principio dei quattro occhi)");
    expect(approve.message).toBe('bruno calculated run r1 and so may not approve it (four-eyes)');
    expect(approve.messages!.it).toContain('quattro occhi');
    expect(approve.messages!.it).toContain('r1');
    const reject = refusal(transition(run, 'reject', bruno, 't', { reason: 'numeri strani' }));
    expectBoth(
      reject,
      'four_eyes',
      "bruno ha calcolato l'esecuzione r1 e non può respingerla (principio dei quattro occhi): deve farlo un altro approvatore",
    );
  });

  it('forbidden: the actor lacks the role', () => {
    const approve = refusal(approveRun(validated(), [good], carla, 't'));
    expectBoth(approve, 'forbidden', "carla non può approvare un'esecuzione: serve il ruolo approver");
    expect(approve.message).toBe('carla may not approve a run: needs role approver');
    const validate = refusal(transition(validated(), 'validate', paolo, 't'));
    expectBoth(validate, 'forbidden', "p1 non può validare un'esecuzione: serve il ruolo calculator o approver");
    const open = refusal(openRun({ id: 'r2', period: period('2026-01'), actor: anna, at: 't' }));
    expectBoth(open, 'forbidden', "anna non può aprire un'esecuzione: serve il ruolo calculator");
  });

  it('invalid_transition: validating a draft, approving a run not validated, validating a rejected run', () => {
    const validate = refusal(transition(draft(), 'validate', carla, 't'));
    expectBoth(validate, 'invalid_transition', "non si può validare l'esecuzione r1 nello stato bozza (stati ammessi: calcolato)");
    expect(validate.message).toBe('cannot validate run r1 in state draft (allowed from calculated)');
    const approve = refusal(approveRun(draft(), [good], anna, 't'));
    expectBoth(approve, 'invalid_transition', "non si può approvare l'esecuzione r1 nello stato bozza: prima va validata");
    const rejected = unwrapRun(transition(validated(), 'reject', anna, 't', { reason: 'manca un contratto' })).run;
    expectBoth(
      refusal(transition(rejected, 'validate', carla, 't')),
      'invalid_transition',
      "l'esecuzione r1 è stata respinta: ricalcolala prima di validarla di nuovo",
    );
  });

  it('run_immutable: an approved run never changes, thrown or returned', () => {
    const run = approved();
    const calculate = refusal(transition(run, 'calculate', carla, 't', calc));
    const it = "l'esecuzione r1 è nello stato approvato: un'esecuzione approvata non cambia mai; ricalcola in una nuova esecuzione";
    expectBoth(calculate, 'run_immutable', it);
    expect(calculate.message).toBe('run r1 is approved: an approved run never changes; recalculate in a new run');
    expectBoth(
      refusal(approveRun(run, [good], anna, 't')),
      'run_immutable',
      "l'esecuzione r1 è già nello stato approvato: un'esecuzione approvata non cambia mai",
    );
    let thrown: unknown;
    try {
      assertRunMutable(run);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RunError);
    const error = thrown as RunError;
    expect(error.message).toBe(calculate.message);
    expect(error.messages).toEqual({ en: calculate.message, it });
    expect(error.toJSON()).toEqual({ code: 'run_immutable', message: calculate.message, messages: { en: calculate.message, it }, runId: 'r1' });
  });

  it('nothing_to_approve: every requested partner is blocked', () => {
    const error = refusal(approveRun(validated(), [bad], anna, 't'));
    expectBoth(error, 'nothing_to_approve', "nessun partner dell'esecuzione r1 può essere approvato: partner bloccati: P3");
    expect(error.message).toBe('no partner of run r1 can be approved: P3 blocked');
  });

  it('the other refusals carry both languages too', () => {
    expectBoth(refusal(approveRun(validated(), [good], anna, 't', { partners: ['PX'] })), 'unknown_partner', "il partner PX non ha un estratto conto nell'esecuzione r1");
    expectBoth(
      refusal(approveRun(validated(), [good], anna, 't', { outputHash: 'other' })),
      'output_mismatch',
      "gli estratti conto forniti (output other) non sono quelli dell'esecuzione r1 (output out1)",
    );
    const february = statement('P1', '2026-02', [line({ id: 'l9', partnerId: 'P1', period: '2026-02', amount: '1.00' })]);
    expectBoth(
      refusal(approveRun(validated(), [february], anna, 't')),
      'output_mismatch',
      "l'estratto conto di P1 è del periodo 2026-02, l'esecuzione r1 è del periodo 2026-01",
    );
    expectBoth(refusal(transition(draft(), 'calculate', carla, 't')), 'invalid_argument', 'per calcolare servono { plans, inputHash, outputHash } della valutazione');
    expectBoth(refusal(transition(validated(), 'reject', anna, 't', { reason: '  ' })), 'invalid_argument', "per respingere un'esecuzione serve un motivo");
    expectBoth(refusal(openRun({ id: '', period: period('2026-01'), actor: carla, at: 't' })), 'invalid_argument', "un'esecuzione ha bisogno di un id");
  });

  it('unwrapRun throws a RunError carrying both languages; a RunError from English only keeps no messages', () => {
    let thrown: unknown;
    try {
      unwrapRun(approveRun(validated(bruno), [good], bruno, 't'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RunError);
    const error = thrown as RunError;
    expect(error.code).toBe('four_eyes');
    expect(error.message).toBe('bruno calculated run r1 and so may not approve it (four-eyes)');
    expect(error.messages?.it).toBe("bruno ha calcolato l'esecuzione r1 e quindi non può approvarla (principio dei quattro occhi)");
    const old = new RunError('run_immutable', 'run r0 was already approved', 'r0');
    expect(old.messages).toBeUndefined();
    expect(old.toJSON()).toEqual({ code: 'run_immutable', message: 'run r0 was already approved', runId: 'r0' });
    // data written before `messages` existed still parses
    expect(RunErrorSchema.parse({ code: 'forbidden', message: 'x may not approve a run' })).toEqual({ code: 'forbidden', message: 'x may not approve a run' });
  });

  it('no refusal in the run module is written in English only (source scan)', () => {
    const dir = fileURLToPath(new URL('../src/run/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('runMachine.ts');
    let calls = 0;
    const englishOnly: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      // a call's first argument is the code (a literal, or a variable as in unwrapRun); the second must not be a string literal
      for (const m of text.matchAll(/\b(fail|new RunError)\(\s*([^,()]+),\s*(\S)/g)) {
        if (m[2]!.includes(':')) continue; // the declaration `function fail(code: RunErrorCode, …)`
        calls++;
        if (m[3] === "'" || m[3] === '"' || m[3] === '`') {
          const at = text.slice(0, m.index).split('\n').length;
          englishOnly.push(`${file}:${at} ${m[0]}`);
        }
      }
    }
    expect(englishOnly).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(18);
  });
});
