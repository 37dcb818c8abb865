import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { Announcements, CollisionDetection, DragEndEvent, DragOverEvent, DragStartEvent, ScreenReaderInstructions } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { listMetricInstances, METRICS, missingLabels, parsePlan, parseMetricTag, removeMetric, removeNode, updateMetric } from '@provvigo/core';
import type { Computed, FactSchemaInput, Issue, MetricDefinition, Plan, PlanOpResult } from '@provvigo/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { authoringMessages } from './authoringMessages.js';
import { applyDrop, CONDITION_TEMPLATES, DRAG_ID, removeCondition } from './builderLogic.js';
import type { ConditionKind } from './builderLogic.js';
import { conditionSummary } from './conditionSummary.js';
import { ConditionsForm } from './ConditionsForm.js';
import type { DragData } from './dragData.js';
import { DropZone } from './DropZone.js';
import { dropDestination } from './dropDestination.js';
import { dropOutcome } from './dropOutcome.js';
import { FormulaEditor } from './FormulaEditor.js';
import { keyboardDropCoordinates } from './keyboardDrop.js';
import { emptyHistory, record, redo, undo } from './history.js';
import type { History } from './history.js';
import { localized, messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { issueText } from './formulaAssist.js';
import { localizeIssueMessage } from './issueMessages.js';
import { LineFiltersEditor } from './LineFiltersEditor.js';
import { MetricParams } from './MetricParams.js';
import { PaletteItem } from './PaletteItem.js';
import { ParametersEditor } from './ParametersEditor.js';
import { PayoutsEditor } from './PayoutsEditor.js';
import { PlanDetailsForm } from './PlanDetailsForm.js';
import { setFormulaAt } from './planPath.js';
import type { PreviewData } from './preview.js';
import { SortableNode } from './SortableNode.js';
import { TablesEditor } from './TablesEditor.js';

/** The builder's tabs: the plan's details, its inputs, the sheets canvas, and what and when it pays. */
export type BuilderSection = 'details' | 'parameters' | 'tables' | 'sheets' | 'filters' | 'payouts' | 'conditions';
export const BUILDER_SECTIONS: readonly BuilderSection[] = ['details', 'parameters', 'tables', 'sheets', 'filters', 'payouts', 'conditions'];

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

type Selected = { sheet: string; name: string; kind: 'column' | 'cell' };


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
  const [history, setHistory] = useState<History<Plan>>(emptyHistory);
  const [selected, setSelected] = useState<Selected | undefined>(undefined);
  const [dragging, setDragging] = useState<DragData | undefined>(undefined);
  const [overData, setOverData] = useState<DragData | undefined>(undefined);
  const [opIssues, setOpIssues] = useState<Issue[]>([]);
  const [section, setSection] = useState<BuilderSection>(props.initialSection ?? 'sheets');
  const m = authoringMessages(locale);
  const rootRef = useRef<HTMLDivElement>(null);

  const issues = useMemo(() => parsePlan(plan, factSchema ? { factSchema } : {}).issues, [plan, factSchema]);
  // names an explanation would show without a label in a language: warnings, the plan stays valid
  const labelWarnings = useMemo(() => missingLabels(plan, factSchema), [plan, factSchema]);
  const instances = useMemo(() => listMetricInstances(plan), [plan]);

  function commit(next: Plan) {
    setHistory((h) => record(h, plan));
    setOpIssues([]);
    onChange(next);
  }
  function apply(r: PlanOpResult | undefined): boolean {
    if (!r) return false;
    if (!r.ok) {
      setOpIssues(r.issues);
      return false;
    }
    commit(r.plan);
    return true;
  }
  function doUndo() {
    const r = undo(history, plan);
    if (r) {
      setHistory(r.history);
      onChange(r.value);
    }
  }
  function doRedo() {
    const r = redo(history, plan);
    if (r) {
      setHistory(r.history);
      onChange(r.value);
    }
  }

  useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement | null)?.tagName === 'INPUT') return;
      if (e.key.toLowerCase() === 'z' && !e.shiftKey) {
        e.preventDefault();
        doUndo();
      } else if (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) {
        e.preventDefault();
        doRedo();
      }
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  });

  // Said when an arrow key would go past the first or last drop area (the item stays): dnd-kit's own live region only
  // speaks when the area changes. Cleared as the drag goes on or ends. A live region speaks only when its text
  // changes, so a key pressed again at the same end would be met with silence: every other time the note ends with a
  // no-break space, which a screen reader does not read and the page sees as new text.
  const [endNote, setEndNoteState] = useState({ text: '', repeats: 0 });
  const setEndNote = useCallback((text: string) => setEndNoteState((n) => ({ text, repeats: text !== '' && n.text === text ? n.repeats + 1 : 0 })), []);
  const coordinateGetter = useMemo(() => keyboardDropCoordinates((end, label) => setEndNote(end === 'first' ? t.announceFirstArea(label) : t.announceLastArea(label))), [t, setEndNote]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  const labelOf = (data: unknown): string => (data as DragData | undefined)?.label ?? '';
  const announcements: Announcements = {
    onDragStart: ({ active }) => t.announceStart(labelOf(active.data.current)),
    onDragOver: ({ active, over }) => (over ? t.announceOver(labelOf(active.data.current), labelOf(over.data.current)) : t.announceNotOver(labelOf(active.data.current))),
    // says where the item really went (the plan after the drop), not only which area was under the pointer
    onDragEnd: ({ active, over }) => {
      const label = labelOf(active.data.current);
      const item = (active.data.current as DragData | undefined)?.item;
      const target = (over?.data.current as DragData | undefined)?.target;
      if (!over || !item || !target) return t.announceCancel(label);
      const o = dropOutcome(plan, item, target);
      if (o.kind === 'added') return m.announceAdded(label, o.sheet, o.name);
      if (o.kind === 'moved') return m.announceMoved(label, o.sheet, o.position);
      if (o.kind === 'condition') return m.announceCondition(label);
      if (o.kind === 'refused') return m.announceRefused(label, localizeIssueMessage(issueText(o.reason), locale));
      return m.announceNothing(label);
    },
    onDragCancel: ({ active }) => t.announceCancel(labelOf(active.data.current)),
  };
  const screenReaderInstructions: ScreenReaderInstructions = { draggable: t.dndInstructions };

  function onDragStart(e: DragStartEvent) {
    setEndNote('');
    setDragging(e.active.data.current as DragData);
    setOverData(undefined);
  }
  function onDragOver(e: DragOverEvent) {
    setEndNote('');
    setOverData(e.over?.data.current as DragData | undefined);
  }
  function onDragEnd(e: DragEndEvent) {
    setEndNote('');
    setDragging(undefined);
    setOverData(undefined);
    const item = (e.active.data.current as DragData | undefined)?.item;
    const target = (e.over?.data.current as DragData | undefined)?.target;
    if (!item || !target) return;
    const r = applyDrop(plan, item, target);
    if (apply(r) && r && 'instance' in r && r.instance && item.type === 'metric') {
      const next = r.ok ? r.plan : plan;
      const inst = listMetricInstances(next).find((i) => i.instance === r.instance);
      const main = inst?.nodes.find((n) => (n.kind === 'cell' || n.kind === 'column') && n.name === r.instance);
      if (main && (main.kind === 'cell' || main.kind === 'column')) setSelected({ sheet: main.sheet, name: main.name, kind: main.kind });
    }
  }

  const selectedNode = selected ? nodeOf(plan, selected) : undefined;
  const selectedPath = selected ? ['sheets', selected.sheet, selected.kind === 'column' ? 'columns' : 'cells', selected.name, 'formula'] : undefined;
  const selectedTag = selectedNode ? parseMetricTag(selectedNode.description) : undefined;
  const selectedInstance = selectedTag ? instances.find((i) => i.instance === selectedTag.instance) : undefined;

  const issuesPanel = (
    <section aria-label={t.issues} className="pv-issues" data-testid="plan-issues">
      <h2>{t.issues}</h2>
      {issues.length + opIssues.length === 0 ? (
        <p data-testid="plan-valid">{t.noIssues}</p>
      ) : (
        <ul>
          {[...opIssues, ...issues].map((i, n) => (
            <li key={n} className={i.severity === 'error' ? 'pv-error' : 'pv-warning-text'}>
              <code>{i.path.join('.')}</code>: {localizeIssueMessage(issueText(i.message), locale)}
            </li>
          ))}
        </ul>
      )}
      {/* not on the sheets tab: the page growing below the canvas would scroll the drop targets under a keyboard drag */}
      {labelWarnings.length > 0 && section !== 'sheets' ? (
        <details className="pv-label-warnings" data-testid="label-warnings">
          <summary>{m.missingLabels(labelWarnings.length)}</summary>
          <ul>
            {labelWarnings.map((i) => (
              <li key={i.path.join('.')} className="pv-warning-text">
                <code>{i.path.join('.')}</code>: {i.messages?.[locale] ?? i.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
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
      <div className="pv-tabs">
      <div className="pv-tablist" role="tablist" aria-label={localized(plan.name, locale)}>
        {BUILDER_SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={`pv-tab-${s}`}
            aria-selected={section === s}
            aria-controls="pv-tabpanel"
            tabIndex={section === s ? 0 : -1}
            data-testid={`tab-${s}`}
            onClick={() => setSection(s)}
            onKeyDown={(e) => {
              // arrow keys move between tabs (WAI-ARIA tabs pattern)
              const at = BUILDER_SECTIONS.indexOf(s);
              const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? BUILDER_SECTIONS.length - 1 : undefined;
              if (to === undefined) return;
              e.preventDefault();
              const next = BUILDER_SECTIONS[(to + BUILDER_SECTIONS.length) % BUILDER_SECTIONS.length]!;
              setSection(next);
              requestAnimationFrame(() => document.getElementById(`pv-tab-${next}`)?.focus());
            }}
          >
            {m.sections[s]}
          </button>
        ))}
      </div>
        <button type="button" className="pv-button" onClick={doUndo} disabled={history.past.length === 0} data-testid="undo">
          {t.undo}
        </button>
        <button type="button" className="pv-button" onClick={doRedo} disabled={history.future.length === 0} data-testid="redo">
          {t.redo}
        </button>
      </div>
      <div id="pv-tabpanel" role="tabpanel" aria-labelledby={`pv-tab-${section}`}>
      {section !== 'sheets' ? panels[section]() : (
    <div className="pv-builder">
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setEndNote('');
          setDragging(undefined);
          setOverData(undefined);
        }}
        accessibility={{ announcements, screenReaderInstructions }}
      >
        <div className="pv-sr" role="status" aria-live="polite" data-testid="drag-end-note">
          {endNote.repeats % 2 === 1 ? `${endNote.text}\u00a0` : endNote.text}
        </div>
        <aside className="pv-palette" aria-labelledby="pv-palette-title">
          <h2 id="pv-palette-title">{t.palette}</h2>
          <p className="pv-hint">{t.paletteHint}</p>
          <ul className="pv-palette-list">
            {metrics.map((metric) => (
              <PaletteItem key={metric.id} id={DRAG_ID.metric(metric.id)} item={{ type: 'metric', metricId: metric.id }} label={metric.label[locale]} help={metric.help[locale]} category={metric.category} categoryLabel={m.paletteKinds[metric.category] ?? metric.category} />
            ))}
          </ul>
          <h3>{t.conditions}</h3>
          <ul className="pv-palette-list">
            {(Object.keys(CONDITION_TEMPLATES) as ConditionKind[]).map((k) => (
              <PaletteItem key={k} id={DRAG_ID.condition(k)} item={{ type: 'condition', condition: k }} label={t[k]} category="condition" categoryLabel={m.paletteKinds.condition} />
            ))}
          </ul>
        </aside>

        {/* a region, not <main>: the host page owns its main landmark */}
        <section className="pv-canvas" aria-label={localized(plan.name, locale)}>
          <h2 className="pv-plan-title">{localized(plan.name, locale)}</h2>
          {Object.keys(plan.sheets).length === 0 ? (
            <DropZone id={DRAG_ID.newSheet} target={{ type: 'newSheet' }} label={t.dropNewPlan}>
              <p className="pv-empty">{t.dropNewPlan}</p>
            </DropZone>
          ) : null}
          {Object.entries(plan.sheets).map(([sheetName, sheet]) => {
            const nodes = sheet.kind === 'lines' ? sheet.columns : sheet.cells;
            const kind = sheet.kind === 'lines' ? 'column' : 'cell';
            const ids = Object.keys(nodes).map((n) => DRAG_ID.node(sheetName, n));
            const title = `${sheet.kind === 'lines' ? t.lineSheet : t.summarySheet} ${sheetName}`;
            return (
              <DropZone key={sheetName} id={DRAG_ID.sheet(sheetName)} target={{ type: 'sheet', sheet: sheetName }} label={title}>
                <section className="pv-sheet" aria-label={title} data-testid={`sheet-${sheetName}`}>
                  <h3>
                    {title}
                    {sheet.kind === 'lines' ? (
                      <span className="pv-muted">
                        {' '}
                        ({t.source}: {sheet.source})
                      </span>
                    ) : null}
                  </h3>
                  <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                    <ol className="pv-nodes">
                      {Object.entries(nodes).map(([name, c]) => (
                        <SortableNode
                          key={name}
                          id={DRAG_ID.node(sheetName, name)}
                          sheet={sheetName}
                          name={name}
                          kind={kind}
                          computed={c}
                          locale={locale}
                          t={t}
                          selected={selected?.sheet === sheetName && selected.name === name}
                          issueCount={issues.filter((i) => i.path[1] === sheetName && i.path[3] === name).length}
                          onSelect={() => setSelected({ sheet: sheetName, name, kind })}
                          onRemove={() => {
                            const tag = parseMetricTag(c.description);
                            const r = tag ? removeMetric(plan, tag.instance) : removeNode(plan, { kind, sheet: sheetName, name });
                            if (apply(r) && selected?.name === name) setSelected(undefined);
                          }}
                        />
                      ))}
                    </ol>
                  </SortableContext>
                  <p className="pv-drop-hint">{t.dropHere}</p>
                </section>
              </DropZone>
            );
          })}
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

        <DragOverlay>
          {dragging ? (
            <div className="pv-overlay">
              {dragging.label}
              <span className="pv-drag-destination" data-testid="drag-destination">
                {dropDestination(plan, dragging.item, overData?.target, m, locale)}
              </span>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>

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
    </div>
      )}
      </div>
      {issuesPanel}
      <details className="pv-json">
        <summary>{m.advancedJson}</summary>
        <pre data-testid="emitted-plan">{JSON.stringify(plan, null, 2)}</pre>
      </details>
    </div>
  );
}

function nodeOf(plan: Plan, s: Selected): Computed | undefined {
  const sheet = plan.sheets[s.sheet];
  if (!sheet) return undefined;
  return sheet.kind === 'lines' ? sheet.columns[s.name] : sheet.cells[s.name];
}

