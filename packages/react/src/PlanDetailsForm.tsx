import { CurrencyCodeSchema, IsoDateSchema, MAX_PLAN_NAME_LENGTH, PartnerKindSchema } from '@provvigo/core';
import type { Plan, Selector } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { ListField } from './ListField.js';
import { planNameFields, planNameFrom } from './planName.js';

export interface PlanDetailsFormProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  m: AuthoringMessages;
}

/**
 * The plan's identity and scope: names in both languages, description, the dates it is in force, its currency and
 * decimals, and who it covers (partner kinds, territories, explicit partners, exclusions). A field that would make
 * the plan invalid (an empty start date, a currency that is not three capitals) is marked and not applied.
 */
export function PlanDetailsForm({ plan, onChange, m }: PlanDetailsFormProps): ReactElement {
  const [bad, setBad] = useState<Record<string, boolean>>({});
  // the fields' text, kept here: a name being retyped may be blank for a moment, which the plan may not be
  const [name, setNameText] = useState(() => planNameFields(plan.name));
  const selector = plan.selector;
  const setSelector = (patch: Partial<Selector>) => {
    const next: Selector = { ...selector, ...patch };
    for (const k of Object.keys(next) as (keyof Selector)[]) if ((next[k] ?? []).length === 0) delete next[k];
    onChange({ ...plan, selector: next });
  };
  const guarded = (field: string, ok: boolean, apply: () => void) => {
    setBad({ ...bad, [field]: !ok });
    if (ok) apply();
  };
  // both fields blank is no name: marked, and the plan keeps the one it had
  const setName = (lang: 'it' | 'en', text: string) => {
    const next = { ...name, [lang]: text };
    setNameText(next);
    const named = planNameFrom(next);
    guarded('name', named !== undefined, () => onChange({ ...plan, name: named! }));
  };
  const [from, setFrom] = useState(plan.effectiveFrom);
  const [to, setTo] = useState(plan.effectiveTo ?? '');
  const [currency, setCurrency] = useState(plan.currency);
  const err = (field: string) => (bad[field] ? { 'aria-invalid': true as const, 'aria-describedby': `pv-details-${field}-error` } : {});
  const errText = (field: string) =>
    bad[field] ? (
      <span id={`pv-details-${field}-error`} className="pv-error">
        {m.invalidInput}
      </span>
    ) : null;
  return (
    <section className="pv-section" aria-labelledby="pv-details-title" data-testid="plan-details">
      <h2 id="pv-details-title">{m.sections.details}</h2>
      <p className="pv-muted">
        {m.planId}: <code>{plan.id}</code>
      </p>
      <div className="pv-field">
        <label htmlFor="pv-details-name-it">{m.nameIt}</label>
        <input id="pv-details-name-it" value={name.it} maxLength={MAX_PLAN_NAME_LENGTH} onChange={(e) => setName('it', e.target.value)} {...err('name')} />
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-name-en">{m.nameEn}</label>
        <input id="pv-details-name-en" value={name.en} maxLength={MAX_PLAN_NAME_LENGTH} onChange={(e) => setName('en', e.target.value)} {...err('name')} />
        {errText('name')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-description">{m.description}</label>
        <textarea
          id="pv-details-description"
          rows={3}
          value={plan.description ?? ''}
          onChange={(e) => {
            const { description: _d, ...rest } = plan;
            void _d;
            onChange(e.target.value ? { ...rest, description: e.target.value } : rest);
          }}
        />
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-from">{m.effectiveFrom}</label>
        <input
          id="pv-details-from"
          type="date"
          value={from}
          {...err('from')}
          onChange={(e) => {
            setFrom(e.target.value);
            guarded('from', IsoDateSchema.safeParse(e.target.value).success && (!to || to >= e.target.value), () => onChange({ ...plan, effectiveFrom: e.target.value }));
          }}
        />
        {errText('from')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-to">{m.effectiveTo}</label>
        <input
          id="pv-details-to"
          type="date"
          value={to}
          {...err('to')}
          onChange={(e) => {
            setTo(e.target.value);
            const v = e.target.value;
            guarded('to', v === '' || (IsoDateSchema.safeParse(v).success && v >= from), () => onChange({ ...plan, effectiveTo: v === '' ? null : v }));
          }}
        />
        {errText('to')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-currency">{m.currency}</label>
        <input
          id="pv-details-currency"
          value={currency}
          maxLength={3}
          {...err('currency')}
          onChange={(e) => {
            const v = e.target.value.toUpperCase();
            setCurrency(v);
            guarded('currency', CurrencyCodeSchema.safeParse(v).success, () => onChange({ ...plan, currency: v }));
          }}
        />
        {errText('currency')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-scale">{m.roundingScale}</label>
        <input
          id="pv-details-scale"
          type="number"
          min={0}
          max={6}
          value={plan.rounding.scale}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            if (Number.isInteger(n) && n >= 0 && n <= 6) onChange({ ...plan, rounding: { ...plan.rounding, scale: n } });
          }}
        />
      </div>
      <fieldset className="pv-fieldset">
        <legend>{m.eligibility}</legend>
        <fieldset className="pv-checks">
          <legend>{m.partnerKinds}</legend>
          {PartnerKindSchema.options.map((k) => (
            <label key={k}>
              <input
                type="checkbox"
                checked={(selector.kinds ?? []).includes(k)}
                onChange={(e) => setSelector({ kinds: e.target.checked ? [...(selector.kinds ?? []), k] : (selector.kinds ?? []).filter((x) => x !== k) })}
              />{' '}
              {m.kindNames[k] ?? k}
            </label>
          ))}
        </fieldset>
        <ListField id="pv-details-territories" label={m.territories} value={selector.territories} onChange={(territories) => setSelector({ territories })} />
        <ListField id="pv-details-partners" label={m.explicitPartners} value={selector.partners} onChange={(partners) => setSelector({ partners })} />
        <ListField id="pv-details-excluded" label={m.excludedPartners} value={selector.excludePartners} onChange={(excludePartners) => setSelector({ excludePartners })} />
      </fieldset>
    </section>
  );
}
