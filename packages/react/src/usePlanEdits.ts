/**
 * The plan builder's edits: each one recorded for undo before it reaches the host, refused operations kept as issues
 * to show, and undo/redo from the toolbar or Ctrl/Cmd+Z and Ctrl/Cmd+Y (Shift+Z). Split from PlanBuilder.tsx so the
 * component reads as its layout; the builder's tabs and canvas all edit through `commit` and `apply`.
 */
import type { Issue, Plan, PlanOpResult } from '@provvigo/core';
import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { emptyHistory, record, redo, undo } from './history.js';
import type { History } from './history.js';

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

  function commit(next: Plan) {
    setHistory((h) => record(h, plan));
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
    const r = undo(history, plan);
    if (r) {
      setHistory(r.history);
      onChange(r.value);
    }
  }
  function doRedo() {
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
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  });

  return { history, opIssues, commit, apply, doUndo, doRedo };
}
