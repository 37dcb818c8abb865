import { useDraggable } from '@dnd-kit/core';
import type { ReactElement } from 'react';
import type { DragItem } from './builderLogic.js';
import type { DragData } from './dragData.js';

/** A metric or condition of the palette: dragged with the pointer or picked up with Space and moved with the arrows. */
export function PaletteItem({ id, item, label, help, category, categoryLabel }: { id: string; item: DragItem; label: string; help?: string; category: string; categoryLabel?: string }): ReactElement {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id, data: { item, label } satisfies DragData });
  const helpId = `pv-help-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <li className={isDragging ? 'pv-palette-item pv-dragging' : 'pv-palette-item'}>
      <div
        ref={setNodeRef}
        {...attributes}
        {...listeners}
        // The metric's help text is read after the drag instructions.
        aria-describedby={help ? `${attributes['aria-describedby']} ${helpId}` : attributes['aria-describedby']}
        data-testid={`palette-${id}`}
        title={help}
      >
        <span className={`pv-kind pv-kind-${category}`}>{categoryLabel ?? category}</span> {label}
      </div>
      {help ? (
        <span id={helpId} className="pv-sr">
          {help}
        </span>
      ) : null}
    </li>
  );
}

