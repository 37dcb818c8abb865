/** Undo/redo stacks for a controlled editor: pure, so the builder's history is testable without a browser. */
export interface History<T> {
  past: T[];
  future: T[];
}

export const MAX_HISTORY = 100;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/** Records `current` before a new edit; a new edit clears the redo stack. */
export function record<T>(h: History<T>, current: T): History<T> {
  return { past: [...h.past, current].slice(-MAX_HISTORY), future: [] };
}

/** Steps back: returns the value to show and the new history, or undefined when there is nothing to undo. */
export function undo<T>(h: History<T>, current: T): { value: T; history: History<T> } | undefined {
  const value = h.past[h.past.length - 1];
  if (value === undefined) return undefined;
  return { value, history: { past: h.past.slice(0, -1), future: [current, ...h.future] } };
}

export function redo<T>(h: History<T>, current: T): { value: T; history: History<T> } | undefined {
  const value = h.future[0];
  if (value === undefined) return undefined;
  return { value, history: { past: [...h.past, current], future: h.future.slice(1) } };
}
