import { getMetric, metricFields } from '@provvigo/core';
import type { FactSchemaInput, Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { MESSAGES } from './i18n.js';
import { metricParamLabel } from './metricParamLabels.js';
import type { Messages } from './i18n.js';

export interface MetricParamsProps {
  metricId: string;
  params: Record<string, unknown>;
  plan: Plan;
  factSchema?: FactSchemaInput;
  t: Messages;
  onApply: (p: Record<string, unknown>) => void;
}

/** The parameters of a placed metric as a form (fields from the metric's schema); Apply re-expands it in place. */
export function MetricParams({ metricId, params, plan, factSchema, t, onApply }: MetricParamsProps): ReactElement {
  const def = getMetric(metricId);
  const fields = def ? metricFields(def) : [];
  const [draft, setDraft] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(
      fields.map((f) => {
        const v = params[f.name];
        if (f.kind === 'boolean') return [f.name, v === true];
        if (f.kind === 'json') return [f.name, v === undefined ? '' : JSON.stringify(v)];
        return [f.name, v === undefined ? '' : String(v)];
      }),
    ),
  );
  const [error, setError] = useState('');
  const locale = t === MESSAGES.it ? 'it' : 'en';
  const cells = Object.values(plan.sheets).flatMap((s) => (s.kind === 'summary' ? Object.keys(s.cells) : []));
  const source = typeof draft['source'] === 'string' ? draft['source'] : undefined;
  const factColumns = source ? Object.keys(factSchema?.tables[source]?.columns ?? {}) : [];
  const listId = `pv-fact-columns-${metricId}`;
  return (
    <form
      className="pv-params"
      data-testid="metric-params"
      onSubmit={(e) => {
        e.preventDefault();
        const out: Record<string, unknown> = {};
        try {
          for (const f of fields) {
            const v = draft[f.name];
            if (f.kind === 'boolean') out[f.name] = v === true;
            else if (v === '' || v === undefined) {
              if (!f.optional) out[f.name] = v;
            } else if (f.kind === 'json') out[f.name] = JSON.parse(String(v));
            else if (f.kind === 'number') out[f.name] = Number(v);
            else if (f.kind === 'integer') out[f.name] = Number.parseInt(String(v), 10);
            else out[f.name] = v;
          }
        } catch (err) {
          setError(String(err));
          return;
        }
        setError('');
        onApply(out);
      }}
    >
      <fieldset>
        <legend>
          {t.parameters}: {def ? def.label[locale] : metricId}
        </legend>
        {fields.map((f) => {
          const id = `pv-param-${metricId}-${f.name}`;
          const value = draft[f.name];
          const set = (v: string | boolean) => setDraft({ ...draft, [f.name]: v });
          let control: ReactElement;
          if (f.kind === 'boolean') control = <input id={id} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />;
          else if (f.kind === 'enum')
            control = (
              <select id={id} value={String(value)} onChange={(e) => set(e.target.value)}>
                {f.options?.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
          else if (f.kind === 'json') control = <textarea id={id} rows={3} value={String(value)} onChange={(e) => set(e.target.value)} />;
          else if (f.ref === 'cell')
            control = (
              <select id={id} value={String(value)} onChange={(e) => set(e.target.value)}>
                {[...new Set([String(value), ...cells])].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            );
          else
            control = (
              <input
                id={id}
                type={f.kind === 'number' || f.kind === 'integer' ? 'number' : 'text'}
                value={String(value)}
                list={f.ref === 'factColumn' ? listId : undefined}
                onChange={(e) => set(e.target.value)}
              />
            );
          return (
            <div key={f.name} className="pv-param">
              <label htmlFor={id}>{metricParamLabel(f.name, locale)}</label>
              {control}
            </div>
          );
        })}
        <datalist id={listId}>
          {factColumns.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {error ? <p className="pv-error">{error}</p> : null}
        <button type="submit" className="pv-button">
          {t.apply}
        </button>
      </fieldset>
    </form>
  );
}
