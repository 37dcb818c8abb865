import { formatMoney } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { formatValue } from './format.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { computeGates, computePreview } from './preview.js';
import { loadPreviewEngine, type PreviewEngine } from './previewEngine.js';
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
  const { status: crossCheck, failure, load: loadEngine, fail: failEngine } = usePreviewEngine(data.licenseKey, partnerId);
  useEffect(() => setPartnerId(data.partnerId), [data.partnerId]);
  useEffect(() => {
    setPending(true);
    let cancelled = false;
    const timer = setTimeout(async () => {
      const loaded = await loadEngine();
      if (cancelled) return;
      try {
        const r = previewWithFallback(() => computePreview(plan, target, { ...data, partnerId }, loaded?.engine()), () => computePreview(plan, target, { ...data, partnerId }), loaded ? failEngine : undefined);
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
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [plan, target.sheet, target.name, target.kind, data, partnerId, debounceMs, loadEngine, failEngine]);

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
      {crossCheck === 'off' || crossCheck === 'failed' ? (
        <p className="pv-muted" data-testid="preview-crosscheck" data-crosscheck={crossCheck}>
          {crossCheck === 'off' ? t.previewNoLicence : `${t.previewEngineFailed}${failure ? ` ${failure}` : ''}`}
        </p>
      ) : null}
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

type CrossCheck = 'off' | 'loading' | 'on' | 'failed';

/**
 * HyperFormula for the preview, only with the host's licence key: loaded (dynamic import) the first time the preview
 * runs, one kept workbook per partner (each refresh applies only the cells an edit changed), freed on a new partner,
 * a new key or unmount. `load()` gives undefined without a key or when HyperFormula cannot be loaded.
 */
function usePreviewEngine(
  licenseKey: string | undefined,
  partnerId: string,
): { status: CrossCheck; failure: string | undefined; load: () => Promise<PreviewEngine | undefined>; fail: (message: string) => void } {
  const [status, setStatus] = useState<CrossCheck>(licenseKey === undefined ? 'off' : 'loading');
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const fail = useCallback((message: string) => {
    setStatus('failed');
    setFailure(message);
  }, []);
  const kept = useRef<Promise<PreviewEngine> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key or partner frees the kept workbook on purpose
  useEffect(() => {
    setStatus(licenseKey === undefined ? 'off' : 'loading');
    setFailure(undefined);
    return () => {
      kept.current?.then((e) => e.dispose(), () => undefined);
      kept.current = null;
    };
  }, [licenseKey, partnerId]);
  // partnerId: a new partner opens a new kept workbook, so a load after the change must not reuse the old one
  // biome-ignore lint/correctness/useExhaustiveDependencies: partnerId renews the loader on purpose (see above)
  const load = useCallback(async (): Promise<PreviewEngine | undefined> => {
    if (licenseKey === undefined) return undefined;
    kept.current ??= loadPreviewEngine(licenseKey);
    try {
      const loaded = await kept.current;
      setStatus('on');
      return loaded;
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }, [licenseKey, partnerId, fail]);
  return { status, failure, load, fail };
}

/**
 * The preview with the cross-check, or — when HyperFormula refuses (a bad licence key is a `PlanError` from core) —
 * the exact engine's preview, with the reason shown: a refused cross-check is said, never silently skipped.
 */
function previewWithFallback<T>(checked: () => T, exactOnly: () => T, onFailure: ((message: string) => void) | undefined): T {
  if (!onFailure) return exactOnly();
  try {
    return checked();
  } catch (e) {
    onFailure(e instanceof Error ? e.message : String(e));
    return exactOnly();
  }
}
