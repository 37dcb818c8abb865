import { listQuarantine, migrateSalesforce, type QuarantineEntry } from '@provvigo/adapter-salesforce';
import type { BothLanguages, Locale } from '@provvigo/core';
import { cliLocale } from '../io/cliLocale.js';
import { objectNames } from './objectNames.js';
import { printQuarantine } from './quarantineListing.js';
import type { Io } from './shared.js';
import { openStoreToList } from './storeToList.js';
import { storeTarget } from './storeOptions.js';

export interface SalesforceQuarantineOptions {
  /** Only these objects: comma-separated API names, as `sync salesforce --objects` takes them. */
  objects?: string | undefined;
  json?: boolean | undefined;
  db?: string | undefined;
}

type Quarantined = QuarantineEntry & { reasons: BothLanguages };

/** The words of the listing: headers, the count line, an empty quarantine; `of` names the objects asked for, if any. */
const WORDS: Record<Locale, { head: readonly string[]; count: (n: number, of: string) => string; none: (of: string) => string; of: (objects: string) => string }> = {
  en: {
    head: ['object', 'record', 'SystemModstamp', 'field', 'reason'],
    count: (n, of) => `${n} quarantined record(s)${of}; --json gives their raw records\n`,
    none: (of) => `no quarantined records${of}\n`,
    of: (objects) => ` of ${objects}`,
  },
  it: {
    head: ['oggetto', 'record', 'SystemModstamp', 'campo', 'motivo'],
    count: (n, of) => `record in quarantena${of}: ${n}; --json ne dà i dati originali\n`,
    none: (of) => `nessun record in quarantena${of}\n`,
    of: (objects) => ` di ${objects}`,
  },
};

/**
 * `provvigo sync salesforce --quarantine`: the records earlier syncs set aside, read from the store's `sf_quarantine`
 * through adapter-salesforce; calls no Salesforce and needs no `--config`. One row per quarantined version of a record
 * (object, Id, SystemModstamp, field, reason in the CLI's language), or with `--json` the entries with both languages
 * and the raw record.
 */
export async function salesforceQuarantineCommand(options: SalesforceQuarantineOptions, io: Io): Promise<number> {
  const names = objectNames(options.objects);
  const target = storeTarget(options.db);
  const locale = cliLocale();
  const w = WORDS[locale];
  const db = await openStoreToList(target, migrateSalesforce);
  let records: Quarantined[] = [];
  try {
    // concat, not push(...): a quarantine of many thousand records would overflow the call's arguments
    if (names === undefined) records = await listQuarantine(db);
    else for (const name of names) records = records.concat(await listQuarantine(db, name));
  } finally {
    await db.close();
  }
  const of = names === undefined ? '' : w.of(names.join(', '));
  return printQuarantine(
    {
      records,
      json: options.json,
      head: w.head,
      row: (q) => [q.object, q.id, q.systemModstamp, q.field ?? '-', q.reasons[locale]],
      count: (n) => w.count(n, of),
      none: w.none(of),
    },
    io,
  );
}
