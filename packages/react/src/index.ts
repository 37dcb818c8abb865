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
export { formatDecimal, formatValue } from './format.js';
export { MESSAGES, messages, localized } from './i18n.js';
export type { UiLocale, Messages } from './i18n.js';
export { setFormulaAt, formulaAt } from './planPath.js';
export { localizeIssueMessage } from './issueMessages.js';
export type { BuilderSection } from './PlanBuilder.js';
export { BUILDER_SECTIONS } from './PlanBuilder.js';
export { TableGrid } from './TableGrid.js';
export type { TableGridProps } from './TableGrid.js';
export { TablesEditor } from './TablesEditor.js';
export type { TablesEditorProps } from './TablesEditor.js';
export { PlanDetailsForm } from './PlanDetailsForm.js';
export type { PlanDetailsFormProps } from './PlanDetailsForm.js';
export { ParametersEditor } from './ParametersEditor.js';
export type { ParametersEditorProps } from './ParametersEditor.js';
export { PayoutsEditor } from './PayoutsEditor.js';
export type { PayoutsEditorProps } from './PayoutsEditor.js';
export { ConditionsForm } from './ConditionsForm.js';
export type { ConditionsFormProps } from './ConditionsForm.js';
export { LineFiltersEditor } from './LineFiltersEditor.js';
export type { LineFiltersEditorProps } from './LineFiltersEditor.js';
export { parseLocaleNumber, showLocaleNumber } from './localeNumber.js';
export type { LocaleNumber } from './localeNumber.js';
export { parseClipboardTable, pasteBlock, isHeaderRow } from './tablePaste.js';
export { gridColumns, tableToGrid, readCell, readGrid, applyGrid } from './tableGrid.js';
export type { GridColumn, CellIssue, CellProblem } from './tableGrid.js';
export { groupChanges, sectionOf, showChangeValue, PLAN_SECTIONS } from './planDiffView.js';
export type { PlanSection } from './planDiffView.js';
export { AUTHORING_MESSAGES, authoringMessages, splitList, joinList } from './authoringMessages.js';
export type { AuthoringMessages } from './authoringMessages.js';
export { PlanDiffView } from './PlanDiffView.js';
export type { PlanDiffViewProps } from './PlanDiffView.js';
export { WhatIfView } from './WhatIfView.js';
export type { WhatIfViewProps, WhatIfData, WhatIfPartnerView } from './WhatIfView.js';
