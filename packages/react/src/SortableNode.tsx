import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { parseMetricTag } from '@provvigo/core';
import type { Computed } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { DragData } from './dragData.js';
import { localized } from './i18n.js';
import type { Messages, UiLocale } from './i18n.js';
import { showFormula } from './substitute.js';

export interface SortableNodeProps {
  id: string;
  sheet: string;
  name: string;
  kind: 'column' | 'cell';
  computed: Computed;
  locale: UiLocale;
  t: Messages;
  selected: boolean;
  issueCount: number;
  onSelect: () => void;
  onRemove: () => void;
}

/** A column or cell of a sheet: selected to edit, reordered by its handle, removed with its button. */
export function SortableNode(p: SortableNodeProps): ReactElement {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: p.id,
    data: { item: { type: 'node', sheet: p.sheet, name: p.name, kind: p.kind }, target: { type: 'node', sheet: p.sheet, name: p.name }, label: `${p.name} (${p.sheet})` } satisfies DragData,
  });
  const tag = parseMetricTag(p.computed.description);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={['pv-node', p.selected ? 'pv-selected' : '', isDragging ? 'pv-dragging' : '', p.issueCount > 0 ? 'pv-has-issues' : ''].join(' ')}
      data-testid={`node-${p.sheet}-${p.name}`}
    >
      <span className="pv-handle" {...attributes} {...listeners} aria-label={`${p.name}`} data-testid={`handle-${p.sheet}-${p.name}`}>
        ⠿
      </span>
      <button type="button" className="pv-node-main" onClick={p.onSelect} aria-pressed={p.selected}>
        <strong>{p.name}</strong>
        {p.computed.label ? <span className="pv-muted"> {localized(p.computed.label, p.locale)}</span> : null}
        <code className="pv-node-formula">{showFormula(p.computed.formula, p.locale)}</code>
      </button>
      {p.computed.role !== 'value' ? <span className={`pv-kind pv-kind-${p.computed.role}`}>{p.computed.role}</span> : null}
      {tag ? <span className="pv-kind pv-kind-metric">{tag.id}</span> : null}
      {p.issueCount > 0 ? <span className="pv-issue-count">{p.issueCount} ⚠</span> : null}
      <button type="button" className="pv-link" onClick={p.onRemove}>
        {p.t.remove}
        <span className="pv-sr"> {p.name}</span>
      </button>
    </li>
  );
}

