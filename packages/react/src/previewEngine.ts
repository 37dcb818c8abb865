/**
 * HyperFormula for the live preview, loaded only when the host passes a licence key and only the first time the
 * preview runs: a dynamic import, so a bundler puts HyperFormula (about 1 MB raw with its parser) in a chunk of its
 * own and an app that renders `<PlanBuilder>` does not download it with its first page.
 */
import type { FormulaEngine } from '@provvigo/core';
import type { WorkbookSession } from '@provvigo/core/hyperformula';

/** A loaded preview engine: one kept workbook, and engines over it (one per evaluation). */
export interface PreviewEngine {
  /** A HyperFormula `FormulaEngine` over the kept workbook: each call recomputes only the cells an edit changed. */
  engine(): FormulaEngine;
  /** The kept workbook (`last.mode` says whether the last evaluation updated it or built it anew). */
  readonly session: WorkbookSession;
  /** Frees the kept workbook (a new partner is a new input; unmount). */
  dispose(): void;
}

/**
 * Loads `@provvigo/core/hyperformula` (and the `hyperformula` peer) and opens a kept workbook under the host's
 * licence key. Rejects when the peer is not installed; the caller shows why and previews without the cross-check.
 */
export async function loadPreviewEngine(licenseKey: string): Promise<PreviewEngine> {
  const { hyperFormulaEngine, WorkbookSession } = await import('@provvigo/core/hyperformula');
  const session = new WorkbookSession();
  return { session, engine: () => hyperFormulaEngine({ licenseKey, session }), dispose: () => session.dispose() };
}
