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
export type { TransitionResult, ApproveResult, OpenRunArgs, CalculateDetails, ApproveDetails, TransitionDetails } from './runMachine.js';
