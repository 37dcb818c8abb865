import type { PlanChange } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { groupChanges, showChangeValue } from './planDiffRows.js';
import { showFormula } from './substitute.js';
import type { UiLocale } from './i18n.js';

export interface PlanDiffViewProps {
  from: number;
  to: number;
  changes: readonly PlanChange[];
  locale: UiLocale;
  m: AuthoringMessages;
}

/** Formulas in the reader's language (SE, SOMMA…), anything else as written. */
function showValue(v: unknown, locale: UiLocale): string {
  const s = showChangeValue(v);
  return typeof v === 'string' && v.startsWith('=') ? showFormula(v, locale) : s;
}

/** Two versions side by side, by section (formulas, tables, conditions…): what each changed member was and became. */
export function PlanDiffView({ from, to, changes, locale, m }: PlanDiffViewProps): ReactElement {
  if (changes.length === 0) return <p data-testid="plan-diff-empty">{m.diffNone}</p>;
  return (
    <div data-testid="plan-diff">
      {groupChanges(changes).map((g) => (
        <table key={g.section} className="pv-diff" data-section={g.section}>
          <caption>{m.diffSections[g.section]}</caption>
          <thead>
            <tr>
              <th scope="col">{m.what}</th>
              <th scope="col">
                {m.version} {from}
              </th>
              <th scope="col">
                {m.version} {to}
              </th>
            </tr>
          </thead>
          <tbody>
            {g.changes.map((c) => (
              <tr key={c.path} data-kind={c.kind}>
                <th scope="row">
                  <code>{c.path}</code> <span className="pv-muted">({m.changeKinds[c.kind]})</span>
                </th>
                <td>
                  <code>{showValue(c.before, locale)}</code>
                </td>
                <td>
                  <code>{showValue(c.after, locale)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
