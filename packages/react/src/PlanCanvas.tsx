/**
 * The plan builder's canvas: the plan's sheets (drop areas for metrics, nodes reordered by drag) and its payment
 * conditions. Split from PlanBuilder.tsx; it renders inside the builder's DndContext and edits through its history.
 */
import { parseMetricTag, removeMetric, removeNode } from '@provvigo/core';
import type { Computed, Issue, Plan, PlanOpResult } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { DRAG_ID, removeCondition } from './builderLogic.js';
import type { ConditionKind } from './builderLogic.js';
import { CanvasSheet } from './CanvasSheet.js';
import { conditionSummary } from './conditionSummary.js';
import { DropZone } from './DropZone.js';
import { localized } from './i18n.js';
import type { Messages, UiLocale } from './i18n.js';
import type { SelectedNode } from './selectedNode.js';

export interface PlanCanvasProps {
  plan: Plan;
  /** Core's validation of the plan, counted on each node. */
  issues: readonly Issue[];
  selected: SelectedNode | undefined;
  /** Selects a node, or clears the selection when the selected node is removed. */
  select: (node: SelectedNode | undefined) => void;
  /** Hands the host a new plan (see `usePlanEdits`). */
  commit: (next: Plan) => void;
  /** Commits a plan operation's result; true when the plan changed. */
  apply: (r: PlanOpResult | undefined) => boolean;
  locale: UiLocale;
  t: Messages;
  m: AuthoringMessages;
}

/** The plan's title, a first drop area while it has no sheet, each sheet, then the payment conditions. */
export function PlanCanvas({ plan, issues, selected, select, commit, apply, locale, t, m }: PlanCanvasProps): ReactElement {
  // removing a metric's node removes the whole metric; a selection of the removed name is cleared
  function remove(node: SelectedNode, c: Computed) {
    const tag = parseMetricTag(c.description);
    const r = tag ? removeMetric(plan, tag.instance) : removeNode(plan, { kind: node.kind, sheet: node.sheet, name: node.name });
    if (apply(r) && selected?.name === node.name) select(undefined);
  }
  // a region, not <main>: the host page owns its main landmark
  return (
    <section className="pv-canvas" aria-label={localized(plan.name, locale)}>
      <h2 className="pv-plan-title">{localized(plan.name, locale)}</h2>
      {Object.keys(plan.sheets).length === 0 ? (
        <DropZone id={DRAG_ID.newSheet} target={{ type: 'newSheet' }} label={t.dropNewPlan}>
          <p className="pv-empty">{t.dropNewPlan}</p>
        </DropZone>
      ) : null}
      {Object.entries(plan.sheets).map(([sheetName, sheet]) => (
        <CanvasSheet key={sheetName} name={sheetName} sheet={sheet} issues={issues} selected={selected} onSelect={select} onRemove={remove} locale={locale} t={t} />
      ))}
      <DropZone id={DRAG_ID.conditions} target={{ type: 'conditions' }} label={t.conditions}>
        <section className="pv-sheet pv-conditions" aria-label={t.conditions} data-testid="conditions">
          <h3>{t.conditions}</h3>
          {plan.conditions && Object.keys(plan.conditions).length > 0 ? (
            <ul>
              {(Object.keys(plan.conditions) as ConditionKind[]).map((k) => (
                <li key={k} data-testid={`condition-${k}`}>
                  <strong>{t[k]}</strong> <span className="pv-muted">{conditionSummary(k, plan.conditions, m)}</span>{' '}
                  <button type="button" className="pv-link" onClick={() => commit(removeCondition(plan, k))}>
                    {t.remove}
                    <span className="pv-sr"> {t[k]}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="pv-muted">{t.noConditions}</p>
          )}
        </section>
      </DropZone>
    </section>
  );
}
