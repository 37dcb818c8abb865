import { SqlJournalLog, type JournalRecord, type SapSqlQueryable } from '@provvigo/adapter-sap';
import type { Locale } from '@provvigo/core';
import type { Io } from './shared.js';

/**
 * The accruals part of `provvigo post sap --status`: the period's accrual journal entries as the journal log holds
 * them, so an operator sees what SAP took without sending anything (the only other way was a run of `--accruals`).
 * One line per log row (an accrual set's accrual, its reversal; the chunks of one share a row): state, accrual set,
 * kind, SAP's document once read back, the message id to look up in SAP's Message Dashboard, and the reason of a
 * failed or unknown send in the CLI's language. `accepted` is SAP's asynchronous processing under way, not an issue.
 */
const WORDS: Record<Locale, { states: Record<JournalRecord['state'], string>; kinds: Record<JournalRecord['kind'], string>; width: number; total: (period: string, c: Counts) => string }> = {
  en: {
    states: { posted: 'posted', accepted: 'accepted', unknown: 'unknown', failed: 'failed' },
    kinds: { accrual: 'accrual', reversal: 'reversal' },
    width: 8,
    total: (period, c) =>
      `period ${period}: ${c.n} accrual journal entr${c.n === 1 ? 'y' : 'ies'}: posted ${c.posted}, accepted ${c.accepted}, unknown ${c.unknown}, failed ${c.failed}\n`,
  },
  it: {
    states: { posted: 'registrata', accepted: 'accettata', unknown: 'sconosciuta', failed: 'non riuscita' },
    kinds: { accrual: 'rateo', reversal: 'storno' },
    width: 12,
    total: (period, c) =>
      `periodo ${period}: scritture dei ratei: ${c.n}; registrate ${c.posted}, accettate ${c.accepted}, esito sconosciuto ${c.unknown}, non riuscite ${c.failed}\n`,
  },
};

interface Counts {
  n: number;
  posted: number;
  accepted: number;
  unknown: number;
  failed: number;
}

/** Prints the period's journal entries, if the log holds any; whether one is failed or unknown (the run's exit 1). */
export async function printJournalStatus(db: SapSqlQueryable, period: string, locale: Locale, io: Io): Promise<boolean> {
  const rows = await new SqlJournalLog(db).list(period);
  if (rows.length === 0) return false;
  const w = WORDS[locale];
  for (const r of rows) {
    const why = r.errorMessage ? `  ${r.errorMessages?.[locale] ?? r.errorMessage}` : '';
    const message = r.messageId ? r.messageId : '-';
    io.out(`${w.states[r.state].padEnd(w.width)} ${r.accrualId.padEnd(20)} ${w.kinds[r.kind].padEnd(8)} ${(r.accountingDocument ?? '-').padEnd(10)} ${message}${why}\n`);
  }
  const count = (state: JournalRecord['state']) => rows.filter((r) => r.state === state).length;
  const c: Counts = { n: rows.length, posted: count('posted'), accepted: count('accepted'), unknown: count('unknown'), failed: count('failed') };
  io.out(w.total(period, c));
  return c.unknown + c.failed > 0;
}
