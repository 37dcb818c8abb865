import { DndContext, DragOverlay, closestCenter, pointerWithin } from '@dnd-kit/core';
import type { CollisionDetection } from '@dnd-kit/core';
import { METRICS, missingLabels, parsePlan } from '@provvigo/core';
import type { FactSchemaInput, MetricDefinition, Plan } from '@provvigo/core';
import { useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { authoringMessages } from './authoringMessages.js';
import { BuilderTabs } from './BuilderTabs.js';
import type { BuilderSection } from './builderSections.js';
import { ConditionsForm } from './ConditionsForm.js';
import { dropDestination } from './dropDestination.js';
import { localized, messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { Inspector } from './Inspector.js';
import { IssuesPanel } from './IssuesPanel.js';
import { LineFiltersEditor } from './LineFiltersEditor.js';
import { Palette } from './Palette.js';
import { ParametersEditor } from './ParametersEditor.js';
import { PayoutsEditor } from './PayoutsEditor.js';
import { PlanCanvas } from './PlanCanvas.js';
import { PlanDetailsForm } from './PlanDetailsForm.js';
import type { PreviewData } from './preview.js';
import type { SelectedNode } from './selectedNode.js';
import { TablesEditor } from './TablesEditor.js';
import { useBuilderDrag } from './useBuilderDrag.js';
import { usePlanEdits } from './usePlanEdits.js';

// the tabs live in their own module (the tab strip reads them too); the package's index still exports them from here
export { BUILDER_SECTIONS } from './builderSections.js';
export type { BuilderSection } from './builderSections.js';

export interface PlanBuilderProps {
  /** The plan being edited (controlled). */
  plan: Plan;
  /** Called with every edited plan: each one passes the plan schema. */
  onChange: (plan: Plan) => void;
  locale?: UiLocale;
  /** The fact tables, for column suggestions and validation. */
  factSchema?: FactSchemaInput;
  /**
   * Sample data for the live preview of the selected column or cell, and the host's HyperFormula licence key
   * (`preview.licenseKey`) for its cross-check: without a key the preview uses core's exact engine alone and says so;
   * with one, HyperFormula is loaded lazily the first time the preview runs.
   */
  preview?: PreviewData;
  /** The palette (default: core's whole metric library). */
  metrics?: readonly MetricDefinition[];
  /** The tab shown first (default: the sheets canvas). */
  initialSection?: BuilderSection;
}

/** The drop area under the pointer (innermost first); keyboard drags, which have no pointer, use the closest centre. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : closestCenter(args);
};

/**
 * The plan builder: a palette of metrics dragged (pointer or keyboard) into the plan's line sheets, summary sheets and
 * conditions, nodes reordered by drag, undo/redo, a formula editor with live preview for the selected node, and the
 * plan's problems from core's validation. Controlled: every edit goes through `onChange` as a new, valid plan.
 */
export function PlanBuilder(props: PlanBuilderProps): ReactElement {
  const { plan, onChange, factSchema, preview } = props;
  const locale = props.locale ?? 'en';
  const t = messages(locale);
  const metrics = props.metrics ?? METRICS;
  const [selected, setSelected] = useState<SelectedNode | undefined>(undefined);
  const [section, setSection] = useState<BuilderSection>(props.initialSection ?? 'sheets');
  const m = authoringMessages(locale);
  const rootRef = useRef<HTMLDivElement>(null);
  const { history, opIssues, commit, apply, doUndo, doRedo } = usePlanEdits(plan, onChange, rootRef);
  const drag = useBuilderDrag({ plan, locale, t, m, apply, select: setSelected });

  const issues = useMemo(() => parsePlan(plan, factSchema ? { factSchema } : {}).issues, [plan, factSchema]);
  // names an explanation would show without a label in a language: warnings, the plan stays valid
  const labelWarnings = useMemo(() => missingLabels(plan, factSchema), [plan, factSchema]);

  const partners = preview?.input.partners.map((p) => ({ id: p.id, name: p.name }));
  const panels: Record<Exclude<BuilderSection, 'sheets'>, () => ReactElement> = {
    details: () => <PlanDetailsForm key={plan.id} plan={plan} onChange={commit} m={m} />,
    parameters: () => <ParametersEditor plan={plan} onChange={commit} locale={locale} m={m} partners={partners} />,
    tables: () => <TablesEditor plan={plan} onChange={commit} locale={locale} m={m} />,
    filters: () => <LineFiltersEditor plan={plan} onChange={commit} locale={locale} m={m} factSchema={factSchema} preview={preview} />,
    payouts: () => <PayoutsEditor plan={plan} onChange={commit} m={m} />,
    conditions: () => <ConditionsForm plan={plan} onChange={commit} locale={locale} m={m} factSchema={factSchema} />,
  };

  return (
    <div className="pv-authoring" ref={rootRef} data-testid="plan-builder" lang={locale}>
      <BuilderTabs
        label={localized(plan.name, locale)}
        section={section}
        onSection={setSection}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onUndo={doUndo}
        onRedo={doRedo}
        t={t}
        m={m}
      />
      <div id="pv-tabpanel" role="tabpanel" aria-labelledby={`pv-tab-${section}`}>
        {section !== 'sheets' ? (
          panels[section]()
        ) : (
          <div className="pv-builder">
            <DndContext collisionDetection={collision} {...drag.context}>
              <div className="pv-sr" role="status" aria-live="polite" data-testid="drag-end-note">
                {drag.endNote}
              </div>
              <Palette metrics={metrics} locale={locale} t={t} m={m} />
              <PlanCanvas plan={plan} issues={issues} selected={selected} select={setSelected} commit={commit} apply={apply} locale={locale} t={t} m={m} />
              <DragOverlay>
                {drag.dragging ? (
                  <div className="pv-overlay">
                    {drag.dragging.label}
                    <span className="pv-drag-destination" data-testid="drag-destination">
                      {dropDestination(plan, drag.dragging.item, drag.overData?.target, m, locale)}
                    </span>
                  </div>
                ) : null}
              </DragOverlay>
            </DndContext>
            <Inspector plan={plan} selected={selected} commit={commit} apply={apply} locale={locale} t={t} factSchema={factSchema} preview={preview} />
          </div>
        )}
      </div>
      <IssuesPanel issues={issues} opIssues={opIssues} labelWarnings={labelWarnings} section={section} locale={locale} t={t} m={m} />
      <details className="pv-json">
        <summary>{m.advancedJson}</summary>
        <pre data-testid="emitted-plan">{JSON.stringify(plan, null, 2)}</pre>
      </details>
    </div>
  );
}
