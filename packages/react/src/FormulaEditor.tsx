import { parsePlan } from '@provvigo/core';
import type { FactSchemaInput, Issue, Plan } from '@provvigo/core';
import { useId, useMemo, useRef } from 'react';
import type { ReactElement } from 'react';
import { FormulaErrors } from './FormulaErrors.js';
import type { ShownIssue } from './FormulaErrors.js';
import { FormulaMirror } from './FormulaMirror.js';
import { issueOffset, issuesAt, mapOffset } from './formulaAssist.js';
import { messages } from './i18n.js';
import { issueMessage } from './issueMessages.js';
import type { UiLocale } from './i18n.js';
import { setFormulaAt } from './planPath.js';
import { PreviewPanel } from './PreviewPanel.js';
import type { PreviewData } from './preview.js';
import { targetOfPath } from './preview.js';
import { SuggestionList } from './SuggestionList.js';
import { useFormulaSuggestions } from './useFormulaSuggestions.js';
import { useFormulaText } from './useFormulaText.js';

export interface FormulaEditorProps {
  /** The formula in canonical (English) form, as stored in the plan. */
  value: string;
  /** Called with the canonical form whenever the text translates (Italian input is converted first). */
  onChange: (canonical: string) => void;
  /** The plan the formula belongs to: names to suggest and the context core validates it in. */
  plan: Plan;
  /** Where the formula lives, e.g. ['sheets', 'Summary', 'cells', 'Bonus', 'formula']. */
  path: (string | number)[];
  locale?: UiLocale;
  factSchema?: FactSchemaInput;
  /** Sample data for the live preview; without it no preview is shown. */
  preview?: PreviewData;
  /** Preview refresh delay after typing, in ms (default 250). */
  debounceMs?: number;
  label?: string;
}

/**
 * An Excel-style formula box: English or Italian function names (`SE`, `;`), autocomplete of functions, parameters,
 * summary cells, tables and columns, inline errors placed where core's validation found them, and a live preview of
 * the results for one partner.
 */
export function FormulaEditor(props: FormulaEditorProps): ReactElement {
  const { value, onChange, plan, path, factSchema, preview } = props;
  const locale = props.locale ?? 'en';
  const t = messages(locale);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const { text, syntax, emit } = useFormulaText(value, locale, onChange);

  const sheet = typeof path[1] === 'string' ? path[1] : undefined;
  const ctx = useMemo(() => ({ plan, sheet, factSchema, locale }), [plan, sheet, factSchema, locale]);
  const { items, wordStart, active, showList, choose, typed, setCaret, close, onKeyDown } = useFormulaSuggestions(text, ctx, emit, inputRef);

  const candidate = useMemo(() => setFormulaAt(plan, path, value), [plan, path, value]);
  const coreIssues: Issue[] = useMemo(() => {
    const r = parsePlan(candidate, factSchema ? { factSchema } : {});
    return issuesAt(r.issues, path).filter((i) => i.severity === 'error');
  }, [candidate, factSchema, path]);

  const shown: ShownIssue[] = syntax
    ? [syntax]
    : coreIssues.map((i) => {
        const offset = i.position?.start ?? issueOffset(i.message);
        // Core reports offsets in the canonical formula; map them onto the text as displayed.
        return { message: issueMessage(i, locale), code: i.code, ...(offset !== undefined ? { range: mapOffset(value, offset, text) } : {}) };
      });

  const listId = `${id}-list`;
  const errId = `${id}-errors`;
  const target = targetOfPath(path);
  const firstRange = shown.find((s) => s.range)?.range;

  return (
    <div className="pv-formula" data-testid="formula-editor">
      <label className="pv-formula-label" htmlFor={`${id}-input`}>
        {props.label ?? t.formula}
      </label>
      <div className="pv-formula-box">
        <input
          id={`${id}-input`}
          ref={inputRef}
          className={shown.length > 0 ? 'pv-formula-input pv-invalid' : 'pv-formula-input'}
          data-testid="formula-input"
          value={text}
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          aria-invalid={shown.length > 0}
          aria-describedby={shown.length > 0 ? errId : undefined}
          onChange={(e) => typed(e.target.value, e.target.selectionStart ?? e.target.value.length)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(close, 150)}
        />
        <SuggestionList id={listId} label={t.suggestions} items={items} active={active} showList={showList} wordStart={wordStart} onChoose={choose} />
      </div>
      {firstRange ? <FormulaMirror text={text} range={firstRange} /> : null}
      {shown.length > 0 ? <FormulaErrors id={errId} shown={shown} locale={locale} /> : null}
      {preview && target ? <PreviewPanel plan={candidate} target={target} data={preview} locale={locale} debounceMs={props.debounceMs ?? 250} /> : null}
    </div>
  );
}
