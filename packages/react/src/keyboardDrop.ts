import type { KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { DRAG_ID } from './builderLogic.js';
import type { DragData } from './dragData.js';

/** The end of the list of drop areas an arrow key would have gone past. */
export type DropAreaEnd = 'first' | 'last';

const KEYS = ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft'];

/**
 * Keyboard moves. A plan node moves among its neighbours (sortable); a palette item jumps from drop area to drop area
 * (sheets top to bottom, then the conditions) with the arrow keys, so a keyboard user reaches every section: down or
 * right to the next area, up or left to the previous one.
 *
 * The list does not wrap around: dnd-kit's keyboard sensor brings an area that is out of view under the held item by
 * scrolling the page in the key's direction, so a jump from the last area back to the first on ArrowDown scrolled the
 * wrong way. Together with the item placed near an area's bottom edge (now its centre, below), that left an item held
 * over the payment conditions however often a key was pressed (the studio's browser test, 2026-12-05). At either end
 * the item stays, and `onEnd` is told, so the user hears why nothing moved (dnd-kit announces only a change of area).
 */
export function keyboardDropCoordinates(onEnd: (end: DropAreaEnd, label: string) => void): KeyboardCoordinateGetter {
  return (event, args) => {
    const { active, collisionRect, droppableRects, droppableContainers, over } = args.context;
    const data = active?.data.current as DragData | undefined;
    if (data?.item?.type === 'node') return sortableKeyboardCoordinates(event, args);
    if (!KEYS.includes(event.code)) return undefined;
    event.preventDefault();
    const zones = droppableContainers
      .getEnabled()
      .filter((c) => {
        const target = (c.data.current as DragData | undefined)?.target;
        return target !== undefined && target.type !== 'node';
      })
      .map((c) => ({ id: String(c.id), rect: droppableRects.get(c.id) }))
      .filter((z): z is { id: string; rect: NonNullable<typeof z.rect> } => z.rect !== undefined)
      .sort((a, b) => a.rect.top - b.rect.top);
    if (zones.length === 0) return undefined;
    const overTarget = (over?.data.current as DragData | undefined)?.target;
    const overZone = overTarget?.type === 'node' ? DRAG_ID.sheet(overTarget.sheet) : over ? String(over.id) : undefined;
    const at = zones.findIndex((z) => z.id === overZone);
    const step = event.code === 'ArrowDown' || event.code === 'ArrowRight' ? 1 : -1;
    const next = zones[at === -1 ? (step > 0 ? 0 : zones.length - 1) : at + step];
    if (next === undefined) {
      onEnd(step > 0 ? 'last' : 'first', data?.label ?? '');
      return undefined;
    }
    // the held item's centre on the area's centre: keyboard drags have no pointer, so the closest centre decides the
    // area (`collision` in PlanBuilder), and a point near an area's edge could be closer to its neighbour's centre
    const held = collisionRect ?? { width: 0, height: 0 };
    return { x: next.rect.left + (next.rect.width - held.width) / 2, y: next.rect.top + (next.rect.height - held.height) / 2 };
  };
}
