import { NameSchema } from '@provvigo/core';
import type { Payout, Plan } from '@provvigo/core';
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';

export interface PayoutsEditorProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  m: AuthoringMessages;
}

const labelParts = (label: Payout['label']) => (typeof label === 'string' ? { it: label, en: label } : { it: label.it ?? '', en: label.en ?? '' });

/** The sheet's columns (a line sheet: one statement line per row) or cells (a summary sheet: one line per partner). */
function nodesOf(plan: Plan, sheet: string): string[] {
  const s = plan.sheets[sheet];
  if (!s) return [];
  return Object.keys(s.kind === 'lines' ? s.columns : s.cells);
}

function withNode(plan: Plan, p: Payout, sheet: string, node: string): Payout {
  const { column: _c, cell: _e, ...rest } = p;
  void _c;
  void _e;
  return plan.sheets[sheet]?.kind === 'lines' ? { ...rest, sheet, column: node } : { ...rest, sheet, cell: node };
}

/** What the plan pays: each payout's labels in both languages, the column or cell it pays, its statement group. */
export function PayoutsEditor({ plan, onChange, m }: PayoutsEditorProps): ReactElement {
  const sheets = Object.keys(plan.sheets);
  const setPayout = (name: string, p: Payout | undefined) => {
    const payouts = { ...plan.payouts };
    if (p) payouts[name] = p;
    else delete payouts[name];
    onChange({ ...plan, payouts });
  };
  return (
    <section className="pv-section" aria-labelledby="pv-payouts-title" data-testid="payouts-editor">
      <h2 id="pv-payouts-title">{m.sections.payouts}</h2>
      {Object.keys(plan.payouts).length === 0 ? <p className="pv-muted">{m.noPayouts}</p> : null}
      {Object.entries(plan.payouts).map(([name, p]) => {
        const base = `pv-payout-${name}`;
        const label = labelParts(p.label);
        const node = p.column ?? p.cell ?? '';
        return (
          <fieldset key={name} className="pv-fieldset" data-testid={`payout-${name}`}>
            <legend>
              {m.payout} <code>{name}</code>
            </legend>
            <div className="pv-field">
              <label htmlFor={`${base}-it`}>{m.labelIt}</label>
              <input id={`${base}-it`} value={label.it} onChange={(e) => setPayout(name, { ...p, label: { ...label, it: e.target.value } })} />
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-en`}>{m.labelEn}</label>
              <input id={`${base}-en`} value={label.en} onChange={(e) => setPayout(name, { ...p, label: { ...label, en: e.target.value } })} />
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-sheet`}>{m.payoutSheet}</label>
              <select id={`${base}-sheet`} value={p.sheet} onChange={(e) => setPayout(name, withNode(plan, p, e.target.value, nodesOf(plan, e.target.value)[0] ?? ''))}>
                {[...new Set([p.sheet, ...sheets])].map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-node`}>{m.payoutPays}</label>
              <select id={`${base}-node`} value={node} onChange={(e) => setPayout(name, withNode(plan, p, p.sheet, e.target.value))}>
                {[...new Set([node, ...nodesOf(plan, p.sheet)])].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <div className="pv-field">
              <label htmlFor={`${base}-component`}>{m.component}</label>
              <input id={`${base}-component`} value={p.component ?? ''} onChange={(e) => setPayout(name, { ...p, component: e.target.value || undefined })} />
            </div>
            <button type="button" className="pv-link" onClick={() => setPayout(name, undefined)}>
              {m.remove}
              <span className="pv-sr"> {name}</span>
            </button>
          </fieldset>
        );
      })}
      <NewPayoutForm plan={plan} m={m} onAdd={(name, p) => setPayout(name, p)} />
    </section>
  );
}

function NewPayoutForm({ plan, m, onAdd }: { plan: Plan; m: AuthoringMessages; onAdd: (name: string, p: Payout) => void }): ReactElement {
  const sheets = Object.keys(plan.sheets);
  const [sheet, setSheet] = useState(sheets[0] ?? '');
  const [error, setError] = useState('');
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    const node = String(f.get('node') ?? '');
    // own entries only: `toString` or `valueOf` is a free payout name, not one Object.prototype already has
    if (!NameSchema.safeParse(name).success || Object.hasOwn(plan.payouts, name) || !Object.hasOwn(plan.sheets, sheet) || !node) {
      setError(m.invalidInput);
      return;
    }
    setError('');
    e.currentTarget.reset();
    onAdd(name, withNode(plan, { label: { it: name, en: name }, sheet }, sheet, node));
  }
  return (
    <form className="pv-form" onSubmit={submit}>
      <fieldset>
        <legend>{m.addPayout}</legend>
        <label className="pv-field">
          <span>{m.newName}</span>
          <input name="name" required />
        </label>
        <label className="pv-field">
          <span>{m.payoutSheet}</span>
          <select name="sheet" value={sheet} onChange={(e) => setSheet(e.target.value)}>
            {sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="pv-field">
          <span>{m.payoutPays}</span>
          <select name="node">
            {nodesOf(plan, sheet).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p className="pv-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="pv-button" disabled={sheets.length === 0}>
          {m.addPayout}
        </button>
      </fieldset>
    </form>
  );
}
