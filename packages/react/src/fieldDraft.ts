import { useState } from 'react';

/**
 * A form field's text while it is typed, over the plan value it edits. The field may hold text the plan refuses (a
 * name blanked before it is retyped, half a date), so the form keeps what was typed; but the plan may also move on
 * under the field (undo, redo, another editor), and then the field shows the plan again. The draft remembers which
 * plan text it was typed over (the text the plan takes from it, or the plan's own when it took nothing) and is
 * dropped as soon as the plan shows something else: what is on screen never contradicts the plan for long. A plan
 * change elsewhere (an undo of another field) leaves a refused draft as it is: still marked, and the plan's value in
 * this field has not moved.
 */
export interface FieldDraft<T> {
  /** What the field shows: the text typed, while the plan still holds what that text left it with; else the plan's. */
  text: T;
  /** The text typed was refused, so the plan kept its value: the field is marked. */
  invalid: boolean;
  /** Records what was typed; `applied` is the text the plan shows once it takes it, undefined when it does not. */
  typed: (text: T, applied: T | undefined) => void;
}

interface Draft<T> {
  text: T;
  over: string;
  invalid: boolean;
}

/** The draft of one field whose text in the plan, as the field would show it, is `fromPlan`. */
export function useFieldDraft<T>(fromPlan: T): FieldDraft<T> {
  const [draft, setDraft] = useState<Draft<T> | null>(null);
  // compared as JSON: the texts are strings or small records of strings, rebuilt from the plan on every render
  const current = draft !== null && draft.over === JSON.stringify(fromPlan) ? draft : null;
  return {
    text: current ? current.text : fromPlan,
    invalid: current?.invalid ?? false,
    typed: (text, applied) => setDraft({ text, over: JSON.stringify(applied ?? fromPlan), invalid: applied === undefined }),
  };
}
