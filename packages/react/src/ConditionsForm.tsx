import type { Conditions, FactSchemaInput, Plan } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { CONDITION_TEMPLATES } from './builderLogic.js';
import type { ConditionKind } from './builderLogic.js';
import type { UiLocale } from './i18n.js';
import { ListField } from './ListField.js';
import { LocaleNumberInput } from './LocaleNumberInput.js';

type Release = NonNullable<Conditions['release']>;
type Reserve = NonNullable<Conditions['reserve']>;
type Clawback = NonNullable<Conditions['clawback']>;

export interface ConditionsFormProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  locale: UiLocale;
  m: AuthoringMessages;
  factSchema?: FactSchemaInput;
}

/** A window length in days or months, as the schema has it: exactly one of the two members set. */
function WindowInput({ id, label, days, months, optional, m, onChange }: { id: string; label: string; days?: number; months?: number; optional: boolean; m: AuthoringMessages; onChange: (w: { days?: number; months?: number }) => void }): ReactElement {
  const unit = days !== undefined ? 'days' : months !== undefined ? 'months' : 'none';
  const n = days ?? months ?? 0;
  const set = (u: string, value: number) => onChange(u === 'days' ? { days: value } : u === 'months' ? { months: value } : {});
  return (
    <fieldset className="pv-inline">
      <legend>{label}</legend>
      <label htmlFor={`${id}-n`} className="pv-sr">
        {label}
      </label>
      <input id={`${id}-n`} type="number" min={1} step={1} value={unit === 'none' ? '' : n} disabled={unit === 'none'} onChange={(e) => {
        const v = Number.parseInt(e.target.value, 10);
        if (Number.isInteger(v) && v > 0) set(unit, v);
      }} />{' '}
      <label htmlFor={`${id}-unit`} className="pv-sr">
        {m.window}
      </label>
      <select id={`${id}-unit`} value={unit} onChange={(e) => set(e.target.value, n > 0 ? n : 30)}>
        <option value="days">{m.days}</option>
        <option value="months">{m.months}</option>
        {optional ? <option value="none">{m.noLimit}</option> : null}
      </select>
    </fieldset>
  );
}

/** Payment conditions as forms: release on an event within a deadline, a reserve share, clawback within a window. */
export function ConditionsForm({ plan, onChange, locale, m, factSchema }: ConditionsFormProps): ReactElement {
  const c = plan.conditions ?? {};
  const set = <K extends ConditionKind>(kind: K, value: Conditions[K] | undefined) => {
    const next: Conditions = { ...c };
    if (value === undefined) delete next[kind];
    else next[kind] = value;
    onChange({ ...plan, conditions: Object.keys(next).length > 0 ? next : undefined });
  };
  const eventTables = Object.keys(factSchema?.tables ?? {});
  const sourceColumns = [...new Set(Object.values(plan.sheets).flatMap((s) => (s.kind === 'lines' ? Object.keys(factSchema?.tables[s.source]?.columns ?? {}) : [])))];
  const toggle = (kind: ConditionKind) => (
    <label>
      <input type="checkbox" checked={c[kind] !== undefined} onChange={(e) => set(kind, e.target.checked ? (CONDITION_TEMPLATES[kind] as never) : undefined)} /> {m.enabled}
    </label>
  );
  const release = c.release;
  const reserve = c.reserve;
  const clawback = c.clawback;
  const text = (id: string, label: string, value: string, onValue: (v: string) => void, list?: string) => (
    <div className="pv-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} list={list} onChange={(e) => onValue(e.target.value)} />
    </div>
  );
  return (
    <section className="pv-section" aria-labelledby="pv-conditions-title" data-testid="conditions-form">
      <h2 id="pv-conditions-title">{m.sections.conditions}</h2>
      <datalist id="pv-event-tables">
        {eventTables.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <datalist id="pv-source-columns">
        {sourceColumns.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <fieldset className="pv-fieldset" data-testid="condition-form-release">
        <legend>{m.release}</legend>
        {toggle('release')}
        {release ? (
          <>
            {text('pv-release-events', m.events, release.events, (events) => set('release', { ...release, events }), 'pv-event-tables')}
            {text('pv-release-on', m.eventType, release.on, (on) => set('release', { ...release, on }))}
            {text('pv-release-link', m.link, release.link, (link) => set('release', { ...release, link }), 'pv-source-columns')}
            <WindowInput
              id="pv-release-deadline"
              label={m.deadline}
              days={release.deadlineDays}
              months={release.deadlineMonths}
              optional
              m={m}
              onChange={(w) => {
                const { deadlineDays: _d, deadlineMonths: _m, ...rest } = release;
                void _d;
                void _m;
                set('release', { ...rest, ...(w.days ? { deadlineDays: w.days } : {}), ...(w.months ? { deadlineMonths: w.months } : {}) } as Release);
              }}
            />
            <label>
              <input type="checkbox" checked={release.deadlineInclusive !== false} onChange={(e) => set('release', { ...release, deadlineInclusive: e.target.checked })} /> {m.deadlineInclusive}
            </label>
          </>
        ) : null}
      </fieldset>
      <fieldset className="pv-fieldset" data-testid="condition-form-reserve">
        <legend>{m.reserve}</legend>
        {toggle('reserve')}
        {reserve ? (
          <>
            <div className="pv-field">
              <label htmlFor="pv-reserve-share">{m.share}</label>
              <LocaleNumberInput id="pv-reserve-share" value={reserve.share} onValue={(share) => set('reserve', { ...reserve, share })} locale={locale} invalidText={m.cellProblems.notANumber} />
            </div>
            <div className="pv-field">
              <label htmlFor="pv-reserve-after">{m.releaseAfterMonths}</label>
              <input id="pv-reserve-after" type="number" min={1} value={reserve.releaseAfterMonths} onChange={(e) => {
                const v = Number.parseInt(e.target.value, 10);
                if (Number.isInteger(v) && v > 0) set('reserve', { ...reserve, releaseAfterMonths: v });
              }} />
            </div>
            <div className="pv-field">
              <label htmlFor="pv-reserve-basis">{m.reserveBasis}</label>
              <select id="pv-reserve-basis" value={reserve.basis ?? 'line'} onChange={(e) => set('reserve', { ...reserve, basis: e.target.value as Reserve['basis'] })}>
                <option value="line">{m.reserveBases.line}</option>
                <option value="periodTotal">{m.reserveBases.periodTotal}</option>
              </select>
            </div>
          </>
        ) : null}
      </fieldset>
      <fieldset className="pv-fieldset" data-testid="condition-form-clawback">
        <legend>{m.clawback}</legend>
        {toggle('clawback')}
        {clawback ? (
          <>
            {text('pv-clawback-events', m.events, clawback.events, (events) => set('clawback', { ...clawback, events }), 'pv-event-tables')}
            <ListField id="pv-clawback-on" label={m.eventTypes} value={clawback.on} onChange={(on) => on.length > 0 && set('clawback', { ...clawback, on })} />
            {text('pv-clawback-link', m.link, clawback.link, (link) => set('clawback', { ...clawback, link }), 'pv-source-columns')}
            <WindowInput
              id="pv-clawback-window"
              label={m.window}
              days={clawback.withinDays}
              months={clawback.withinMonths}
              optional={false}
              m={m}
              onChange={(w) => {
                const { withinDays: _d, withinMonths: _m, ...rest } = clawback;
                void _d;
                void _m;
                set('clawback', { ...rest, ...(w.days ? { withinDays: w.days } : {}), ...(w.months ? { withinMonths: w.months } : {}) } as Clawback);
              }}
            />
            {text('pv-clawback-from', m.windowFrom, clawback.from ?? '', (from) => {
              const { from: _f, ...rest } = clawback;
              void _f;
              set('clawback', from ? { ...rest, from } : rest);
            })}
            <div className="pv-field">
              <label htmlFor="pv-clawback-mode">{m.clawbackMode}</label>
              <select id="pv-clawback-mode" value={clawback.mode} onChange={(e) => set('clawback', { ...clawback, mode: e.target.value as Clawback['mode'] })}>
                <option value="full">{m.clawbackModes.full}</option>
                <option value="proRata">{m.clawbackModes.proRata}</option>
              </select>
            </div>
            {clawback.mode === 'proRata' ? (
              <div className="pv-field">
                <label htmlFor="pv-clawback-daycount">{m.dayCount}</label>
                <select id="pv-clawback-daycount" value={clawback.dayCount ?? 'actual'} onChange={(e) => set('clawback', { ...clawback, dayCount: e.target.value as Clawback['dayCount'] })}>
                  <option value="actual">{m.dayCounts.actual}</option>
                  <option value="fixed365">{m.dayCounts.fixed365}</option>
                  <option value="30/360">{m.dayCounts['30/360']}</option>
                </select>
              </div>
            ) : null}
          </>
        ) : null}
      </fieldset>
    </section>
  );
}
