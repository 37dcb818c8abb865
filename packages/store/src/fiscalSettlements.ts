import { YtdStateSchema, carryYtd, hash, isRunImmutable, type FiscalResult, type Period, type YtdState } from '@provvigo/core';
import { StoreError } from './errors.js';
import { jsonParam, storableField, storableText } from './sql.js';
import { storableDates, storableTimes } from './timestamps.js';
import { getFiscalResults, listFiscalOpenings } from './snapshots.js';
import type { Store } from './store.js';

/**
 * The fiscal year to date as the store keeps it, and the explicit settlements (Enasarco quarter, FIRR year) of the
 * jurisdiction packs: each partner's state after its approved fiscal results, its imported opening balance and the
 * settlements recorded here, in the order of the dates they are as of (a period's end, a settlement's quarter end).
 * Settlements are append-only (table `provvigo_fiscal_settlements`, `snapshotMigrations.ts`).
 */

/** A year-to-date state and the date it is as of. */
interface Carried {
  partnerId: string;
  period: string;
  asOf: string;
  ytdAfter: YtdState;
}

/** Approved partners' fiscal results of every period, with the period's end. */
async function approvedStates(store: Store): Promise<Carried[]> {
  const out: Carried[] = [];
  for (const p of await store.listPeriods()) {
    for (const run of await store.listRuns(p.id)) {
      if (!isRunImmutable(run.record)) continue;
      const ok = new Set(run.record.partners?.approved ?? []);
      for (const f of await getFiscalResults(store, run.record.id)) if (ok.has(f.partnerId)) out.push({ partnerId: f.partnerId, period: f.period, asOf: p.end, ytdAfter: f.ytdAfter });
    }
  }
  return out;
}

/** The recorded settlements, as of their quarter's (or year's) end. */
export async function listFiscalSettlements(store: Store): Promise<Array<{ partnerId: string; settles: string; asOf: string; ytdAfter: YtdState; settledBy: string; settledAt: string }>> {
  const { rows } = await store.db.query<{ partner_id: string; settles: string; as_of: string; ytd_after: unknown; settled_by: string; settled_at: string }>(
    `SELECT partner_id, settles, as_of, ytd_after, settled_by, settled_at FROM provvigo_fiscal_settlements ORDER BY as_of, partner_id`,
  );
  return rows.map((r) => ({ partnerId: r.partner_id, settles: r.settles, asOf: r.as_of, ytdAfter: YtdStateSchema.parse(r.ytd_after), settledBy: r.settled_by, settledAt: r.settled_at }));
}

/**
 * Each partner's year-to-date state for `period`: from what is as of a date before the period starts (or up to and
 * including `through`) — approved results of periods ending by then and settlements of quarters ending by then —
 * else its opening balance. What a period run starts from (`calculatePeriod`).
 */
export async function ytdBeforePeriod(store: Store, period: Period, through?: string): Promise<Map<string, YtdState>> {
  storableDates({ through });
  const settlements = (await listFiscalSettlements(store)).map((s) => ({ partnerId: s.partnerId, period: s.settles, asOf: s.asOf, ytdAfter: s.ytdAfter }));
  const counts = (c: Carried) => (through === undefined ? c.asOf < period.start : c.asOf <= through);
  const carried = [...(await approvedStates(store)), ...settlements].filter(counts).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  return carryYtd(period, carried, await listFiscalOpenings(store));
}

/**
 * The state a settlement of the quarter (or year) ending `asOf` starts from: everything as of that day included.
 * `later` names, per partner, an approved period of the same year ending after `asOf`: its year to date was carried
 * without this settlement, so settling now would come too late to count — the caller refuses those partners
 * (settle a quarter before approving the next period).
 */
export async function ytdForSettlement(store: Store, args: { year: number; asOf: string; settles: string }): Promise<{ ytd: Map<string, YtdState>; later: Map<string, string> }> {
  storableDates({ asOf: args.asOf });
  const later = new Map<string, string>();
  for (const c of await approvedStates(store)) if (c.asOf > args.asOf && c.ytdAfter.year === args.year && !later.has(c.partnerId)) later.set(c.partnerId, c.period);
  // not the settlement's own id: carryYtd leaves out the state of the period being computed, and a recorded
  // settlement of this quarter must count (it makes the next call a no-op)
  const ytd = await ytdBeforePeriod(store, { id: `settlement ${args.settles}`, start: `${args.year}-01-01`, end: args.asOf }, args.asOf);
  return { ytd, later };
}

/** A settlement row's content (every column), as the settlement's audit entry records it. */
export function fiscalSettlementRowHash(row: {
  partner_id: string;
  settles: string;
  year: number;
  as_of: string;
  ytd_after: unknown;
  items: unknown;
  settled_by: string;
  settled_at: string;
}): string {
  // JSON documents hashed as the database returns them (undefined members dropped)
  const { ytd_after, items, ...columns } = row;
  return hash({ ...columns, year: Number(row.year), ytdAfter: JSON.parse(JSON.stringify(ytd_after)) as unknown, items: JSON.parse(JSON.stringify(items ?? null)) as unknown });
}

/**
 * Records settlements (each `{ partnerId, settles, ytdAfter, items }` of a pack's settleQuarter/settleYear) in ONE
 * transaction with its audit entry. A partner's quarter or year is recorded once: recording it again with the same
 * state is a no-op, with another state it is refused.
 */
export async function recordFiscalSettlements(
  store: Store,
  args: { settlements: ReadonlyArray<Pick<FiscalResult, 'partnerId' | 'ytdAfter' | 'items'> & { settles: string }>; asOf: string; actor: string; at: string },
): Promise<{ recorded: number; unchanged: number }> {
  storableText({ 'the actor id': args.actor });
  storableTimes({ at: args.at });
  storableDates({ asOf: args.asOf });
  args.settlements.forEach((s, i) => {
    storableField({ en: `settlement ${i + 1}: partnerId`, it: `liquidazione ${i + 1}: partnerId` }, s.partnerId);
    storableField({ en: `settlement ${i + 1}: settles`, it: `liquidazione ${i + 1}: settles` }, s.settles);
  });
  return store.writeTx(async (tx, audit) => {
    let recorded = 0;
    let unchanged = 0;
    const hashes: Array<{ partnerId: string; settles: string; hash: string }> = [];
    for (const s of args.settlements) {
      const ytd = YtdStateSchema.parse(s.ytdAfter);
      const { rows } = await tx.query<{ ytd_after: unknown }>(`SELECT ytd_after FROM provvigo_fiscal_settlements WHERE partner_id = $1 AND settles = $2`, [s.partnerId, s.settles]);
      if (rows[0]) {
        if (JSON.stringify(YtdStateSchema.parse(rows[0].ytd_after)) === JSON.stringify(ytd)) {
          unchanged += 1;
          continue;
        }
        throw new StoreError('invalid_data', {
          en: `partner ${s.partnerId}: ${s.settles} is already settled with another year-to-date state`,
          it: `partner ${s.partnerId}: la liquidazione ${s.settles} è già registrata con altri progressivi dell'anno`,
        });
      }
      const what = { en: `the ${s.settles} settlement of partner ${s.partnerId}`, it: `la liquidazione ${s.settles} del partner ${s.partnerId}` };
      await tx.query(
        `INSERT INTO provvigo_fiscal_settlements (partner_id, settles, year, as_of, ytd_after, items, settled_by, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [s.partnerId, s.settles, ytd.year, args.asOf, jsonParam(ytd, what), jsonParam(s.items, what), args.actor, args.at],
      );
      const row = { partner_id: s.partnerId, settles: s.settles, year: ytd.year, as_of: args.asOf, ytd_after: ytd, items: s.items, settled_by: args.actor, settled_at: args.at };
      hashes.push({ partnerId: s.partnerId, settles: s.settles, hash: fiscalSettlementRowHash(row) });
      recorded += 1;
    }
    if (recorded > 0) {
      const settles = [...new Set(args.settlements.map((s) => s.settles))];
      await audit({ at: args.at, actor: args.actor, action: 'fiscal.settle', details: { settles, asOf: args.asOf, recorded, partners: args.settlements.map((s) => s.partnerId), settlements: hashes } });
    }
    return { recorded, unchanged };
  });
}
