import { useDroppable } from '@dnd-kit/core';
import type { ReactElement, ReactNode } from 'react';
import type { DropTarget } from './builderLogic.js';
import type { DragData } from './dragData.js';

/** An area of the canvas that accepts drops (a sheet, the conditions, a new plan's first sheet). */
export function DropZone({ id, target, label, children }: { id: string; target: DropTarget; label: string; children: ReactNode }): ReactElement {
  const { setNodeRef, isOver } = useDroppable({ id, data: { target, label } satisfies DragData });
  return (
    <div ref={setNodeRef} className={isOver ? 'pv-dropzone pv-over' : 'pv-dropzone'} data-testid={`drop-${id}`}>
      {children}
    </div>
  );
}

