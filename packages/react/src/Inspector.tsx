/**
 * The plan builder's inspector: the selected column or cell's formula editor (with live preview) and, for a metric's
 * node, the metric's parameters. Split from PlanBuilder.tsx, which keeps the selection across tabs.
 */
import { listMetricInstances, parseMetricTag, updateMetric } from '@provvigo/core';
import type { FactSchemaInput, Plan, PlanOpResult } from '@provvigo/core';
import { useMemo } from 'react';
import type { ReactElement } from 'react';
import { FormulaEditor } from './FormulaEditor.js';
import type { Messages, UiLocale } from './i18n.js';
import { MetricParams } from './MetricParams.js';
import { setFormulaAt } from './planPath.js';
import type { PreviewData } from './preview.js';
import { formulaPathOf, nodeOf } from './selectedNode.js';
import type { SelectedNode } from './selectedNode.js';

export interface InspectorProps {
  plan: Plan;
  selected: SelectedNode | undefined;
  /** Hands the host a new plan (see `usePlanEdits`). */
  commit: (next: Plan) => void;
  /** Commits a plan operation's result; true when the plan changed. */
  apply: (r: PlanOpResult | undefined) => boolean;
  locale: UiLocale;
  t: Messages;
  factSchema?: FactSchemaInput;
  preview?: PreviewData;
}

/** The selected node's editors, or a hint to choose one. */
export function Inspector({ plan, selected, commit, apply, locale, t, factSchema, preview }: InspectorProps): ReactElement {
  const instances = useMemo(() => listMetricInstances(plan), [plan]);
  const selectedNode = selected ? nodeOf(plan, selected) : undefined;
  const selectedPath = selected ? formulaPathOf(selected) : undefined;
  const selectedTag = selectedNode ? parseMetricTag(selectedNode.description) : undefined;
  const selectedInstance = selectedTag ? instances.find((i) => i.instance === selectedTag.instance) : undefined;
  return (
    <aside className="pv-inspector" aria-label={t.edit}>
      {selected && selectedNode && selectedPath ? (
        <div data-testid="inspector">
          <h2>
            {t.edit}: <code>{selected.name}</code>
          </h2>
          <FormulaEditor
            key={`${selected.sheet}.${selected.name}`}
            value={selectedNode.formula}
            onChange={(f) => commit(setFormulaAt(plan, selectedPath, f))}
            plan={plan}
            path={selectedPath}
            locale={locale}
            factSchema={factSchema}
            preview={preview}
          />
          {selectedInstance && !selectedInstance.detached ? (
            <MetricParams
              key={selectedInstance.instance}
              metricId={selectedInstance.metricId}
              params={selectedInstance.params}
              plan={plan}
              factSchema={factSchema}
              t={t}
              onApply={(params) => apply(updateMetric(plan, selectedInstance.instance, params))}
            />
          ) : selectedInstance ? (
            <p className="pv-muted">
              {t.metric}: {selectedInstance.metricId} ({t.detached})
            </p>
          ) : null}
        </div>
      ) : (
        <p className="pv-muted">{t.previewNone}</p>
      )}
    </aside>
  );
}
