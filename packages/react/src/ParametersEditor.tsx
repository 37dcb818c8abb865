import { NameSchema, ValueTypeSchema } from '@provvigo/core';
import type { Parameter, Partner, Plan, ValueType } from '@provvigo/core';
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import type { UiLocale } from './i18n.js';
import { LocaleNumberInput } from './LocaleNumberInput.js';

export interface ParametersEditorProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  locale: UiLocale;
  m: AuthoringMessages;
  /** Partners offered for per-partner values (ids may also be typed). */
  partners?: readonly Pick<Partner, 'id' | 'name'>[];
}

const NUMERIC: ReadonlySet<ValueType> = new Set(['number', 'integer', 'money', 'percent']);
type Value = Parameter['value'];

function ValueInput({ id, type, value, onValue, locale, m }: { id: string; type: ValueType; value: Value; onValue: (v: Value) => void; locale: UiLocale; m: AuthoringMessages }): ReactElement {
  if (type === 'boolean') return <input id={id} type="checkbox" checked={value === true || value === 'true'} onChange={(e) => onValue(e.target.checked)} />;
  if (NUMERIC.has(type)) return <LocaleNumberInput id={id} value={String(value)} onValue={onValue} locale={locale} invalidText={m.cellProblems.notANumber} />;
  return <input id={id} type={type === 'date' ? 'date' : 'text'} value={String(value)} onChange={(e) => onValue(e.target.value)} />;
}

const labelParts = (label: Parameter['label']) => (label === undefined ? { it: '', en: '' } : typeof label === 'string' ? { it: label, en: label } : { it: label.it ?? '', en: label.en ?? '' });

/** Parameters with their type, value and labels, and the per-partner values (overrides) of the overridable ones. */
export function ParametersEditor({ plan, onChange, locale, m, partners = [] }: ParametersEditorProps): ReactElement {
  // Parameter names and partner ids are the user's: edited through Maps (own entries only), then written back as
  // objects in the same key order. A plain object would read `overrides['toString']` from Object.prototype and turn
  // `overrides['__proto__'] = …` into a prototype change, dropping that partner's values.
  const setParam = (name: string, p: Parameter | undefined) => {
    const parameters = new Map(Object.entries(plan.parameters));
    const overrides = new Map(Object.entries(plan.overrides));
    if (p) parameters.set(name, p);
    else {
      parameters.delete(name);
      // a removed parameter's per-partner values go with it
      for (const [pid, o] of overrides) {
        const rest = Object.fromEntries(Object.entries(o).filter(([k]) => k !== name));
        if (Object.keys(rest).length > 0) overrides.set(pid, rest);
        else overrides.delete(pid);
      }
    }
    onChange({ ...plan, parameters: Object.fromEntries(parameters), overrides: Object.fromEntries(overrides) });
  };
  const setOverride = (partnerId: string, name: string, value: Value | undefined) => {
    const overrides = new Map(Object.entries(plan.overrides));
    const own = new Map(Object.entries(overrides.get(partnerId) ?? {}));
    if (value === undefined) own.delete(name);
    else own.set(name, value);
    if (own.size > 0) overrides.set(partnerId, Object.fromEntries(own));
    else overrides.delete(partnerId);
    onChange({ ...plan, overrides: Object.fromEntries(overrides) });
  };
  return (
    <section className="pv-section" aria-labelledby="pv-params-title" data-testid="parameters-editor">
      <h2 id="pv-params-title">{m.sections.parameters}</h2>
      {Object.keys(plan.parameters).length === 0 ? <p className="pv-muted">{m.noParameters}</p> : null}
      {Object.entries(plan.parameters).map(([name, p]) => {
        const base = `pv-param-${name}`;
        const label = labelParts(p.label);
        const perPartner = Object.entries(plan.overrides).filter(([, o]) => Object.hasOwn(o, name));
        return (
          <fieldset key={`${name}:${locale}`} className="pv-fieldset" data-testid={`parameter-${name}`}>
            <legend>
              {m.parameter} <code>{name}</code>
            </legend>
            <div className="pv-field">
              <label htmlFor={`${base}-type`}>{m.type}</label>
              <select id={`${base}-type`} value={p.type} onChange={(e) => setParam(name, { ...p, type: e.target.value as ValueType })}>
                {ValueTypeSchema.options.map((t) => (
                  <option key={t} value={t}>
                    {m.typeNames[t]}
                  </option>
                ))}
              </select>
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-value`}>{m.value}</label>
              <ValueInput key={p.type} id={`${base}-value`} type={p.type} value={p.value} onValue={(value) => setParam(name, { ...p, value })} locale={locale} m={m} />
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-label-it`}>{m.labelIt}</label>
              <input id={`${base}-label-it`} value={label.it} onChange={(e) => setParam(name, { ...p, label: { ...label, it: e.target.value } })} />
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-label-en`}>{m.labelEn}</label>
              <input id={`${base}-label-en`} value={label.en} onChange={(e) => setParam(name, { ...p, label: { ...label, en: e.target.value } })} />
            </div>
            <label>
              <input type="checkbox" checked={p.overridable} onChange={(e) => setParam(name, { ...p, overridable: e.target.checked })} /> {m.overridable}
            </label>
            {p.overridable ? (
              <div className="pv-overrides">
                <h3>{m.overrides}</h3>
                <ul>
                  {perPartner.map(([pid, o]) => (
                    <li key={pid}>
                      <label htmlFor={`${base}-o-${pid}`}>{partners.find((x) => x.id === pid)?.name ?? pid}</label>{' '}
                      <ValueInput id={`${base}-o-${pid}`} type={p.type} value={o[name]!} onValue={(v) => setOverride(pid, name, v)} locale={locale} m={m} />{' '}
                      <button type="button" className="pv-link" onClick={() => setOverride(pid, name, undefined)}>
                        {m.remove}
                        <span className="pv-sr"> {pid}</span>
                      </button>
                    </li>
                  ))}
                </ul>
                <AddOverride base={base} partners={partners} m={m} onAdd={(pid) => setOverride(pid, name, p.value)} />
              </div>
            ) : null}
            <button type="button" className="pv-link" onClick={() => setParam(name, undefined)}>
              {m.remove}
              <span className="pv-sr"> {name}</span>
            </button>
          </fieldset>
        );
      })}
      <NewParameterForm existing={Object.keys(plan.parameters)} m={m} onAdd={(name, type) => setParam(name, { type, value: NUMERIC.has(type) ? '0' : type === 'boolean' ? false : '', overridable: true })} />
    </section>
  );
}

function AddOverride({ base, partners, m, onAdd }: { base: string; partners: readonly Pick<Partner, 'id' | 'name'>[]; m: AuthoringMessages; onAdd: (partnerId: string) => void }): ReactElement {
  const [pid, setPid] = useState('');
  return (
    <div className="pv-inline">
      <label htmlFor={`${base}-new-override`}>{m.partner}</label>{' '}
      <input id={`${base}-new-override`} list={`${base}-partners`} value={pid} onChange={(e) => setPid(e.target.value)} />
      <datalist id={`${base}-partners`}>
        {partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </datalist>{' '}
      <button
        type="button"
        className="pv-button pv-secondary"
        disabled={pid.trim() === ''}
        onClick={() => {
          onAdd(pid.trim());
          setPid('');
        }}
      >
        {m.addOverride}
      </button>
    </div>
  );
}

function NewParameterForm({ existing, m, onAdd }: { existing: string[]; m: AuthoringMessages; onAdd: (name: string, type: ValueType) => void }): ReactElement {
  const [error, setError] = useState('');
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    const type = ValueTypeSchema.safeParse(f.get('type'));
    if (!NameSchema.safeParse(name).success || existing.includes(name) || !type.success) {
      setError(m.invalidInput);
      return;
    }
    setError('');
    e.currentTarget.reset();
    onAdd(name, type.data);
  }
  return (
    <form className="pv-form" onSubmit={submit}>
      <fieldset>
        <legend>{m.addParameter}</legend>
        <label className="pv-field">
          <span>{m.newName}</span>
          <input name="name" required />
        </label>
        <label className="pv-field">
          <span>{m.type}</span>
          <select name="type" defaultValue="money">
            {ValueTypeSchema.options.map((t) => (
              <option key={t} value={t}>
                {m.typeNames[t]}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p className="pv-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="pv-button">
          {m.addParameter}
        </button>
      </fieldset>
    </form>
  );
}
