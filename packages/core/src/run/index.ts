export {
  RunError,
  RUN_PERMISSIONS,
  isRunImmutable,
  assertRunMutable,
  unwrapRun,
  openRun,
  transition,
  approveRun,
  isRejected,
} from './runMachine.js';
export { blockReasons, blockedPartners } from './blockReasons.js';
export { normalizeActorId } from './actorId.js';
export { runStateName } from './runStateNames.js';
export type { TransitionResult, ApproveResult, OpenRunArgs, CalculateDetails, ApproveDetails, RejectDetails, TransitionDetails } from './runMachine.js';
export { computePeriod, evaluationInput, runOutputHash, runIdFor } from './periodCalculation.js';
export type { PeriodInputs } from './periodCalculation.js';
