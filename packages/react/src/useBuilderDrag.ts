/**
 * The plan builder's drag and drop: pointer and keyboard sensors, what is being dragged and over which area, the
 * screen-reader announcements, and the drop applied to the plan. Split from PlanBuilder.tsx so the component reads as
 * its layout; the builder spreads `context` onto its DndContext.
 */
import { KeyboardSensor, PointerSensor, useSensor, useSensors } from '@dnd-kit/core';
import type { Announcements, DragEndEvent, DragOverEvent, DragStartEvent, ScreenReaderInstructions, SensorDescriptor, SensorOptions } from '@dnd-kit/core';
import { listMetricInstances } from '@provvigo/core';
import type { Plan, PlanOpResult } from '@provvigo/core';
import { useCallback, useMemo, useState } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { applyDrop } from './builderLogic.js';
import { dragAnnouncements } from './dragAnnouncements.js';
import type { DragData } from './dragData.js';
import type { Messages, UiLocale } from './i18n.js';
import { keyboardDropCoordinates } from './keyboardDrop.js';
import type { SelectedNode } from './selectedNode.js';

export interface BuilderDragOptions {
  plan: Plan;
  locale: UiLocale;
  t: Messages;
  m: AuthoringMessages;
  /** Commits a drop's result (see `usePlanEdits`); true when the plan changed. */
  apply: (r: PlanOpResult | undefined) => boolean;
  /** Selects the main column or cell of a metric just dropped. */
  select: (node: SelectedNode) => void;
}

export interface BuilderDrag {
  /** What is being dragged, for the overlay. */
  dragging: DragData | undefined;
  /** The area under it, for the overlay's destination. */
  overData: DragData | undefined;
  /** The text of the polite live region that says when an arrow key would go past the first or last drop area. */
  endNote: string;
  /** The DndContext's props. */
  context: {
    sensors: SensorDescriptor<SensorOptions>[];
    onDragStart: (e: DragStartEvent) => void;
    onDragOver: (e: DragOverEvent) => void;
    onDragEnd: (e: DragEndEvent) => void;
    onDragCancel: () => void;
    accessibility: { announcements: Announcements; screenReaderInstructions: ScreenReaderInstructions };
  };
}

/** The builder's drag state and DndContext handlers; a drop goes through `apply`. */
export function useBuilderDrag({ plan, locale, t, m, apply, select }: BuilderDragOptions): BuilderDrag {
  const [dragging, setDragging] = useState<DragData | undefined>(undefined);
  const [overData, setOverData] = useState<DragData | undefined>(undefined);

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
      if (main && (main.kind === 'cell' || main.kind === 'column')) select({ sheet: main.sheet, name: main.name, kind: main.kind });
    }
  }
  function onDragCancel() {
    setEndNote('');
    setDragging(undefined);
    setOverData(undefined);
  }

  return {
    dragging,
    overData,
    endNote: endNote.repeats % 2 === 1 ? `${endNote.text}\u00a0` : endNote.text,
    context: {
      sensors,
      onDragStart,
      onDragOver,
      onDragEnd,
      onDragCancel,
      accessibility: { announcements: dragAnnouncements(plan, t, m, locale), screenReaderInstructions: { draggable: t.dndInstructions } },
    },
  };
}
