import { YtdStateSchema, type YtdStateInput } from '@provvigo/core';
import { importFiscalOpenings, listFiscalOpenings } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { parseOrFail } from '../io/parseOrFail.js';
import { readJsonFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { table } from '../io/textTable.js';
import { actorFrom, refusalsAsIssues, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

/**
 * `provvigo fiscal openings import --file F`: year-to-date opening balances from another system (Enasarco
 * contributions already paid this year, …), an array of `{ partnerId, year, values, periods }`. One transaction with
 * its audit entry; the next period run of that year starts each partner from its balance.
 */
export async function fiscalOpeningsImport(options: StoreOptions & ActorOptions & { file: string; source?: string }, io: Io = processIo): Promise<number> {
  const raw = await readJsonFile(options.file);
  const states = Array.isArray(raw) ? raw : (raw as { openings?: unknown } | null)?.openings;
  if (!Array.isArray(states)) {
    const en = 'expected an array of opening balances { partnerId, year, values }';
    throw new CliError({ en, it: 'atteso un array di saldi di apertura { partnerId, year, values }' }, { file: options.file, exitCode: 1 });
  }
  // each balance checked here, before the store opens, so a bad one is named with its file, record and field
  states.forEach((state: unknown, i) => parseOrFail(YtdStateSchema, state, { file: options.file, record: String(i + 1), exitCode: 1 }));
  const { actor, at } = actorFrom(options);
  return refusalsAsIssues('fiscal openings import', io, () =>
    withStore(options, async (store) => {
      const out = await importFiscalOpenings(store, { states: states as YtdStateInput[], source: options.source ?? options.file, actor: actor.id, at });
      io.out(
        said({
          en: `${out.imported} opening balance(s) imported by ${actor.id}${out.unchanged ? `, ${out.unchanged} already there unchanged` : ''}\n`,
          it: `saldi di apertura importati da ${actor.id}: ${out.imported}${out.unchanged ? `; già presenti e invariati: ${out.unchanged}` : ''}\n`,
        }),
      );
      return EXIT.ok;
    }),
  );
}

const OPENINGS_WORDS = {
  en: { none: 'no opening balances\n', head: ['partner', 'year', 'values'] },
  it: { none: 'nessun saldo di apertura\n', head: ['partner', 'anno', 'valori'] },
} as const;

/** `provvigo fiscal openings list`: the imported opening balances. */
export async function fiscalOpeningsList(options: StoreOptions & { json?: boolean }, io: Io = processIo): Promise<number> {
  return withStore(options, async (store) => {
    const openings = await listFiscalOpenings(store);
    const w = OPENINGS_WORDS[cliLocale()];
    if (options.json) io.out(`${JSON.stringify(openings, null, 2)}\n`);
    else if (!openings.length) io.out(w.none);
    else io.out(table([...w.head], openings.map((o) => [o.partnerId, String(o.year), Object.entries(o.values).map(([k, v]) => `${k}=${v}`).join(' ')])));
    return EXIT.ok;
  });
}

/** `provvigo fiscal openings import|list`, under the `fiscal` command (created here when it does not exist yet). */
