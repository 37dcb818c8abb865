import type { FactSchemaInput, Plan } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { FormulaEditor } from './FormulaEditor.js';
import type { UiLocale } from './i18n.js';
import { localized } from './i18n.js';
import { setFormulaAt } from './planPath.js';
import type { PreviewData } from './preview.js';

export interface LineFiltersEditorProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  locale: UiLocale;
  m: AuthoringMessages;
  factSchema?: FactSchemaInput;
  preview?: PreviewData;
}

/** Each line sheet's filter: a condition on the source record, in the formula editor (syntax help, live preview). */
export function LineFiltersEditor({ plan, onChange, locale, m, factSchema, preview }: LineFiltersEditorProps): ReactElement {
  const lineSheets = Object.entries(plan.sheets).filter(([, s]) => s.kind === 'lines');
  const setFilter = (sheet: string, filter: string | undefined) => {
    const s = plan.sheets[sheet];
    if (!s || s.kind !== 'lines') return;
    const { filter: _f, ...rest } = s;
    void _f;
    onChange({ ...plan, sheets: { ...plan.sheets, [sheet]: filter === undefined ? rest : { ...rest, filter } } });
  };
  return (
    <section className="pv-section" aria-labelledby="pv-filters-title" data-testid="filters-editor">
      <h2 id="pv-filters-title">{m.sections.filters}</h2>
      {lineSheets.length === 0 ? <p className="pv-muted">{m.noLineSheets}</p> : null}
      {lineSheets.map(([name, s]) =>
        s.kind === 'lines' ? (
          <fieldset key={name} className="pv-fieldset" data-testid={`filter-${name}`}>
            <legend>
              {localized(s.label, locale, name)} <span className="pv-muted">({m.lineSheetSource(s.source)})</span>
            </legend>
            {s.filter !== undefined ? (
              <>
                <FormulaEditor
                  key={`${name}:${locale}`}
                  value={s.filter}
                  onChange={(f) => onChange(setFormulaAt(plan, ['sheets', name, 'filter'], f))}
                  plan={plan}
                  path={['sheets', name, 'filter']}
                  locale={locale}
                  factSchema={factSchema}
                  preview={preview}
                  label={m.filter}
                />
                <button type="button" className="pv-link" onClick={() => setFilter(name, undefined)}>
                  {m.remove}
                  <span className="pv-sr"> {m.filter}</span>
                </button>
              </>
            ) : (
              <>
                <p className="pv-muted">{m.noFilter}</p>
                <button type="button" className="pv-button pv-secondary" onClick={() => setFilter(name, '=TRUE()')}>
                  {m.filter}
                </button>
              </>
            )}
          </fieldset>
        ) : null,
      )}
    </section>
  );
}
