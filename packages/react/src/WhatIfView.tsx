import { formatMoney } from '@provvigo/core';
import { Fragment, useState } from 'react';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import type { UiLocale } from './i18n.js';

/** One partner of a what-if (the studio's POST /api/plans/:id/what-if answer). */
export interface WhatIfPartnerView {
  partnerId: string;
  name: string;
  before: string | null;
  after: string | null;
  delta: string;
  blocked: boolean;
  lines: { id: string; payout: string; label: string; source: string | null; before: string | null; after: string | null; delta: string }[];
}

export interface WhatIfData {
  currency: string;
  scale: number;
  baselineVersion: number | null;
  baselineSource: string;
  partners: WhatIfPartnerView[];
  topMovers: string[];
  totals: { before: string; after: string; delta: string };
}

export interface WhatIfViewProps {
  data: WhatIfData;
  locale: UiLocale;
  m: AuthoringMessages;
}

const sign = (d: string) => (d.startsWith('-') ? 'pv-down' : /[1-9]/.test(d) ? 'pv-up' : '');

/** The draft against the approved version for every partner: totals, change, top movers first, lines on demand. */
export function WhatIfView({ data, locale, m }: WhatIfViewProps): ReactElement {
  const [open, setOpen] = useState<string | undefined>();
  const money = (a: string | null) => (a === null ? '—' : formatMoney(a, data.currency, locale, data.scale));
  const change = (d: string) => `${/^[1-9]|^0\.0*[1-9]/.test(d) ? '+' : ''}${formatMoney(d, data.currency, locale, data.scale)}`;
  const top = new Set(data.topMovers);
  const ordered = [...data.topMovers.map((id) => data.partners.find((p) => p.partnerId === id)!), ...data.partners.filter((p) => !top.has(p.partnerId))];
  return (
    <section aria-labelledby="pv-whatif-title" data-testid="what-if">
      <h3 id="pv-whatif-title">{m.whatIf}</h3>
      <p className="pv-muted">{m.whatIfBaseline(data.baselineVersion, data.baselineSource)}</p>
      <div className="pv-grid-scroll">
        <table className="pv-whatif">
          <thead>
            <tr>
              <th scope="col">{m.partner}</th>
              <th scope="col" className="pv-num">
                {m.before}
              </th>
              <th scope="col" className="pv-num">
                {m.after}
              </th>
              <th scope="col" className="pv-num">
                {m.change}
              </th>
              <th scope="col">
                <span className="pv-sr">{m.lines}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="what-if-totals">
              <th scope="row">{m.totals}</th>
              <td className="pv-num">{money(data.totals.before)}</td>
              <td className="pv-num">{money(data.totals.after)}</td>
              <td className={`pv-num ${sign(data.totals.delta)}`}>{change(data.totals.delta)}</td>
              <td />
            </tr>
            {ordered.map((p) => (
              <Fragment key={p.partnerId}>
                <tr data-testid="what-if-partner" data-partner={p.partnerId} data-top={top.has(p.partnerId) || undefined}>
                  <th scope="row">
                    {p.name} <span className="pv-muted">{p.partnerId}</span>
                    {top.has(p.partnerId) ? <span className="pv-kind"> {m.topMovers}</span> : null}
                    {p.blocked ? <span className="pv-error"> ({m.blockedPartner})</span> : null}
                  </th>
                  <td className="pv-num" data-testid="what-if-before">
                    {money(p.before)}
                  </td>
                  <td className="pv-num" data-testid="what-if-after">
                    {money(p.after)}
                  </td>
                  <td className={`pv-num ${sign(p.delta)}`} data-testid="what-if-delta">
                    {change(p.delta)}
                  </td>
                  <td>
                    <button type="button" className="pv-link" aria-expanded={open === p.partnerId} onClick={() => setOpen(open === p.partnerId ? undefined : p.partnerId)}>
                      {open === p.partnerId ? m.hideLines(p.name) : m.showLines(p.name)}
                    </button>
                  </td>
                </tr>
                {open === p.partnerId ? (
                  <tr>
                    <td colSpan={5}>
                      <table className="pv-whatif" data-testid="what-if-lines">
                        <caption className="pv-sr">{m.showLines(p.name)}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{m.payout}</th>
                            <th scope="col">{m.record}</th>
                            <th scope="col" className="pv-num">
                              {m.before}
                            </th>
                            <th scope="col" className="pv-num">
                              {m.after}
                            </th>
                            <th scope="col" className="pv-num">
                              {m.change}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {p.lines.map((l) => (
                            <tr key={l.id}>
                              <td>{l.label}</td>
                              <td>{l.source ?? '—'}</td>
                              <td className="pv-num">{money(l.before)}</td>
                              <td className="pv-num">{money(l.after)}</td>
                              <td className={`pv-num ${sign(l.delta)}`}>{change(l.delta)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
