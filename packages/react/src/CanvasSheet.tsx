/**
 * One sheet of the plan builder's canvas: a drop area holding the sheet's columns or cells, reordered by drag. Split
 * from PlanBuilder.tsx (through PlanCanvas.tsx, which lists the sheets).
 */
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { Computed, Issue, Sheet } from '@provvigo/core';
import type { ReactElement } from 'react';
import { DRAG_ID } from './builderLogic.js';
import { DropZone } from './DropZone.js';
import type { Messages, UiLocale } from './i18n.js';
import type { SelectedNode } from './selectedNode.js';
import { SortableNode } from './SortableNode.js';

export interface CanvasSheetProps {
  name: string;
  sheet: Sheet;
  /** Core's validation of the plan: each node shows how many of them are its own. */
  issues: readonly Issue[];
  selected: SelectedNode | undefined;
  onSelect: (node: SelectedNode) => void;
  /** Removes a node (with its metric, when it is one). */
  onRemove: (node: SelectedNode, computed: Computed) => void;
  locale: UiLocale;
  t: Messages;
}

/** The sheet's title and source, its nodes in order, and the hint to drop a metric on it. */
export function CanvasSheet({ name: sheetName, sheet, issues, selected, onSelect, onRemove, locale, t }: CanvasSheetProps): ReactElement {
  const nodes = sheet.kind === 'lines' ? sheet.columns : sheet.cells;
  const kind = sheet.kind === 'lines' ? 'column' : 'cell';
  const ids = Object.keys(nodes).map((n) => DRAG_ID.node(sheetName, n));
  const title = `${sheet.kind === 'lines' ? t.lineSheet : t.summarySheet} ${sheetName}`;
  return (
    <DropZone id={DRAG_ID.sheet(sheetName)} target={{ type: 'sheet', sheet: sheetName }} label={title}>
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
                onSelect={() => onSelect({ sheet: sheetName, name, kind })}
                onRemove={() => onRemove({ sheet: sheetName, name, kind }, c)}
              />
            ))}
          </ol>
        </SortableContext>
        <p className="pv-drop-hint">{t.dropHere}</p>
      </section>
    </DropZone>
  );
}
