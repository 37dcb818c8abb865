export {
  RunError,
  RUN_PERMISSIONS,
  isRunImmutable,
  assertRunMutable,
  unwrapRun,
  openRun,
  transition,
  approveRun,
  blockReasons,
} from './runMachine.js';
export { normalizeActorId } from './actorId.js';
export type { TransitionResult, ApproveResult, OpenRunArgs, CalculateDetails, ApproveDetails, TransitionDetails } from './runMachine.js';
