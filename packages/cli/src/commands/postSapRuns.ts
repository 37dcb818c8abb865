import { SqlPostingLog, postingRecordHash, type PostReport } from '@provvigo/adapter-sap';
import { Store, advanceRun, type Db } from '@provvigo/store';
import { runStateName, type BothLanguages } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
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
 * back with a message in both languages; a run the store does not know is reported once and not checked.
 */
export async function blockedByRunState(db: Db, invoices: readonly unknown[], io: Io): Promise<Map<number, BothLanguages>> {
  const runIds = new Map<string, number[]>();
  invoices.forEach((inv, i) => {
    const runId = (inv as { runId?: unknown } | null)?.runId;
    if (typeof runId === 'string') runIds.set(runId, [...(runIds.get(runId) ?? []), i]);
  });
  const blocked = new Map<number, BothLanguages>();
  if (runIds.size === 0) return blocked;
  const store = await Store.open(db);
  const locale = cliLocale();
  for (const [runId, indexes] of runIds) {
    const run = await store.getRun(runId);
    if (!run) {
      const n = indexes.length;
      io.err(
        said(
          {
            en: `run ${runId} is not in the store: its ${n} invoice(s) are posted without the approval check\n`,
            it: `l'esecuzione ${runId} non è nell'archivio: le sue fatture (${n}) sono registrate senza il controllo dell'approvazione\n`,
          },
          locale,
        ),
      );
      continue;
    }
    if (!POSTABLE_RUN_STATES.has(run.record.state)) {
      const [en, it] = [runStateName(run.record.state, 'en'), runStateName(run.record.state, 'it')];
      const why = { en: `run ${runId} is ${en}, not approved: not posted`, it: `l'esecuzione ${runId} è in stato ${it}, non approvata: non registrata` };
      for (const i of indexes) blocked.set(i, why);
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
  const locale = cliLocale();
  let exit: number = EXIT.ok;
  for (const [runId, slot] of [...inSap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const run = await store.getRun(runId);
    if (!run || run.record.state === 'posted') continue; // unknown runs were reported before posting
    if (run.record.state !== 'invoiced') {
      if (run.record.state === 'approved') {
        io.err(
          said(
            {
              en: `run ${runId} stays approved: not every approved statement has its invoice written (provvigo invoices)\n`,
              it: `l'esecuzione ${runId} resta approvata: non tutti gli estratti conto approvati hanno la fattura scritta (provvigo invoices)\n`,
            },
            locale,
          ),
        );
      }
      continue;
    }
    const expected = run.record.partners?.approved ?? (await store.getStatements(runId)).map((s) => s.partnerId);
    const missing = expected.filter((p) => !slot.partners.has(p));
    if (missing.length > 0) {
      const [n, of, list] = [missing.length, expected.length, `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`];
      io.err(said({ en: `run ${runId} stays invoiced: ${n} of ${of} invoice(s) not in SAP (${list})\n`, it: `l'esecuzione ${runId} resta fatturata: fatture non in SAP: ${n} su ${of} (${list})\n` }, locale));
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
      const [inSapCount, zero] = [expected.length - slot.nothingToPost, slot.nothingToPost];
      const [invoiced, posted] = [runStateName('invoiced', locale), runStateName('posted', locale)];
      if (changed) {
        io.out(
          said(
            {
              en: `run ${runId}: ${invoiced} → ${posted} (${inSapCount} invoice(s) in SAP${zero ? `, ${zero} with nothing to post` : ''})\n`,
              it: `esecuzione ${runId}: ${invoiced} → ${posted} (fatture in SAP: ${inSapCount}${zero ? `; senza niente da registrare: ${zero}` : ''})\n`,
            },
            locale,
          ),
        );
      }
      return EXIT.ok;
    });
    if (moved !== EXIT.ok) exit = moved;
  }
  return exit;
}
