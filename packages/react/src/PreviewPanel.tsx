import { formatMoney } from '@provvigo/core';
import { WorkbookSession } from '@provvigo/core/hyperformula';
import type { Plan } from '@provvigo/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { formatValue } from './format.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { computeGates, computePreview } from './preview.js';
import { showFormula, substituteValues } from './substitute.js';
import type { GateRow, PreviewData, PreviewResult, PreviewTarget } from './preview.js';

export interface PreviewPanelProps {
  plan: Plan;
  target: PreviewTarget;
  data: PreviewData;
  locale: UiLocale;
  debounceMs?: number;
}

/** The live preview: the target's values (and trace inputs) for one partner, refreshed shortly after each edit. */
export function PreviewPanel({ plan, target, data, locale, debounceMs = 250 }: PreviewPanelProps): ReactElement {
  const t = messages(locale);
  const id = useId();
  const [partnerId, setPartnerId] = useState(data.partnerId);
  const [result, setResult] = useState<PreviewResult | undefined>(undefined);
  const [gates, setGates] = useState<GateRow[]>([]);
  const [pending, setPending] = useState(true);
  // One kept workbook per panel: each refresh applies only the cells the edit changed.
  const session = useRef<WorkbookSession | null>(null);
  useEffect(() => {
    return () => {
      // A new partner is a new input: start a fresh workbook (and free it on unmount).
      session.current?.dispose();
      session.current = null;
    };
  }, [partnerId]);

  useEffect(() => setPartnerId(data.partnerId), [data.partnerId]);
  useEffect(() => {
    setPending(true);
    const timer = setTimeout(() => {
      try {
        session.current ??= new WorkbookSession();
        const r = computePreview(plan, target, { ...data, partnerId }, session.current);
        setResult(r);
        // a gate (a boolean cell) is shown for every partner, not only the one picked
        const gate = target.kind === 'cell' && (r.rows[0]?.cell?.gate !== undefined || typeof r.rows[0]?.value === 'boolean');
        setGates(gate ? computeGates(plan, target, { ...data, partnerId }) : []);
      } catch {
        setGates([]);
        setResult({ rows: [], total: null, currency: plan.currency, scale: plan.rounding.scale, issues: [] });
      }
      setPending(false);
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [plan, target.sheet, target.name, target.kind, data, partnerId, debounceMs]);

  const single = target.kind === 'cell' ? result?.rows[0] : undefined;
  return (
    <section className="pv-preview" aria-labelledby={`${id}-h`} aria-busy={pending} data-testid="preview" data-pending={pending}>
      <h3 id={`${id}-h`}>
        {t.preview}: <code>{target.name}</code>
      </h3>
      <label htmlFor={`${id}-partner`}>{t.previewFor} </label>
      <select id={`${id}-partner`} value={partnerId} onChange={(e) => setPartnerId(e.target.value)} data-testid="preview-partner">
        {data.input.partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.id})
          </option>
        ))}
      </select>
      {pending && result ? (
        // the values below belong to the plan before the last edit: say so until they are recomputed
        <p className="pv-stale" data-testid="preview-stale">
          {t.previewStale}
        </p>
      ) : null}
      <div className={pending && result ? 'pv-stale-values' : undefined}>
      {result && result.rows.length === 0 ? <p>{t.previewNotNumeric}</p> : null}
      {single ? (
        <>
          <p className="pv-preview-value">
            {t.value}: <strong data-testid="preview-value">{formatValue(single.value ?? null, locale)}</strong>
          </p>
          {single.cell ? (
            <p className="pv-preview-trace" data-testid="preview-trace">
              {t.substituted}: <code>{showFormula(substituteValues(single.cell), locale)}</code>
              {single.cell.gate ? ` (${single.cell.gate === 'passed' ? t.gatePassed : t.gateFailed})` : ''}
            </p>
          ) : null}
        </>
      ) : null}
      {result && target.kind === 'column' && result.rows.length > 0 ? (
        <table className="pv-table pv-preview-rows">
          <thead>
            <tr>
              <th scope="col">{t.row}</th>
              <th scope="col">{t.record}</th>
              <th scope="col">{t.value}</th>
              <th scope="col">{t.inputs}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.slice(0, 50).map((r, i) => (
              <tr key={i}>
                <td>{r.row ?? ''}</td>
                <td>{r.source?.id ?? ''}</td>
                <td data-testid="preview-row-value">{formatValue(r.value ?? null, locale)}</td>
                <td>
                  <code>{r.cell ? showFormula(substituteValues(r.cell), locale) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {gates.length > 0 ? (
        <table className="pv-table pv-gates" data-testid="preview-gates">
          <caption>{t.gateByPartner}</caption>
          <thead>
            <tr>
              <th scope="col">{t.partner}</th>
              <th scope="col">{target.name}</th>
            </tr>
          </thead>
          <tbody>
            {gates.map((g) => (
              <tr key={g.partnerId} data-partner={g.partnerId}>
                <th scope="row">
                  {g.name} ({g.partnerId})
                </th>
                <td data-testid="gate-value" className={g.passed === false ? 'pv-gate-failed' : undefined}>
                  {formatValue(g.passed, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result?.total != null ? (
        <p className="pv-preview-total">
          {t.total}: <strong data-testid="preview-total">{formatMoney(result.total, result.currency, locale, result.scale)}</strong>
        </p>
      ) : null}
      </div>
    </section>
  );
}
