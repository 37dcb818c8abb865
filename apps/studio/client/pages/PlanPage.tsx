import type { Plan, RunInput } from '@provvigo/core';
import { PlanBuilder } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../api.js';
import type { User } from '../types.js';

/** The plans page: pick a plan, edit it in the builder, save it (plan designers only). */
export function PlanPage({ user, locale }: { user: User; locale: UiLocale }): ReactElement {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [sample, setSample] = useState<Omit<RunInput, 'plans'> | undefined>();
  const [current, setCurrent] = useState<Plan | undefined>();
  const [message, setMessage] = useState('');
  useEffect(() => {
    api<{ plans: Plan[] }>('GET', '/api/plans').then((r) => {
      setPlans(r.plans);
      setCurrent(r.plans[0]);
    });
    api<Omit<RunInput, 'plans'>>('GET', '/api/sample').then(setSample);
  }, []);
  if (!current || !sample) return <p>…</p>;
  const previewPartner = sample.partners.find((p) => (current.selector.kinds ?? []).includes(p.kind)) ?? sample.partners[0]!;
  return (
    <>
      <p>
        <label>
          {locale === 'it' ? 'Piano' : 'Plan'}{' '}
          <select value={current.id} onChange={(e) => setCurrent(plans.find((p) => p.id === e.target.value))}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>{' '}
        {user.roles.includes('planDesigner') ? (
          <button
            type="button"
            className="pv-button"
            onClick={() =>
              api<{ plan: Plan }>('PUT', `/api/plans/${current.id}`, current)
                .then((r) => {
                  setPlans(plans.map((p) => (p.id === r.plan.id ? r.plan : p)));
                  setMessage(locale === 'it' ? 'Piano salvato.' : 'Plan saved.');
                })
                .catch((e) => setMessage(String(e.message)))
            }
          >
            {locale === 'it' ? 'Salva' : 'Save'}
          </button>
        ) : null}{' '}
        <span role="status">{message}</span>
      </p>
      <PlanBuilder key={current.id} plan={current} onChange={setCurrent} locale={locale} factSchema={sample.factSchema} preview={{ input: sample, partnerId: previewPartner.id }} />
    </>
  );
}
