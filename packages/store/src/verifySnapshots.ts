import type { AuditEntry, BothLanguages } from '@provvigo/core';
import { hash } from '@provvigo/core';
import type { Queryable } from './db.js';
import type { StoreProblem } from './verify.js';
import { entryNamed, worded } from './problemText.js';
import { partnerSnapshotRowHash, partnerSnapshotsHash, type SnapshotDigest } from './snapshots.js';

/**
 * `verifyStore`'s check of the run snapshots every partner-facing artefact derives from (`provvigo_run_snapshots`,
 * `provvigo_partner_snapshots`): each calculation's audit entry recorded the digest of the snapshot it wrote
 * (`SnapshotDigest`); the rows are hashed again and compared. A partner row that is missing, added, or whose
 * net-to-pay column disagrees with its fiscal result is named; an edited row changes the run's digest (the run is
 * named: the entry keeps one hash over all partner rows, not one per partner).
 */
export async function verifySnapshots(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const lastCalc = new Map<string, AuditEntry>();
  for (const e of log) if (e.runId && typeof e.details['summaryHash'] === 'string') lastCalc.set(e.runId, e);
  const runRows = new Map(
    (await q.query<{ run_id: string; snapshot: unknown }>(`SELECT run_id, snapshot FROM provvigo_run_snapshots ORDER BY run_id`)).rows.map((r) => [r.run_id, r.snapshot]),
  );
  const partnerRows = new Map<string, Array<{ partnerId: string; hash: string }>>();
  const { rows } = await q.query<{ run_id: string; partner_id: string; facts: unknown; fiscal: unknown; ytd_before: unknown }>(
    `SELECT run_id, partner_id, facts, fiscal, ytd_before FROM provvigo_partner_snapshots ORDER BY run_id, partner_id`,
  );
  for (const r of rows) partnerRows.set(r.run_id, [...(partnerRows.get(r.run_id) ?? []), { partnerId: r.partner_id, hash: partnerSnapshotRowHash(r) }]);
  const statementPartners = new Map<string, Set<string>>();
  for (const r of (await q.query<{ run_id: string; partner_id: string }>(`SELECT run_id, partner_id FROM provvigo_statements`)).rows) {
    statementPartners.set(r.run_id, (statementPartners.get(r.run_id) ?? new Set()).add(r.partner_id));
  }
  const runs = (await q.query<{ id: string; state: string }>(`SELECT id, state FROM provvigo_runs ORDER BY id`)).rows;
  for (const { id, state } of runs) {
    const entry = state === 'draft' ? undefined : lastCalc.get(id);
    const digest = entry?.details['snapshot'] as SnapshotDigest | undefined;
    const partners = partnerRows.get(id) ?? [];
    const run = (text: BothLanguages): number => problems.push({ table: 'provvigo_run_snapshots', key: id, ...worded(text) });
    const partner = (key: string, text: BothLanguages): number => problems.push({ table: 'provvigo_partner_snapshots', key, ...worded(text) });
    if (!entry || !digest) {
      // no calculation recorded a snapshot: none may be stored (a calculated run without one is `checkRunIntegrity`'s)
      const unrecorded = { en: 'no audit entry recorded this snapshot', it: 'nessuna voce del registro di audit ha registrato questa istantanea' };
      if (runRows.has(id)) run(unrecorded);
      for (const p of partners) partner(`${id}/${p.partnerId}`, unrecorded);
      continue;
    }
    const at = entryNamed(entry);
    if (!runRows.has(id)) run({ en: `is missing: ${at.en} recorded it`, it: `manca, ma la ${at.it} l'ha registrata` });
    else if (hash(runRows.get(id)) !== digest.runHash) run({ en: `its content is not the one ${at.en} recorded`, it: `il suo contenuto non è quello registrato dalla ${at.it}` });
    const expected = statementPartners.get(id) ?? new Set<string>();
    const stored = new Set(partners.map((p) => p.partnerId));
    const named = problems.length;
    for (const p of expected) if (!stored.has(p)) partner(`${id}/${p}`, { en: `is missing: the run has a statement for ${p}`, it: `manca: l'esecuzione ha un estratto conto per ${p}` });
    for (const p of stored) if (!expected.has(p)) partner(`${id}/${p}`, { en: 'belongs to no statement of the run', it: "non corrisponde a nessun estratto conto dell'esecuzione" });
    if (problems.length === named && (partners.length !== digest.partners || partnerSnapshotsHash(partners) !== digest.partnersHash)) {
      partner(id, {
        en: `its ${partners.length} partner rows are not the ${digest.partners} ${at.en} recorded: a row was edited (facts, fiscal result or year to date)`,
        it:
          `le sue ${partners.length} righe dei partner non sono le ${digest.partners} registrate dalla ${at.it}: ` +
          "una riga è stata modificata (fatti, risultato fiscale o progressivi fiscali dell'anno)",
      });
    }
  }
  const columns = await q.query<{ run_id: string; partner_id: string }>(
    `SELECT run_id, partner_id FROM provvigo_partner_snapshots
     WHERE net_to_pay IS DISTINCT FROM (fiscal->'totals'->>'netToPay')::numeric ORDER BY run_id, partner_id`,
  );
  const net = worded({ en: 'its net_to_pay column disagrees with its fiscal result', it: 'la sua colonna net_to_pay non corrisponde al suo risultato fiscale' });
  for (const r of columns.rows) problems.push({ table: 'provvigo_partner_snapshots', key: `${r.run_id}/${r.partner_id}`, ...net });
  return problems;
}
