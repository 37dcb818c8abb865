/**
 * The plan builder's problem list: refused operations and core's validation issues, then the names an explanation
 * would show without a label in a language. Split from PlanBuilder.tsx, which shows it under every tab.
 */
import type { Issue } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import type { BuilderSection } from './builderSections.js';
import type { Messages, UiLocale } from './i18n.js';
import { issueMessage } from './issueMessages.js';

export interface IssuesPanelProps {
  /** Core's validation of the plan. */
  issues: readonly Issue[];
  /** Why the last plan operation was refused. */
  opIssues: readonly Issue[];
  /** Missing labels: warnings, the plan stays valid. */
  labelWarnings: readonly Issue[];
  /** The tab shown: the label warnings stay off the sheets tab. */
  section: BuilderSection;
  locale: UiLocale;
  t: Messages;
  m: AuthoringMessages;
}

/** The problems, or that the plan is valid; the missing labels folded in a disclosure. */
export function IssuesPanel({ issues, opIssues, labelWarnings, section, locale, t, m }: IssuesPanelProps): ReactElement {
  return (
    <section aria-label={t.issues} className="pv-issues" data-testid="plan-issues">
      <h2>{t.issues}</h2>
      {issues.length + opIssues.length === 0 ? (
        <p data-testid="plan-valid">{t.noIssues}</p>
      ) : (
        <ul>
          {[...opIssues, ...issues].map((i, n) => (
            <li key={n} className={i.severity === 'error' ? 'pv-error' : 'pv-warning-text'}>
              <code>{i.path.join('.')}</code>: {issueMessage(i, locale)}
            </li>
          ))}
        </ul>
      )}
      {/* not on the sheets tab: the page growing below the canvas would scroll the drop targets under a keyboard drag */}
      {labelWarnings.length > 0 && section !== 'sheets' ? (
        <details className="pv-label-warnings" data-testid="label-warnings">
          <summary>{m.missingLabels(labelWarnings.length)}</summary>
          <ul>
            {labelWarnings.map((i) => (
              <li key={i.path.join('.')} className="pv-warning-text">
                <code>{i.path.join('.')}</code>: {i.messages?.[locale] ?? i.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
