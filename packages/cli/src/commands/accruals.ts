import { writeFile } from 'node:fs/promises';
import { accruals, accrualsToCsv, accrualsToJson, type RunState } from '@provvigo/core';
import { said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { loadPeriod } from '../io/loadInputs.js';
import { EXIT } from '../exitCodes.js';
import { refusalsAsIssues, withStore, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

export interface AccrualsOptions extends StoreOptions {
  period?: string[];
  format: 'csv' | 'json';
  out?: string;
}

/**
 * `provvigo accruals`: per period and partner, earned, held, released, lapsed, reserved, clawed back, advances,
 * payable and paid (posted runs), with balances — read from the ledger, for finance to book accruals.
 */
export async function accrualsCommand(options: AccrualsOptions, io: Io = processIo): Promise<number> {
  const periods = options.period ? await Promise.all(options.period.map((p) => loadPeriod(p))) : undefined;
  return refusalsAsIssues('accruals', io, () =>
    withStore(options, async (store) => {
      const known = await store.listPeriods();
      for (const p of periods ?? []) {
        if (!known.some((k) => k.id === p.id)) throw new CliError({ en: `period ${p.id} does not exist in the store`, it: `il periodo ${p.id} non esiste nell'archivio` }, { exitCode: 1 });
      }
      const runStates: Record<string, RunState> = {};
      for (const r of await store.listRuns()) runStates[r.record.id] = r.record.state;
      const rows = accruals(await store.ledger(), {
        runStates,
        periodOrder: known.map((p) => p.id),
        ...(periods ? { periods: periods.map((p) => p.id) } : {}),
      });
      const text = options.format === 'json' ? accrualsToJson(rows) : accrualsToCsv(rows);
      if (options.out) {
        await writeFile(options.out, text);
        io.err(said({ en: `${rows.length} accrual row(s) written to ${options.out}\n`, it: `righe di ratei scritte in ${options.out}: ${rows.length}\n` }));
      } else io.out(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT.ok;
    }),
  );
}
