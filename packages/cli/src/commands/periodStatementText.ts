/**
 * `provvigo period statement` as text, in the reader's language: the payable bridge (each movement with its sign),
 * each section's entries with the sentence the portal shows for them (core's `explainLedgerEntry`, built from the
 * entry's fields, never from the English explanation stored with it), then the balances rolled forward. Amounts go
 * through core's one money formatter at the statement's own scale.
 */
import { Decimal, explainLedgerEntry, formatMoney, MOVEMENT_COLUMNS, runStateName, statementMovements, statementScale } from '@provvigo/core';
import type { LedgerEntry, Locale, PeriodLedgerLine, PeriodStatement, RunRecord } from '@provvigo/core';

interface StatementWords {
  title: (s: PeriodStatement, state: string) => string;
  payable: string;
  sections: { adjustments: string; held: string; released: string; lapsed: string; reserveWithheld: string; reserveReleased: string; clawbacks: string };
  changes: Record<'changed' | 'added' | 'removed', string>;
  advance: (id: string, before: string, after: string, paid: string, recovered: string, onTermination: string) => string;
  balances: (period: string, held: string, lapsed: string, reserve: string, carried: string) => string;
}

const WORDS: Record<Locale, StatementWords> = {
  en: {
    title: (s, state) => `statement of ${s.partnerId}, ${s.period} (run ${s.runId}, ${state})`,
    payable: 'payable',
    sections: { adjustments: 'adjustments of earlier periods', held: 'held', released: 'released', lapsed: 'lapsed', reserveWithheld: 'reserve withheld', reserveReleased: 'reserve released', clawbacks: 'clawbacks' },
    changes: { changed: 'changed', added: 'added', removed: 'removed' },
    advance: (id, before, after, paid, recovered, end) => `advance ${id}: to recover ${before} → ${after} (paid ${paid}, recovered ${recovered}, on termination ${end})`,
    balances: (period, held, lapsed, reserve, carried) => `balances after ${period}: held ${held} (lapsed ${lapsed}), reserve ${reserve}, carried ${carried}`,
  },
  it: {
    title: (s, state) => `estratto conto di ${s.partnerId}, ${s.period} (esecuzione ${s.runId}, ${state})`,
    payable: 'da pagare',
    sections: { adjustments: 'rettifiche di periodi precedenti', held: 'in attesa', released: 'sbloccati', lapsed: 'decaduti', reserveWithheld: 'riserva trattenuta', reserveReleased: 'riserva svincolata', clawbacks: 'storni' },
    changes: { changed: 'modificata', added: 'aggiunta', removed: 'eliminata' },
    advance: (id, before, after, paid, recovered, end) => `anticipo ${id}: da recuperare ${before} → ${after} (pagato ${paid}, recuperato ${recovered}, alla cessazione ${end})`,
    balances: (period, held, lapsed, reserve, carried) => `saldi dopo ${period}: in attesa ${held} (decaduti ${lapsed}), riserva ${reserve}, saldo negativo rinviato ${carried}`,
  },
};

const BRIDGE = MOVEMENT_COLUMNS.filter((c) => c.sign !== 0);

/** A section of items, each its amount right-aligned then what it is. */
function section(title: string, items: ReadonlyArray<{ amount: string; said: string }>): string {
  if (!items.length) return '';
  const width = Math.max(...items.map((i) => i.amount.length));
  return `${title}\n${items.map((i) => `  ${i.amount.padStart(width)}  ${i.said}`).join('\n')}\n`;
}

/** A section of ledger entries, each the sentence the portal shows: it says the amount itself, so no column repeats it. */
function sentences(title: string, said: readonly string[]): string {
  return said.length ? `${title}\n${said.map((s) => `  ${s}`).join('\n')}\n` : '';
}

/** The statement as text in `locale`; `entries` are the ledger entries it names (the store's `statementEntries`). */
export function statementText(s: PeriodStatement, runState: RunRecord['state'], entries: readonly LedgerEntry[], locale: Locale): string {
  const w = WORDS[locale];
  const scale = statementScale(s);
  const money = (amount: string) => formatMoney(amount, s.currency, locale, scale);
  const byId = new Map(entries.map((e) => [e.id, e]));
  // an entry the store no longer has keeps the sentence stored with it, in English
  const said = (l: PeriodLedgerLine) => {
    const e = byId.get(l.entryId);
    return e ? explainLedgerEntry(e, locale) : l.explanation;
  };
  const ledger = (title: string, lines: readonly PeriodLedgerLine[]) => sentences(title, lines.map(said));
  const mv = statementMovements(s);
  const shown = BRIDGE.filter((c) => !new Decimal(mv[c.key]).isZero() || c.key === 'earned');
  const labels = [...shown.map((c) => c.label[locale].toLowerCase()), w.payable];
  const pad = Math.max(...labels.map((l) => l.length));
  const amounts = [...shown.map((c) => money(mv[c.key])), money(mv.payable)];
  const width = Math.max(...amounts.map((a) => a.length));
  const bridge = shown.map((c, i) => `  ${c.sign > 0 ? '+' : '−'} ${labels[i]!.padEnd(pad)}  ${amounts[i]!.padStart(width)}\n`).join('');
  const adjustments = s.adjustments.map((a) => ({
    amount: money(a.delta),
    said: `${a.source ? `${a.source.id} · ` : ''}${a.originalPeriod} ${a.label}: ${money(a.previousAmount)} → ${money(a.newAmount)} (${w.changes[a.change]})`,
  }));
  return (
    `${w.title(s, runStateName(runState, locale))}\n` +
    bridge +
    `  = ${w.payable.padEnd(pad)}  ${amounts[amounts.length - 1]!.padStart(width)}\n` +
    section(w.sections.adjustments, adjustments) +
    ledger(w.sections.held, s.held) +
    ledger(w.sections.released, s.released) +
    ledger(w.sections.lapsed, s.lapsed) +
    ledger(w.sections.reserveWithheld, s.reserve.withheld) +
    ledger(w.sections.reserveReleased, s.reserve.released) +
    ledger(w.sections.clawbacks, s.clawbacks) +
    s.advances.map((a) => `${w.advance(a.agreementId, money(a.balanceBefore), money(a.balance), money(a.paid), money(a.recovered), money(a.recoveredOnTermination))}\n`).join('') +
    `${w.balances(s.period, `${money(mv.heldBefore)} → ${money(mv.heldAfter)}`, money(mv.lapsed), `${money(mv.reserveBefore)} → ${money(mv.reserveAfter)}`, `${money(mv.carriedBefore)} → ${money(mv.carriedAfter)}`)}\n`
  );
}
