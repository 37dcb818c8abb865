export {
  insertNode,
  removeNode,
  moveNode,
  updateNode,
  renameNode,
  getNode,
  findReferences,
  forEachFormula,
  globalNames,
  isNameTaken,
  insertAt,
  nodePath,
  PLAN_OP_MESSAGES,
} from './planOps.js';
export type { PlanNodeRef, PlanNodeValue, PlanOpResult } from './planOps.js';
export { checkReferences } from './checkReferences.js';
export { tokenizeFormula, rewriteFormula, collectReferences, sameName, LITERAL_NAMES } from './formulaRefs.js';
export type { FormulaToken, FormulaReferences } from './formulaRefs.js';
