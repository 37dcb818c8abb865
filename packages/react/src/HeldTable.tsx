/**
 * The statement's held amounts: one row per contract with why it is held and until when, this period's first, then
 * those held in earlier periods. Split from Statement.tsx.
 */
import { formatDate, ledgerEventName } from '@provvigo/core';
import type { ReactElement } from 'react';
import { formatPercent } from './format.js';
import type { HeldItem } from './heldItems.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';

/** The held amounts, one row per contract: what, why, until when. */
export function HeldTable({ items, locale, money }: { items: HeldItem[]; locale: UiLocale; money: (v: string) => string }): ReactElement {
  const t = messages(locale);
  const reason = (i: HeldItem) =>
    i.kind === 'reserved' ? t.reserveShare(i.share ? formatPercent(i.share, locale) : '') : t.waitingFor(ledgerEventName(i.waitsFor, locale));
  const when = (i: HeldItem) => (i.releaseBy ? (i.kind === 'reserved' ? t.releaseOn : t.releaseBy)(formatDate(i.releaseBy, locale)) : '—');
  const rows = (list: HeldItem[]) =>
    list.map((i) => (
      <tr key={i.entryId} data-testid="held-item" data-entry={i.entryId}>
        <td data-label={t.contract}>{i.contract ?? '—'}</td>
        <td data-label={`${t.customer} / ${t.product}`}>{[i.record?.customer, i.record?.product].filter(Boolean).join(' · ') || '—'}</td>
        <td data-label={t.reason} data-testid="held-reason">
          {reason(i)}
        </td>
        <td data-label={t.expectedRelease} data-testid="held-release">
          {when(i)}
        </td>
        <td className="pv-num" data-label={t.amount} data-testid="held-amount">
          {money(i.amount)}
        </td>
      </tr>
    ));
  const now = items.filter((i) => !i.earlier);
  const earlier = items.filter((i) => i.earlier);
  const head = (
    <thead>
      <tr>
        <th scope="col">{t.contract}</th>
        <th scope="col">
          {t.customer} / {t.product}
        </th>
        <th scope="col">{t.reason}</th>
        <th scope="col">{t.expectedRelease}</th>
        <th scope="col" className="pv-num">
          {t.amount}
        </th>
      </tr>
    </thead>
  );
  return (
    <div className="pv-held" data-testid="held-items">
      {now.length > 0 ? (
        <table className="pv-table pv-stack">
          <caption>{t.heldItems}</caption>
          {head}
          <tbody>{rows(now)}</tbody>
        </table>
      ) : null}
      {earlier.length > 0 ? (
        <table className="pv-table pv-stack">
          <caption>{t.heldEarlier}</caption>
          {head}
          <tbody>{rows(earlier)}</tbody>
        </table>
      ) : null}
    </div>
  );
}
