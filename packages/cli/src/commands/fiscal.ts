/**
 * `provvigo fiscal settle-quarter` / `settle-year`: the explicit settlements of the Italian pack (`settleQuarter`,
 * `settleYear`) for every partner with an Italian profile — the Enasarco minimum top-up and the quarter's payment,
 * FIRR — for quarters no statement closed (e.g. a quarter without commissions).
 *
 * The year-to-date state is read from the store (`--db`): each partner's state after its approved periods up to the
 * quarter's end, its imported opening balance (`provvigo fiscal openings import`) and the settlements recorded
 * before; the settlement is recorded there (one transaction with its audit entry) and carried into the next period
 * runs. A partner with a period of the same year approved after the quarter is refused (settle before approving the
 * next period). Idempotent: a quarter or year already settled gives no item and a warning.
 *
 * `--ytd <file>` is an explicit override for statements kept outside the store (`provvigo invoices --statements
 * --ytd`): the state is then read from and written back to that file, and the store is not used.
 */
import { writeFile } from 'node:fs/promises';
import { formatMoney, issueTexts, type YtdState } from '@provvigo/core';
import { settleQuarter, settleYear, type SettlementResult } from '@provvigo/fiscal-it';
import { recordFiscalSettlements, ytdForSettlement } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { loadPartners } from '../io/loadInputs.js';
import { EXIT } from '../exitCodes.js';
import { readYtd } from './invoices.js';
import { actorFrom, refusalsAsIssues, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

export interface SettleOptions extends StoreOptions, ActorOptions {
  year: string;
  quarter?: string;
  partners: string;
  /** Override: read and write the year to date in this file instead of the store. */
  ytd?: string;
  out?: string;
}

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const;

export async function fiscalSettle(kind: 'quarter' | 'year', options: SettleOptions, io: Io = processIo): Promise<number> {
  const year = Number(options.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new CliError({ en: '--year must be a year such as 2026', it: '--year deve essere un anno come 2026' });
  const quarter = kind === 'quarter' ? Number(options.quarter) : 4;
  if (kind === 'quarter' && ![1, 2, 3, 4].includes(quarter)) throw new CliError({ en: '--quarter must be 1, 2, 3 or 4', it: '--quarter deve essere 1, 2, 3 o 4' });
  const settles = kind === 'quarter' ? `${year}-Q${quarter}` : String(year);
  const asOf = `${year}-${QUARTER_END[quarter - 1]}`;
  const { partners } = await loadPartners(options.partners);
  const italian = partners.filter((p) => p.fiscalProfile?.startsWith('it:'));
  const locale = cliLocale();

  const settle = (state: ReadonlyMap<string, YtdState>, refused: ReadonlyMap<string, string> = new Map()) => {
    const results: SettlementResult[] = [];
    let errors = 0;
    for (const partner of italian) {
      const later = refused.get(partner.id);
      if (later) {
        io.err(
          said(
            {
              en: `partner ${partner.id}: period ${later} of ${year} is already approved, so ${settles} can no longer be settled (settle a quarter before approving the next period)\n`,
              it: `partner ${partner.id}: il periodo ${later} del ${year} è già approvato, quindi ${settles} non può più essere liquidato (liquida un trimestre prima di approvare il periodo successivo)\n`,
            },
            locale,
          ),
        );
        errors += 1;
        continue;
      }
      const input = { partner, year, ytd: state.get(partner.id) ?? null };
      const r = kind === 'quarter' ? settleQuarter({ ...input, quarter: quarter as 1 | 2 | 3 | 4 }) : settleYear(input);
      results.push(r);
      for (const issue of r.issues) io.err(`partner ${partner.id}: ${said(issueTexts(issue), locale)}\n`);
      errors += r.issues.filter((i) => i.severity === 'error').length;
      for (const item of r.items) {
        const due = item.dueDate ? said({ en: `  due ${item.dueDate}`, it: `  scadenza ${item.dueDate}` }, locale) : '';
        io.out(`  ${partner.id.padEnd(12)} ${item.code.padEnd(24)} ${formatMoney(item.amount, item.currency, locale).padStart(14)}${due}\n`);
      }
    }
    return { results, errors };
  };

  if (options.ytd) {
    const file = options.ytd;
    const state = new Map<string, YtdState>(Object.entries(await readYtd(file)));
    const { results, errors } = settle(state);
    for (const r of results.filter((r) => r.ok)) state.set(r.partnerId, r.ytdAfter);
    await writeFile(file, `${JSON.stringify(Object.fromEntries(state), null, 2)}\n`);
    if (options.out) await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    const [n, items] = [results.length, results.reduce((a, r) => a + r.items.length, 0)];
    io.out(said({ en: `${settles}: ${n} partner(s), ${items} item(s); year-to-date state written to ${file}\n`, it: `${settles}: partner: ${n}, voci: ${items}; progressivi dell'anno scritti in ${file}\n` }, locale));
    return errors > 0 ? EXIT.issues : EXIT.ok;
  }

  const { actor, at } = actorFrom(options);
  return refusalsAsIssues(`fiscal settle-${kind}`, io, () =>
    withStore(options, async (store) => {
      const { ytd, later } = await ytdForSettlement(store, { year, asOf, settles });
      const { results, errors } = settle(ytd, later);
      const settled = results.filter((r) => r.ok && r.items.length > 0);
      const { recorded } = await recordFiscalSettlements(store, { settlements: settled.map((r) => ({ ...r, settles })), asOf, actor: actor.id, at });
      if (options.out) await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
      const [n, items] = [results.length, results.reduce((a, r) => a + r.items.length, 0)];
      io.out(
        said(
          {
            en: `${settles}: ${n} partner(s), ${items} item(s); ${recorded} settlement(s) recorded in the store by ${actor.id}\n`,
            it: `${settles}: partner: ${n}, voci: ${items}; liquidazioni registrate nell'archivio da ${actor.id}: ${recorded}\n`,
          },
          locale,
        ),
      );
      return errors > 0 ? EXIT.issues : EXIT.ok;
    }),
  );
}
