export { PlanVersionRefSchema, planHash, asVersion, nextPlanVersion, resolvePlanVersion } from './planVersion.js';
export type { PlanVersionRef, PlanVersion, PlanVersionResolution } from './planVersion.js';
export { diffPlans } from './planDiff.js';
export type { PlanChange } from './planDiff.js';
