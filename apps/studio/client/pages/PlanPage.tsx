import type { Plan, RunInput } from '@provvigo/core';
import { authoringMessages, localized, PlanBuilder } from '@provvigo/react';
import type { BuilderSection, UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../api.js';
import type { User } from '../types.js';
import { apiMessage } from './plans/apiMessage.js';
import { NewPlanForm } from './plans/NewPlanForm.js';
import { VersionsPanel } from './plans/VersionsPanel.js';
import { WhatIfPanel } from './plans/WhatIfPanel.js';

/** What `/api/sample` returns: the preview's sample input and the HyperFormula licence key the studio runs under. */
type PreviewSample = Omit<RunInput, 'plans'> & { licenseKey: string };

/**
 * The plans page: pick a plan or start a new one, edit it in the builder, save it as a new version (plan designers
 * only), read its versions and compare two, and preview the draft for every partner against the approved version.
 */
export function PlanPage({ user, locale }: { user: User; locale: UiLocale }): ReactElement {
  const m = authoringMessages(locale);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [sample, setSample] = useState<PreviewSample | undefined>();
  const [current, setCurrent] = useState<Plan | undefined>();
  const [creating, setCreating] = useState(false);
  const [section, setSection] = useState<BuilderSection | undefined>();
  const [message, setMessage] = useState('');
  const [saves, setSaves] = useState(0);
  const designer = user.roles.includes('planDesigner');
  useEffect(() => {
    api<{ plans: Plan[] }>('GET', '/api/plans').then(
      (r) => {
        setPlans(r.plans);
        setCurrent(r.plans[0]);
      },
      (e) => setMessage(apiMessage(e, m, locale)),
    );
    api<PreviewSample>('GET', '/api/sample').then(setSample, (e) => setMessage(apiMessage(e, m, locale)));
  }, []);
  if (!sample) return <p role="status">{message || '…'}</p>;
  const previewPartner = current ? (sample.partners.find((p) => (current.selector.kinds ?? []).includes(p.kind)) ?? sample.partners[0]!) : undefined;
  const save = (plan: Plan) =>
    api<{ plan: Plan; version: { version: number; created: boolean } }>('PUT', `/api/plans/${encodeURIComponent(plan.id)}`, plan)
      .then((r) => {
        setPlans((ps) => (ps.some((p) => p.id === r.plan.id) ? ps.map((p) => (p.id === r.plan.id ? r.plan : p)) : [...ps, r.plan]));
        setCurrent(r.plan);
        setSaves((n) => n + 1);
        setMessage(m.saved(r.version.version, r.version.created));
      })
      .catch((e) => setMessage(apiMessage(e, m, locale)));
  return (
    <>
      <div className="pv-inline studio-plan-bar">
        <label htmlFor="studio-plan">{m.plan}</label>
        <select
          id="studio-plan"
          value={current?.id ?? ''}
          onChange={(e) => {
            setCurrent(plans.find((p) => p.id === e.target.value));
            setSection(undefined);
            setMessage('');
          }}
        >
          {current && !plans.some((p) => p.id === current.id) ? <option value={current.id}>{localized(current.name, locale, current.id)}</option> : null}
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {localized(p.name, locale, p.id)}
            </option>
          ))}
        </select>
        {designer ? (
          <>
            <button type="button" className="pv-button pv-secondary" onClick={() => setCreating(true)} data-testid="new-plan">
              {m.newPlan}
            </button>
            {current ? (
              <button type="button" className="pv-button" onClick={() => save(current)} data-testid="save-plan">
                {m.save}
              </button>
            ) : null}
          </>
        ) : null}
        <span role="status" data-testid="plan-message">
          {message}
        </span>
      </div>
      {creating ? (
        <NewPlanForm
          locale={locale}
          m={m}
          plans={plans}
          defaultFrom={sample.period.start}
          onCancel={() => setCreating(false)}
          onCreated={(plan) => {
            setCreating(false);
            setCurrent(plan);
            // a blank plan starts with its details; a copy is already complete
            setSection(Object.keys(plan.sheets).length === 0 ? 'details' : undefined);
            setMessage('');
          }}
        />
      ) : null}
      {current && previewPartner ? (
        <>
          <PlanBuilder
            key={`${current.id}:${section ?? ''}`}
            plan={current}
            onChange={setCurrent}
            locale={locale}
            factSchema={sample.factSchema}
            preview={{ input: sample, partnerId: previewPartner.id, licenseKey: sample.licenseKey }}
            initialSection={section}
          />
          <VersionsPanel planId={current.id} refresh={saves} locale={locale} m={m} />
          <WhatIfPanel plan={current} locale={locale} m={m} />
        </>
      ) : null}
    </>
  );
}
