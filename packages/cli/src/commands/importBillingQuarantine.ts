import { listBillingQuarantine, migrateBilling, type BillingQuarantineEntry } from '@provvigo/adapter-billing';
import type { Locale } from '@provvigo/core';
import { cliLocale } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { printQuarantine } from './quarantineListing.js';
import type { Io } from './shared.js';
import { openStoreToList } from './storeToList.js';
import { storeTarget } from './storeOptions.js';

export interface BillingQuarantineOptions {
  /** Only the events of this source (the mapping's `source`). */
  source?: string | undefined;
  json?: boolean | undefined;
  db?: string | undefined;
}

/** The words of the listing: headers, the count line, an empty quarantine; `of` names the source asked for, if any. */
const WORDS: Record<Locale, { head: readonly string[]; count: (n: number, of: string) => string; none: (of: string) => string; of: (source: string) => string }> = {
  en: {
    head: ['source', 'event', 'field', 'reason'],
    count: (n, of) => `${n} quarantined event(s)${of}; --json gives their raw payloads\n`,
    none: (of) => `no quarantined events${of}\n`,
    of: (source) => ` of source ${source}`,
  },
  it: {
    head: ['origine', 'evento', 'campo', 'motivo'],
    count: (n, of) => `eventi in quarantena${of}: ${n}; --json ne dà il contenuto originale\n`,
    none: (of) => `nessun evento in quarantena${of}\n`,
    of: (source) => ` dell'origine ${source}`,
  },
};

/**
 * `provvigo import billing --quarantine`: the events earlier imports (and the webhook receiver) set aside, read from
 * the store's `billing_quarantine` through adapter-billing; imports nothing. One row per event (source, event id,
 * field, reason in the CLI's language), or with `--json` the entries with both languages and the raw payload.
 */
export async function billingQuarantineCommand(options: BillingQuarantineOptions, io: Io): Promise<number> {
  // an empty name would read as no filter at all, and list every source under its heading
  if (options.source?.trim() === '') throw new CliError({ en: '--source: an empty source name', it: '--source: nome di origine vuoto' });
  const target = storeTarget(options.db);
  const locale = cliLocale();
  const w = WORDS[locale];
  const db = await openStoreToList(target, migrateBilling);
  let records: BillingQuarantineEntry[];
  try {
    records = await listBillingQuarantine(db, options.source);
  } finally {
    await db.close();
  }
  const of = options.source === undefined ? '' : w.of(options.source);
  return printQuarantine(
    {
      records,
      json: options.json,
      head: w.head,
      row: (q) => [q.source, q.eventId, q.field ?? '-', q.reasons[locale]],
      count: (n) => w.count(n, of),
      none: w.none(of),
    },
    io,
  );
}
