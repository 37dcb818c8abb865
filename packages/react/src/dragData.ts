import type { DragItem, DropTarget } from './builderLogic.js';

/** What the builder's draggables and drop areas carry: the item or target, and the label announcements read. */
export interface DragData {
  item?: DragItem;
  target?: DropTarget;
  label: string;
}
