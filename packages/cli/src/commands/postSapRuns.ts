import { SqlPostingLog, postingRecordHash, type PostReport } from '@provvigo/adapter-sap';
import { Store, advanceRun, type Db } from '@provvigo/store';
import { EXIT } from '../exitCodes.js';
import type { PostSapOptions } from './post.js';
import type { NothingToPost } from './postSapInvoiceFile.js';
import { actorFrom, refusalsAsIssues } from './period.js';
import type { Io } from './shared.js';

/**
 * The store runs behind the invoices of `provvigo post sap`: before posting, the invoices of a run that is not
 * approved are held back; after, a run whose invoices are all in SAP moves to `posted`. Kept apart from the posting
 * because both steps speak to the store's run lifecycle, not to SAP.
 */

const POSTABLE_RUN_STATES = new Set(['approved', 'invoiced', 'posted']);

/**
 * Only approved runs are posted: an invoice naming a run (`runId`) that the store holds in another state is held
 * back with a message; a run the store does not know is reported once and not checked.
 */
export async function blockedByRunState(db: Db, invoices: readonly unknown[], io: Io): Promise<Map<number, string>> {
  const runIds = new Map<string, number[]>();
  invoices.forEach((inv, i) => {
    const runId = (inv as { runId?: unknown } | null)?.runId;
    if (typeof runId === 'string') runIds.set(runId, [...(runIds.get(runId) ?? []), i]);
  });
  const blocked = new Map<number, string>();
  if (runIds.size === 0) return blocked;
  const store = await Store.open(db);
  for (const [runId, indexes] of runIds) {
    const run = await store.getRun(runId);
    if (!run) {
      io.err(`run ${runId} is not in the store: its ${indexes.length} invoice(s) are posted without the approval check\n`);
      continue;
    }
    if (!POSTABLE_RUN_STATES.has(run.record.state)) {
      for (const i of indexes) blocked.set(i, `run ${runId} is ${run.record.state}, not approved: not posted`);
    }
  }
  return blocked;
}

/**
 * A store run whose every approved statement has its invoice in SAP (posted now or already present) moves from
 * `invoiced` to `posted` through core's transition, audit-logged by the store. Invoices carry their run in `runId`
 * (the `invoices.json` of `provvigo invoices` from the store). A run still `approved` (its invoices not all written)
 * stays where it is; so does a run with invoices failed or missing from the file (exit 1).
 */
export async function markPostedRuns(db: Db, invoices: readonly unknown[], zero: readonly NothingToPost[], report: PostReport, options: PostSapOptions, io: Io): Promise<number> {
  const runOf = new Map<string, string>();
  for (const inv of invoices) {
    const e = (inv ?? {}) as { runId?: unknown; invoiceNumber?: unknown };
    if (typeof e.runId === 'string' && typeof e.invoiceNumber === 'string') runOf.set(e.invoiceNumber, e.runId);
  }
  // Per run: which partners' invoices are in SAP, and SAP's document number of each (recorded on the run's
  // audit-chained `post` entry, next to the posting log).
  type Slot = { partners: Set<string>; posted: number; alreadyPresent: number; nothingToPost: number; documents: Record<string, string>; keys: string[] };
  const newSlot = (): Slot => ({ partners: new Set<string>(), posted: 0, alreadyPresent: 0, nothingToPost: 0, documents: {}, keys: [] });
  const inSap = new Map<string, Slot>();
  for (const r of report.results) {
    const runId = runOf.get(r.invoiceNumber);
    if (runId === undefined) continue;
    const slot = inSap.get(runId) ?? newSlot();
    inSap.set(runId, slot);
    if (r.outcome.status === 'posted') slot.posted += 1;
    if (r.outcome.status === 'already-present') slot.alreadyPresent += 1;
    if (r.outcome.status === 'posted' || r.outcome.status === 'already-present') {
      slot.documents[r.invoiceNumber] = `${r.outcome.sapDocument}/${r.outcome.sapFiscalYear}`;
      if (r.key) slot.keys.push(r.key);
    }
    if (r.outcome.status !== 'failed') slot.partners.add(r.partnerId);
  }
  for (const z of zero) {
    if (z.runId === undefined) continue;
    const slot = inSap.get(z.runId) ?? newSlot();
    inSap.set(z.runId, slot);
    slot.partners.add(z.partnerId);
    slot.nothingToPost += 1;
  }
  if (inSap.size === 0) return EXIT.ok;
  const store = await Store.open(db);
  let exit: number = EXIT.ok;
  for (const [runId, slot] of [...inSap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const run = await store.getRun(runId);
    if (!run || run.record.state === 'posted') continue; // unknown runs were reported before posting
    if (run.record.state !== 'invoiced') {
      if (run.record.state === 'approved') io.err(`run ${runId} stays approved: not every approved statement has its invoice written (provvigo invoices)\n`);
      continue;
    }
    const expected = run.record.partners?.approved ?? (await store.getStatements(runId)).map((s) => s.partnerId);
    const missing = expected.filter((p) => !slot.partners.has(p));
    if (missing.length > 0) {
      io.err(`run ${runId} stays invoiced: ${missing.length} of ${expected.length} invoice(s) not in SAP (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})\n`);
      exit = EXIT.issues;
      continue;
    }
    // each posted row's content chained with the move, so `audit verify` finds a row edited afterwards
    const postings: Record<string, string> = {};
    for (const key of slot.keys) {
      const row = await new SqlPostingLog(db).get(key);
      if (row?.state === 'posted') postings[key] = postingRecordHash(row);
    }
    const moved = await refusalsAsIssues('post sap', io, async () => {
      const { actor, at } = actorFrom(options);
      const { changed } = await advanceRun(store, {
        runId,
        action: 'post',
        actor,
        at,
        details: { invoices: expected.length, posted: slot.posted, alreadyPresent: slot.alreadyPresent, nothingToPost: slot.nothingToPost, sapDocuments: slot.documents, postings },
      });
      if (changed) io.out(`run ${runId}: invoiced → posted (${expected.length - slot.nothingToPost} invoice(s) in SAP${slot.nothingToPost ? `, ${slot.nothingToPost} with nothing to post` : ''})\n`);
      return EXIT.ok;
    });
    if (moved !== EXIT.ok) exit = moved;
  }
  return exit;
}
