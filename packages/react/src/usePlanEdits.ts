/**
 * The plan builder's edits: each one recorded for undo before it reaches the host, refused operations kept as issues
 * to show, and undo/redo from the toolbar or Ctrl/Cmd+Z and Ctrl/Cmd+Y (Shift+Z). Split from PlanBuilder.tsx so the
 * component reads as its layout; the builder's tabs and canvas all edit through `commit` and `apply`. A burst of typing
 * in one text field is one undo step: the plan before the burst is recorded once, and the burst ends when the field
 * loses focus, another edit commits, an undo or redo moves the plan, or the typing pauses (`TYPING_PAUSE_MS`).
 */
import type { Issue, Plan, PlanOpResult } from '@provvigo/core';
import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { emptyHistory, record, redo, undo } from './history.js';
import type { History } from './history.js';
import { typingEdit } from './typingField.js';
import type { TypingBurst } from './typingField.js';

export interface PlanEdits {
  history: History<Plan>;
  /** Why the last plan operation was refused; cleared by the next edit. */
  opIssues: Issue[];
  /** Hands the host a new plan, recording the current one for undo. */
  commit: (next: Plan) => void;
  /** Commits a plan operation's result, or keeps its issues when refused; true when the plan changed. */
  apply: (r: PlanOpResult | undefined) => boolean;
  doUndo: () => void;
  doRedo: () => void;
}

/** The builder's edits on the controlled `plan`; the keyboard shortcuts listen on `rootRef`'s element. */
export function usePlanEdits(plan: Plan, onChange: (plan: Plan) => void, rootRef: RefObject<HTMLDivElement | null>): PlanEdits {
  const [history, setHistory] = useState<History<Plan>>(emptyHistory);
  const [opIssues, setOpIssues] = useState<Issue[]>([]);
  // the burst of typing the last commit came from; its field's next keys join the same undo step until a pause
  const typing = useRef<TypingBurst | null>(null);

  function commit(next: Plan) {
    const edit = typingEdit(typing.current);
    if (!edit.continues) setHistory((h) => record(h, plan));
    typing.current = edit.burst;
    setOpIssues([]);
    onChange(next);
  }
  function apply(r: PlanOpResult | undefined): boolean {
    if (!r) return false;
    if (!r.ok) {
      setOpIssues(r.issues);
      return false;
    }
    commit(r.plan);
    return true;
  }
  function doUndo() {
    typing.current = null;
    const r = undo(history, plan);
    if (r) {
      setHistory(r.history);
      onChange(r.value);
    }
  }
  function doRedo() {
    typing.current = null;
    const r = redo(history, plan);
    if (r) {
      setHistory(r.history);
      onChange(r.value);
    }
  }

  useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement | null)?.tagName === 'INPUT') return;
      if (e.key.toLowerCase() === 'z' && !e.shiftKey) {
        e.preventDefault();
        doUndo();
      } else if (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) {
        e.preventDefault();
        doRedo();
      }
    };
    // leaving a field ends its burst of typing: back in it, the next key starts a new undo step
    const onFocusOut = () => {
      typing.current = null;
    };
    el.addEventListener('keydown', onKey);
    el.addEventListener('focusout', onFocusOut);
    return () => {
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('focusout', onFocusOut);
    };
  });

  return { history, opIssues, commit, apply, doUndo, doRedo };
}
