/**
 * `@provvigo/react`: the plan builder (metric palette with drag and drop, formula editor with autocomplete, inline
 * errors and live preview) and the partner portal components (statement, explanation). Import the default styles
 * from `@provvigo/react/styles.css`.
 */
export { PlanBuilder } from './PlanBuilder.js';
export type { PlanBuilderProps } from './PlanBuilder.js';
export { FormulaEditor } from './FormulaEditor.js';
export type { FormulaEditorProps } from './FormulaEditor.js';
export { PreviewPanel } from './PreviewPanel.js';
export type { PreviewPanelProps } from './PreviewPanel.js';
export { Statement, COMPONENT_LABELS } from './Statement.js';
export type { StatementProps } from './Statement.js';
export { Explanation } from './Explanation.js';
export type { ExplanationProps, SourceRef } from './Explanation.js';
export { computePreview, targetOfPath, PROBE_PAYOUT } from './preview.js';
export type { PreviewData, PreviewTarget, PreviewResult, PreviewRow } from './preview.js';
export { applyDrop, dropMetric, dropCondition, removeCondition, defaultParams, CONDITION_TEMPLATES, DRAG_ID } from './builderLogic.js';
export type { DragItem, DropTarget, ConditionKind } from './builderLogic.js';
export { suggest, candidates, applySuggestion, partialWord, mapOffset, issueOffset, issueText, issuesAt } from './formulaAssist.js';
export type { FormulaContext, Suggestion } from './formulaAssist.js';
export { substituteValues, showFormula } from './substitute.js';
export { emptyHistory, record, undo, redo, MAX_HISTORY } from './history.js';
export type { History } from './history.js';
export { formatDecimal, formatValue, formatDate, formatPercent } from './format.js';
export { heldItems, recordKey } from './heldItems.js';
export type { HeldItem, RecordFacts } from './heldItems.js';
export { MESSAGES, messages, localized } from './i18n.js';
export type { UiLocale, Messages } from './i18n.js';
export { setFormulaAt, formulaAt } from './planPath.js';
export { localizeIssueMessage } from './issueMessages.js';
