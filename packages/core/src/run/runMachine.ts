import { BilingualError } from '../bilingualError.js';
import type { Statement } from '../schema/result.js';
import type { Period } from '../schema/result.js';
import type {
  Actor,
  AuditInput,
  PartnerApproval,
  Role,
  RunAction,
  RunErrorCode,
  RunErrorData,
  RunRecord,
  RunState,
} from '../schema/run.js';
import { normalizeActorId } from './actorId.js';
import type { BothLanguages } from '../schema/common.js';
import { runStateName } from './runStateNames.js';
import { blockReasons } from './blockReasons.js';

/** The actor with its id in the one spelling (see `normalizeActorId`). */
function normalized(actor: Actor): Actor {
  const id = normalizeActorId(actor.id);
  return id === actor.id ? actor : { ...actor, id };
}

/**
 * A refusal of the run state machine, as a throwable error with a stable `code`. `message` is in English; `messages`
 * holds the refusal in Italian and English when it was given in both.
 */
export class RunError extends BilingualError {
  readonly code: RunErrorCode;
  readonly runId: string | undefined;
  constructor(code: RunErrorCode, message: string | BothLanguages, runId?: string) {
    super(message);
    this.name = 'RunError';
    this.code = code;
    this.runId = runId;
  }
  toJSON(): RunErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.messages ? { messages: { ...this.messages } } : {}),
      ...(this.runId === undefined ? {} : { runId: this.runId }),
    };
  }
}


/** Each action as an Italian infinitive: "non può <verb> un'esecuzione". */
const ACTION_IT: Readonly<Record<RunAction, string>> = {
  open: 'aprire',
  calculate: 'calcolare',
  validate: 'validare',
  approve: 'approvare',
  invoice: 'fatturare',
  post: 'contabilizzare',
  reject: 'respingere',
};

/** The refusal to change an approved (or later) run, as `assertRunMutable` and `transition` give it. */
function immutableRun(run: RunRecord): BothLanguages {
  return {
    en: `run ${run.id} is ${run.state}: an approved run never changes; recalculate in a new run`,
    it: `l'esecuzione ${run.id} è nello stato ${runStateName(run.state, 'it')}: un'esecuzione approvata non cambia mai; ricalcola in una nuova esecuzione`,
  };
}

/** Every transition returns the new run and the audit record to append, or a refusal. Never mutates its input. */
export type TransitionResult =
  | { ok: true; run: RunRecord; audit: AuditInput }
  | { ok: false; error: RunErrorData };

export type ApproveResult =
  | { ok: true; run: RunRecord; audit: AuditInput; approved: string[]; blocked: PartnerApproval['blocked']; skipped: string[] }
  | { ok: false; error: RunErrorData };

/** Who may do what. Four-eyes is checked on top: the approver never calculated the run. */
export const RUN_PERMISSIONS: Readonly<Record<RunAction, readonly Role[]>> = Object.freeze({
  open: ['calculator'],
  calculate: ['calculator'],
  validate: ['calculator', 'approver'],
  approve: ['approver'],
  invoice: ['calculator', 'approver'],
  post: ['calculator', 'approver'],
  reject: ['approver'],
});

/** States from which each action may start, and where it leads. */
const MOVES: Readonly<Record<Exclude<RunAction, 'open'>, { from: readonly RunState[]; to: RunState }>> = {
  calculate: { from: ['draft', 'calculated', 'validated'], to: 'calculated' },
  validate: { from: ['calculated'], to: 'validated' },
  approve: { from: ['validated'], to: 'approved' },
  invoice: { from: ['approved'], to: 'invoiced' },
  post: { from: ['invoiced'], to: 'posted' },
  // back to the calculator; the reason goes to the audit log, and validate waits for a recalculation
  reject: { from: ['calculated', 'validated'], to: 'calculated' },
};

const FROZEN_STATES: ReadonlySet<RunState> = new Set(['approved', 'invoiced', 'posted']);

/** True once a run is approved: its plans, hashes and partner approvals never change again. */
export function isRunImmutable(run: RunRecord): boolean {
  return FROZEN_STATES.has(run.state);
}

/** Throws `RunError('run_immutable')` for an approved (or later) run. For callers about to change a run's results. */
export function assertRunMutable(run: RunRecord): void {
  if (isRunImmutable(run)) {
    throw new RunError('run_immutable', immutableRun(run), run.id);
  }
}

/** Turns a refusal into a thrown RunError, for callers that prefer exceptions. */
export function unwrapRun<T extends { ok: true } | { ok: false; error: RunErrorData }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) {
    const error = (result as { ok: false; error: RunErrorData }).error;
    throw new RunError(error.code, error.messages ?? error.message, error.runId);
  }
  return result as Extract<T, { ok: true }>;
}

/** A refusal, in English (`message`) and in both languages (`messages`). */
function fail(code: RunErrorCode, messages: BothLanguages, runId?: string): { ok: false; error: RunErrorData } {
  const error: RunErrorData = { code, message: messages.en, messages: { it: messages.it, en: messages.en } };
  return { ok: false, error: runId === undefined ? error : { ...error, runId } };
}

function roleCheck(action: RunAction, actor: Actor, runId?: string): { ok: false; error: RunErrorData } | null {
  const allowed = RUN_PERMISSIONS[action];
  if (!actor.roles.some((r) => allowed.includes(r))) {
    return fail('forbidden', {
      en: `${actor.id} may not ${action} a run: needs role ${allowed.join(' or ')}`,
      it: `${actor.id} non può ${ACTION_IT[action]} un'esecuzione: serve il ruolo ${allowed.join(' o ')}`,
    }, runId);
  }
  return null;
}

/** Deep-freezes a run record so that an approved run cannot be edited in place by accident. */
function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) freeze(v);
  }
  return value;
}

export interface OpenRunArgs {
  id: string;
  period: Period;
  actor: Actor;
  at: string;
  /** The approved run of the same period this run recalculates (its deltas become adjustment lines). */
  recalculates?: string | null;
}

/** Creates a draft run. Needs the calculator role. */
export function openRun(input: OpenRunArgs): TransitionResult {
  const args = { ...input, actor: normalized(input.actor) };
  const denied = roleCheck('open', args.actor, args.id);
  if (denied) return denied;
  if (!args.id) return fail('invalid_argument', { en: 'a run needs an id', it: "un'esecuzione ha bisogno di un id" });
  const run: RunRecord = {
    id: args.id,
    period: { ...args.period },
    state: 'draft',
    plans: [],
    inputHash: null,
    outputHash: null,
    recalculates: args.recalculates ?? null,
    createdBy: args.actor.id,
    createdAt: args.at,
    calculatedBy: null,
    calculatedAt: null,
    validatedBy: null,
    validatedAt: null,
    approvedBy: null,
    approvedAt: null,
    invoicedBy: null,
    invoicedAt: null,
    postedBy: null,
    postedAt: null,
    partners: null,
    history: [{ action: 'open', from: null, to: 'draft', actor: args.actor.id, at: args.at }],
  };
  return {
    ok: true,
    run,
    audit: {
      at: args.at,
      actor: args.actor.id,
      action: 'run.open',
      runId: run.id,
      inputHash: null,
      outputHash: null,
      details: { period: run.period.id, ...(run.recalculates ? { recalculates: run.recalculates } : {}) },
    },
  };
}

/** What `calculate` records: the evaluated plan versions and the run's input and output hashes. */
export interface CalculateDetails {
  plans: { id: string; version: number; hash: string }[];
  inputHash: string;
  outputHash: string;
}

/** What `approve` needs: the run's statements (and, optionally, which partners to approve). */
export interface ApproveDetails {
  statements: Statement[];
  /** Approve only these partners (default: every partner that is not blocked). */
  partners?: string[];
  /** When given, must equal the run's outputHash: guards against approving statements of another calculation. */
  outputHash?: string;
}

/** What `reject` needs: why the run is sent back (recorded in the audit log). */
export interface RejectDetails {
  reason: string;
}

export type TransitionDetails = CalculateDetails | ApproveDetails | RejectDetails | undefined;

/** True when the run's last move is a rejection: it needs a recalculation before it is validated again. */
export function isRejected(run: RunRecord): boolean {
  return run.history[run.history.length - 1]?.action === 'reject';
}

/**
 * Moves a run: calculate | validate | approve | invoice | post, checking the actor's roles, four-eyes and the
 * run's state. `at` is the caller's clock (ISO 8601): core reads none. `approve` delegates to `approveRun`.
 */
export function transition(
  run: RunRecord,
  action: Exclude<RunAction, 'open'>,
  actor: Actor,
  at: string,
  details?: TransitionDetails,
): TransitionResult {
  actor = normalized(actor);
  if (action === 'approve') {
    if (!details || !('statements' in details)) {
      return fail('invalid_argument', {
        en: 'approve needs the run statements: transition(run, "approve", actor, at, { statements })',
        it: `per approvare servono gli estratti conto dell'esecuzione: transition(run, "approve", actor, at, { statements })`,
      }, run.id);
    }
    const result = approveRun(run, details.statements, actor, at, details);
    return result.ok ? { ok: true, run: result.run, audit: result.audit } : result;
  }
  const move = MOVES[action];
  if (!move) {
    return fail('invalid_argument', { en: `unknown run action "${String(action)}"`, it: `azione sconosciuta per un'esecuzione: "${String(action)}"` }, run.id);
  }
  const denied = roleCheck(action, actor, run.id);
  if (denied) return denied;
  if ((action === 'calculate' || action === 'validate') && isRunImmutable(run)) {
    return fail('run_immutable', immutableRun(run), run.id);
  }
  if (!move.from.includes(run.state)) {
    return fail('invalid_transition', {
      en: `cannot ${action} run ${run.id} in state ${run.state} (allowed from ${move.from.join(', ')})`,
      it: `non si può ${ACTION_IT[action]} l'esecuzione ${run.id} nello stato ${runStateName(run.state, 'it')} (stati ammessi: ${move.from.map((s) => runStateName(s, 'it')).join(', ')})`,
    }, run.id);
  }
  if (action === 'validate' && isRejected(run)) {
    return fail('invalid_transition', {
      en: `run ${run.id} was rejected: recalculate it before validating it again`,
      it: `l'esecuzione ${run.id} è stata respinta: ricalcolala prima di validarla di nuovo`,
    }, run.id);
  }
  let reason: string | undefined;
  if (action === 'reject') {
    reason = (details as RejectDetails | undefined)?.reason?.trim();
    if (!reason) return fail('invalid_argument', { en: 'a rejection needs a reason', it: "per respingere un'esecuzione serve un motivo" }, run.id);
    // four eyes: the person who calculated the run does not judge it
    if (run.calculatedBy !== null && normalizeActorId(run.calculatedBy) === actor.id) {
      return fail('four_eyes', {
        en: `${actor.id} calculated run ${run.id} and may not reject it: another approver must`,
        it: `${actor.id} ha calcolato l'esecuzione ${run.id} e non può respingerla (principio dei quattro occhi): deve farlo un altro approvatore`,
      }, run.id);
    }
  }
  const history = [...run.history, { action, from: run.state, to: move.to, actor: actor.id, at }];
  let next: RunRecord;
  switch (action) {
    case 'calculate': {
      const d = details as CalculateDetails | undefined;
      if (!d || typeof d.inputHash !== 'string' || typeof d.outputHash !== 'string' || !Array.isArray(d.plans)) {
        return fail('invalid_argument', {
          en: 'calculate needs { plans, inputHash, outputHash } from the evaluation',
          it: 'per calcolare servono { plans, inputHash, outputHash } della valutazione',
        }, run.id);
      }
      next = {
        ...run,
        state: 'calculated',
        plans: d.plans.map((p) => ({ id: p.id, version: p.version, hash: p.hash })),
        inputHash: d.inputHash,
        outputHash: d.outputHash,
        calculatedBy: actor.id,
        calculatedAt: at,
        // a recalculation invalidates an earlier validation
        validatedBy: null,
        validatedAt: null,
        history,
      };
      break;
    }
    case 'validate':
      next = { ...run, state: 'validated', validatedBy: actor.id, validatedAt: at, history };
      break;
    case 'invoice':
      next = { ...run, state: 'invoiced', invoicedBy: actor.id, invoicedAt: at, history };
      break;
    case 'post':
      next = { ...run, state: 'posted', postedBy: actor.id, postedAt: at, history };
      break;
    case 'reject':
      next = { ...run, state: 'calculated', validatedBy: null, validatedAt: null, history };
      break;
  }
  if (isRunImmutable(next)) freeze(next);
  return {
    ok: true,
    run: next,
    audit: {
      at,
      actor: actor.id,
      action: `run.${action}`,
      runId: run.id,
      inputHash: next.inputHash,
      outputHash: next.outputHash,
      details: { period: run.period.id, from: run.state, to: next.state, ...(reason ? { reason } : {}) },
    },
  };
}

/**
 * Approves a validated run per partner (four-eyes: the approver is not the calculator). Partners whose statements
 * carry errors are blocked with reasons; the others are approved. The run becomes approved (and immutable) when at
 * least one partner is approved; blocked and skipped partners need a new run.
 */
export function approveRun(
  run: RunRecord,
  statements: Statement[],
  actor: Actor,
  at: string,
  options: { partners?: string[]; outputHash?: string } = {},
): ApproveResult {
  actor = normalized(actor);
  const denied = roleCheck('approve', actor, run.id);
  if (denied) return denied;
  if (isRunImmutable(run)) {
    return fail('run_immutable', {
      en: `run ${run.id} is already ${run.state}: an approved run never changes`,
      it: `l'esecuzione ${run.id} è già nello stato ${runStateName(run.state, 'it')}: un'esecuzione approvata non cambia mai`,
    }, run.id);
  }
  if (run.state !== 'validated') {
    return fail('invalid_transition', {
      en: `cannot approve run ${run.id} in state ${run.state}: validate it first`,
      it: `non si può approvare l'esecuzione ${run.id} nello stato ${runStateName(run.state, 'it')}: prima va validata`,
    }, run.id);
  }
  if (run.calculatedBy !== null && normalizeActorId(run.calculatedBy) === actor.id) {
    return fail('four_eyes', {
      en: `${actor.id} calculated run ${run.id} and so may not approve it (four-eyes)`,
      it: `${actor.id} ha calcolato l'esecuzione ${run.id} e quindi non può approvarla (principio dei quattro occhi)`,
    }, run.id);
  }
  if (options.outputHash !== undefined && options.outputHash !== run.outputHash) {
    return fail('output_mismatch', {
      en: `the statements given (output ${options.outputHash}) are not run ${run.id}'s (output ${run.outputHash})`,
      it: `gli estratti conto forniti (output ${options.outputHash}) non sono quelli dell'esecuzione ${run.id} (output ${run.outputHash})`,
    }, run.id);
  }
  const byPartner = new Map<string, Statement>();
  for (const s of statements) {
    if (s.period !== run.period.id) {
      return fail('output_mismatch', {
        en: `statement of ${s.partnerId} is for period ${s.period}, run ${run.id} is for ${run.period.id}`,
        it: `l'estratto conto di ${s.partnerId} è del periodo ${s.period}, l'esecuzione ${run.id} è del periodo ${run.period.id}`,
      }, run.id);
    }
    byPartner.set(s.partnerId, s);
  }
  const requested = options.partners ? [...new Set(options.partners)].sort() : [...byPartner.keys()].sort();
  for (const p of requested) {
    if (!byPartner.has(p)) {
      return fail('unknown_partner', { en: `partner ${p} has no statement in run ${run.id}`, it: `il partner ${p} non ha un estratto conto nell'esecuzione ${run.id}` }, run.id);
    }
  }
  const approved: string[] = [];
  const blocked: PartnerApproval['blocked'] = [];
  for (const p of requested) {
    const reasons = blockReasons(byPartner.get(p)!);
    if (reasons.length > 0) blocked.push({ partnerId: p, reasons });
    else approved.push(p);
  }
  const requestedSet = new Set(requested);
  const skipped = [...byPartner.keys()].filter((p) => !requestedSet.has(p)).sort();
  if (approved.length === 0) {
    const ids = blocked.map((b) => b.partnerId).join(', ');
    return fail('nothing_to_approve', {
      en: `no partner of run ${run.id} can be approved: ${ids || 'none requested'} blocked`,
      it: `nessun partner dell'esecuzione ${run.id} può essere approvato: ${ids ? `partner bloccati: ${ids}` : 'nessun partner richiesto'}`,
    }, run.id);
  }
  const next: RunRecord = freeze({
    ...run,
    state: 'approved',
    approvedBy: actor.id,
    approvedAt: at,
    partners: { approved, blocked, skipped },
    history: [...run.history, { action: 'approve', from: run.state, to: 'approved', actor: actor.id, at }],
  });
  return {
    ok: true,
    run: next,
    approved,
    blocked,
    skipped,
    audit: {
      at,
      actor: actor.id,
      action: 'run.approve',
      runId: run.id,
      inputHash: run.inputHash,
      outputHash: run.outputHash,
      details: { period: run.period.id, approved, blocked: blocked.map((b) => b.partnerId), skipped },
    },
  };
}
