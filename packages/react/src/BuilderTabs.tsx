/**
 * The plan builder's toolbar: its tabs (WAI-ARIA tabs pattern, arrow keys move between them) and the undo and redo
 * buttons. Split from PlanBuilder.tsx, which owns the section shown and the history.
 */
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { BUILDER_SECTIONS } from './builderSections.js';
import type { BuilderSection } from './builderSections.js';
import type { Messages } from './i18n.js';

export interface BuilderTabsProps {
  /** The tab list's accessible name (the plan's name). */
  label: string;
  section: BuilderSection;
  onSection: (section: BuilderSection) => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  t: Messages;
  m: AuthoringMessages;
}

/** The tab strip and the undo/redo buttons; the tabs control the builder's one tab panel (`pv-tabpanel`). */
export function BuilderTabs({ label, section, onSection, canUndo, canRedo, onUndo, onRedo, t, m }: BuilderTabsProps): ReactElement {
  return (
    <div className="pv-tabs">
      <div className="pv-tablist" role="tablist" aria-label={label}>
        {BUILDER_SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={`pv-tab-${s}`}
            aria-selected={section === s}
            aria-controls="pv-tabpanel"
            tabIndex={section === s ? 0 : -1}
            data-testid={`tab-${s}`}
            onClick={() => onSection(s)}
            onKeyDown={(e) => {
              // arrow keys move between tabs (WAI-ARIA tabs pattern)
              const at = BUILDER_SECTIONS.indexOf(s);
              const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? BUILDER_SECTIONS.length - 1 : undefined;
              if (to === undefined) return;
              e.preventDefault();
              const next = BUILDER_SECTIONS[(to + BUILDER_SECTIONS.length) % BUILDER_SECTIONS.length]!;
              onSection(next);
              requestAnimationFrame(() => document.getElementById(`pv-tab-${next}`)?.focus());
            }}
          >
            {m.sections[s]}
          </button>
        ))}
      </div>
      <button type="button" className="pv-button" onClick={onUndo} disabled={!canUndo} data-testid="undo">
        {t.undo}
      </button>
      <button type="button" className="pv-button" onClick={onRedo} disabled={!canRedo} data-testid="redo">
        {t.redo}
      </button>
    </div>
  );
}
