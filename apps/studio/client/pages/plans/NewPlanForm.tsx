import type { Plan } from '@provvigo/core';
import type { AuthoringMessages, UiLocale } from '@provvigo/react';
import { localized } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { api } from '../../api.js';
import { apiMessage, issuePaths } from './apiMessage.js';

interface Template {
  id: string;
  name: Plan['name'];
}

export interface NewPlanFormProps {
  locale: UiLocale;
  m: AuthoringMessages;
  /** The studio's plans (their ids may be cloned; their common currency is the blank plan's default). */
  plans: readonly Plan[];
  defaultFrom: string;
  onCreated: (plan: Plan) => void;
  onCancel: () => void;
}

/** A new plan: id, names, start date, and where it starts from (blank, a template, a saved version). */
export function NewPlanForm({ locale, m, plans, defaultFrom, onCreated, onCancel }: NewPlanFormProps): ReactElement {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [kind, setKind] = useState<'blank' | 'template' | 'version'>('blank');
  const [error, setError] = useState('');
  const [bad, setBad] = useState<Set<string>>(new Set());
  useEffect(() => {
    api<{ templates: Template[] }>('GET', '/api/plan-templates').then((r) => setTemplates(r.templates), (e) => setError(apiMessage(e, m, locale)));
  }, [m]);
  const currency = plans[0]?.currency ?? '';
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const from =
      kind === 'blank'
        ? { kind, currency: String(f.get('currency') ?? '').toUpperCase() }
        : kind === 'template'
          ? { kind, template: String(f.get('template')) }
          : { kind, planId: String(f.get('planId')), version: Number(f.get('version')) };
    const body = {
      id: String(f.get('id') ?? '').trim(),
      name: { it: String(f.get('nameIt') ?? ''), en: String(f.get('nameEn') ?? '') || String(f.get('nameIt') ?? '') },
      effectiveFrom: String(f.get('effectiveFrom') ?? ''),
      effectiveTo: null,
      from,
    };
    try {
      const r = await api<{ plan: Plan }>('POST', '/api/plans/drafts', body);
      onCreated(r.plan);
    } catch (err) {
      setBad(issuePaths(err));
      setError(apiMessage(err, m, locale));
    }
  }
  const invalid = (path: string) => (bad.has(path) ? { 'aria-invalid': true as const } : {});
  return (
    <form className="pv-form studio-new-plan" onSubmit={submit} data-testid="new-plan-form">
      <fieldset>
        <legend>{m.newPlan}</legend>
        <div className="pv-field">
          <label htmlFor="new-plan-id">{m.planId}</label>
          <input id="new-plan-id" name="id" required pattern="[a-z0-9][a-z0-9\-_.]*" {...invalid('id')} />
        </div>
        <div className="pv-field">
          <label htmlFor="new-plan-name-it">{m.nameIt}</label>
          <input id="new-plan-name-it" name="nameIt" required />
        </div>
        <div className="pv-field">
          <label htmlFor="new-plan-name-en">{m.nameEn}</label>
          <input id="new-plan-name-en" name="nameEn" />
        </div>
        <div className="pv-field">
          <label htmlFor="new-plan-from">{m.effectiveFrom}</label>
          <input id="new-plan-from" name="effectiveFrom" type="date" required defaultValue={defaultFrom} {...invalid('effectiveFrom')} />
        </div>
        <fieldset className="pv-checks">
          <legend>{m.startFrom}</legend>
          {(['blank', 'template', 'version'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === 'blank' ? m.blank : k === 'template' ? m.template : m.cloneVersion}
            </label>
          ))}
        </fieldset>
        {kind === 'blank' ? (
          <div className="pv-field">
            <label htmlFor="new-plan-currency">{m.currency}</label>
            <input id="new-plan-currency" name="currency" required maxLength={3} defaultValue={currency} {...invalid('from.currency')} />
          </div>
        ) : kind === 'template' ? (
          <div className="pv-field">
            <label htmlFor="new-plan-template">{m.template}</label>
            <select id="new-plan-template" name="template">
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {localized(t.name, locale, t.id)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <>
            <div className="pv-field">
              <label htmlFor="new-plan-source">{m.plan}</label>
              <select id="new-plan-source" name="planId">
                {plans.map((p) => (
                  <option key={p.id} value={p.id}>
                    {localized(p.name, locale, p.id)}
                  </option>
                ))}
              </select>
            </div>
            <div className="pv-field">
              <label htmlFor="new-plan-version">{m.version}</label>
              <input id="new-plan-version" name="version" type="number" min={1} defaultValue={1} required {...invalid('from.version')} />
            </div>
          </>
        )}
        {error ? (
          <p className="studio-error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" className="pv-button" data-testid="create-plan">
            {m.create}
          </button>{' '}
          <button type="button" className="pv-button pv-secondary" onClick={onCancel}>
            {m.cancel}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
