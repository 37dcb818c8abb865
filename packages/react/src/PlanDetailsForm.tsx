import { CurrencyCodeSchema, IsoDateSchema, MAX_PLAN_NAME_LENGTH, PartnerKindSchema } from '@provvigo/core';
import type { Plan, Selector } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { useFieldDraft } from './fieldDraft.js';
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
  // the fields that may hold text the plan refuses keep it as a draft, dropped when the plan moves on (undo, redo)
  const name = useFieldDraft(planNameFields(plan.name));
  const from = useFieldDraft(plan.effectiveFrom);
  const to = useFieldDraft(plan.effectiveTo ?? '');
  const currency = useFieldDraft(plan.currency);
  const selector = plan.selector;
  const setSelector = (patch: Partial<Selector>) => {
    const next: Selector = { ...selector, ...patch };
    for (const k of Object.keys(next) as (keyof Selector)[]) if ((next[k] ?? []).length === 0) delete next[k];
    onChange({ ...plan, selector: next });
  };
  // both fields blank is no name: marked, and the plan keeps the one it had
  const setName = (lang: 'it' | 'en', text: string) => {
    const next = { ...name.text, [lang]: text };
    const named = planNameFrom(next);
    name.typed(next, named === undefined ? undefined : planNameFields(named));
    if (named !== undefined) onChange({ ...plan, name: named });
  };
  // the dates are checked against the plan's other date, the one in force, not against a draft
  const setFrom = (v: string) => {
    const ok = IsoDateSchema.safeParse(v).success && (plan.effectiveTo == null || plan.effectiveTo >= v);
    from.typed(v, ok ? v : undefined);
    if (ok) onChange({ ...plan, effectiveFrom: v });
  };
  const setTo = (v: string) => {
    const ok = v === '' || (IsoDateSchema.safeParse(v).success && v >= plan.effectiveFrom);
    to.typed(v, ok ? v : undefined);
    if (ok) onChange({ ...plan, effectiveTo: v === '' ? null : v });
  };
  const setCurrency = (text: string) => {
    const v = text.toUpperCase();
    const ok = CurrencyCodeSchema.safeParse(v).success;
    currency.typed(v, ok ? v : undefined);
    if (ok) onChange({ ...plan, currency: v });
  };
  const bad: Record<string, boolean> = { name: name.invalid, from: from.invalid, to: to.invalid, currency: currency.invalid };
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
        <input id="pv-details-name-it" value={name.text.it} maxLength={MAX_PLAN_NAME_LENGTH} onChange={(e) => setName('it', e.target.value)} {...err('name')} />
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-name-en">{m.nameEn}</label>
        <input id="pv-details-name-en" value={name.text.en} maxLength={MAX_PLAN_NAME_LENGTH} onChange={(e) => setName('en', e.target.value)} {...err('name')} />
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
          value={from.text}
          {...err('from')}
          onChange={(e) => setFrom(e.target.value)}
        />
        {errText('from')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-to">{m.effectiveTo}</label>
        <input
          id="pv-details-to"
          type="date"
          value={to.text}
          {...err('to')}
          onChange={(e) => setTo(e.target.value)}
        />
        {errText('to')}
      </div>
      <div className="pv-field">
        <label htmlFor="pv-details-currency">{m.currency}</label>
        <input
          id="pv-details-currency"
          value={currency.text}
          maxLength={3}
          {...err('currency')}
          onChange={(e) => setCurrency(e.target.value)}
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
