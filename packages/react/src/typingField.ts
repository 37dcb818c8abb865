/**
 * The text field the reader is typing in, if any. The builder makes one undo step of a burst of typing in one field
 * (as a spreadsheet does for a cell), not one per key: each key that changes the plan commits it, so without this a
 * name of twelve letters would take twelve undos.
 */
const TEXT_INPUT_TYPES: ReadonlySet<string> = new Set(['text', 'search', 'number', 'email', 'url', 'tel', 'date']);

/** The focused text input or text area, or null (nothing focused, another control, or no DOM at all). */
export function focusedTextField(): Element | null {
  if (typeof document === 'undefined') return null;
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type)) return el;
  return null;
}
