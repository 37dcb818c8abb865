/**
 * The statement's fiscal section: the jurisdiction pack's items (rate and amount, with the law they cite), the
 * document total and the net to pay. Split from Statement.tsx.
 */
import type { FiscalResult } from '@provvigo/core';
import type { ReactElement } from 'react';
import { formatPercent } from './format.js';
import type { Messages, UiLocale } from './i18n.js';

export interface FiscalTableProps {
  fiscal: FiscalResult;
  money: (v: string) => string;
  locale: UiLocale;
  t: Messages;
}

/** One row per fiscal item, then the document total and the net to pay. */
export function FiscalTable({ fiscal, money, locale, t }: FiscalTableProps): ReactElement {
  return (
    <table className="pv-table pv-fiscal" data-testid="fiscal">
      <caption>{t.fiscal}</caption>
      <tbody>
        {fiscal.items.map((item) => (
          <tr key={item.id}>
            <th scope="row">
              {item.label[locale]} <span className="pv-muted">({item.citation})</span>
            </th>
            <td className="pv-num">{item.fixedAmount ? '' : formatPercent(percentToShare(item.ratePercent), locale)}</td>
            <td className="pv-num">{money(item.amount)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t.documentTotal}</th>
          <td />
          <td className="pv-num">{money(fiscal.totals.documentTotal)}</td>
        </tr>
        <tr>
          <th scope="row">{t.netToPay}</th>
          <td />
          <td className="pv-num">
            <strong>{money(fiscal.totals.netToPay)}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** "8.5" (a percentage) as a share "0.085", exactly, for `formatPercent`. */
function percentToShare(percent: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(percent);
  if (!m) return percent;
  const [, sign, int, frac = ''] = m;
  const padded = int!.padStart(3, '0');
  const whole = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  return `${sign}${whole}.${padded.slice(-2)}${frac}`;
}
