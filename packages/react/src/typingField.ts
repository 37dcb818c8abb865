/**
 * The text field the reader is typing in, if any. The builder makes one undo step of a burst of typing in one field
 * (as a spreadsheet does for a cell), not one per key: each key that changes the plan commits it, so without this a
 * name of twelve letters would take twelve undos. A pause in typing ends the burst, as in every text editor: typing
 * "Agenzie", stopping to think, then " Nord" is two steps, so one undo keeps "Agenzie".
 */
const TEXT_INPUT_TYPES: ReadonlySet<string> = new Set(['text', 'search', 'number', 'email', 'url', 'tel', 'date']);

/**
 * A key this long after the previous one in the same field starts a new undo step. Even slow typists put well under a
 * second between the keys of a word, and a pause of a second and a half is a stop to think, so a word stays one step
 * and a sentence typed in two goes is two.
 */
export const TYPING_PAUSE_MS = 1500;

/** The field a burst of typing is in, and when its last key changed the plan (`Date.now()`). */
export interface TypingBurst {
  field: Element;
  lastKeyAt: number;
}

/** The focused text input or text area, or null (nothing focused, another control, or no DOM at all). */
export function focusedTextField(): Element | null {
  if (typeof document === 'undefined') return null;
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type)) return el;
  return null;
}

/** Whether a key in `field` at `at` joins `burst`: the same field, and no pause since its last key. */
export function continuesBurst(burst: TypingBurst | null, field: Element | null, at: number): boolean {
  return field !== null && burst !== null && burst.field === field && at - burst.lastKeyAt <= TYPING_PAUSE_MS;
}

/**
 * The burst an edit committed now belongs to (null when no text field is focused), and whether it continues `burst`
 * rather than starting a new undo step. The one place the builder reads the clock, `Date.now()`, so that a test can
 * set it (Playwright's `page.clock`, vitest's fake `Date`) instead of waiting.
 */
export function typingEdit(burst: TypingBurst | null): { burst: TypingBurst | null; continues: boolean } {
  const field = focusedTextField();
  const at = Date.now();
  return { burst: field === null ? null : { field, lastKeyAt: at }, continues: continuesBurst(burst, field, at) };
}
