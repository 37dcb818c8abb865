import type { PeriodInputs } from '@provvigo/core';
import { userInfo } from 'node:os';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { AgreementSchema, RunError, didYouMean, isIsoDateTime, normalizeActorId, runStateName, type Actor, type Agreement, type BlockReason, type Issue, type Locale } from '@provvigo/core';
import { Store, StoreError, approvePeriod, calculatePeriod, closePeriod, currentRun, openDatabase, openPeriod, validatePeriod } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError, errorText } from '../io/errors.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { storeTarget } from './storeOptions.js';
import { createProgress } from '../io/progress.js';
import { hasErrors, loadFactSchema, loadPartners, loadPeriod, loadPlans } from '../io/loadInputs.js';
import { readAllFacts, readJsonFile, resolveFactFiles, withEveryTable, withFile, type FactOrigins } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { fiscalSetupFrom, netToPayTable } from './fiscalSetup.js';
import { calculateSummary } from './periodReport.js';
import { statementText } from './periodStatementText.js';
import { processIo, type Io } from './shared.js';
import { reportIssues } from './reportIssues.js';

// ------------------------------------------------------------------------------------------- shared helpers
// (also used by the accruals, whatif and audit commands)

export interface StoreOptions {
  db?: string;
}

/** Opens the store, runs `fn`, always closes it (PGlite must shut down cleanly to avoid recovery on next open). */
export async function withStore<T>(options: StoreOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const target = storeTarget(options.db);
  let store: Store;
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    db = await openDatabase(target);
    // the OS user is recorded next to the declared `--as` in every audit entry (and the role on PostgreSQL)
    store = await Store.open(db, { osUser: osUser() });
  } catch (e) {
    await db?.close().catch(() => {});
    throw storeOpenError(target, e);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export interface ActorOptions {
  as?: string;
  at?: string;
}

/** The operating-system user running this process. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/**
 * The acting user, as declared (`--as`, $PROVVIGO_USER, else the OS user), in the one spelling core compares
 * (`normalizeActorId`: case and whitespace do not make a second person). Every CLI user holds the calculator and
 * approver roles; the run state machine still enforces four-eyes (the approver is never the calculator) — on the
 * declared ids: the CLI cannot prove who typed `--as`, which is why the OS user is recorded next to it.
 */
export function actorFrom(options: ActorOptions): { actor: Actor; at: string } {
  const id = normalizeActorId(options.as ?? process.env.PROVVIGO_USER ?? osUser());
  if (!id) throw new CliError({ en: '--as: an empty user id', it: '--as: identificativo utente vuoto' });
  const at = options.at ?? new Date().toISOString();
  // the store's rule (core's isIsoDateTime): checked here, before anything is done or written
  if (!isIsoDateTime(at)) {
    const en = `--at: "${at}" is not an ISO 8601 date-time with its offset, e.g. 2026-11-01T08:00:00Z`;
    throw new CliError({ en, it: `--at: "${at}" non è una data e ora ISO 8601 con il suo fuso orario, ad es. 2026-11-01T08:00:00Z` });
  }
  return { actor: { id, roles: ['calculator', 'approver'] }, at };
}

/**
 * Refusals of core's run state machine and of the store (four-eyes, already approved, wrong state, ledger moved…)
 * are data/workflow problems: exit 1 with the message. Anything else propagates (exit 2).
 */
export async function refusalsAsIssues(name: string, io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RunError || e instanceof StoreError) {
      // the refusal in the CLI's language; the code stays as it is, for scripts and for searching the docs
      io.err(`provvigo ${name}: ${errorText(e)} [${e.code}]\n`);
      return EXIT.issues;
    }
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------ inputs

export interface InputOptions {
  plan: string[];
  schema: string;
  partners: string;
  facts: string[];
  agreements?: string;
}

/** What a period command reads, and the issues of its partners (not yet reported: the caller prints them with its own). */
export interface LoadedPeriodInputs {
  inputs: PeriodInputs;
  /** Partner issues: a bad partner only leaves itself out, with a blocked statement saying why. */
  issues: Issue[];
  /** The file and line of every fact record, for the issues the run reports by table and index. */
  origins: FactOrigins;
}

/**
 * Loads plans, partners, facts and agreements with the `provvigo run` loaders. An invalid fact schema or plan stops
 * before any write; a bad partner or a record a reader rejects does not: as in `provvigo run`, the partner gets a
 * blocked statement saying why and the record is counted as rejected, listed on its partner's statement.
 */
export async function loadPeriodInputs(options: InputOptions, io: Io): Promise<LoadedPeriodInputs | null> {
  const { schema, issues: schemaIssues } = await loadFactSchema(options.schema);
  if (!schema) {
    reportIssues(schemaIssues, io);
    return null;
  }
  const { plans, issues: planIssues } = await loadPlans(options.plan, schema);
  if (hasErrors(planIssues) || plans.length === 0) {
    reportIssues(planIssues, io);
    io.err(said({ en: 'nothing was calculated: fix the plans first (provvigo validate shows every issue)\n', it: 'non è stato calcolato nulla: correggi prima i piani (provvigo validate mostra ogni problema)\n' }));
    return null;
  }
  const { partners, issues: partnerIssues, invalid } = await loadPartners(options.partners, schema);
  const { facts, origins, rejected } = await readAllFacts(await resolveFactFiles(options.facts, schema), schema);
  withEveryTable(facts, schema);
  let agreements: Agreement[] = [];
  if (options.agreements) {
    const raw = await readJsonFile(options.agreements);
    const parsed = AgreementSchema.array().safeParse(Array.isArray(raw) ? raw : (raw as { agreements?: unknown })?.agreements);
    if (!parsed.success) {
      const z = parsed.error.issues[0]!;
      // the schema's message is English only; file, record and field name the place in either language
      throw new CliError({ en: z.message, it: z.message }, { file: options.agreements, record: String(z.path[0] ?? ''), field: z.path.slice(1).join('.'), exitCode: 1 });
    }
    agreements = parsed.data;
  }
  const inputs: PeriodInputs = {
    plans,
    partners,
    factSchema: schema,
    facts,
    agreements,
    ...(rejected.length > 0 ? { rejected } : {}),
    ...(invalid.length > 0 ? { invalidPartners: invalid } : {}),
  };
  return { inputs, issues: [...schemaIssues, ...planIssues, ...partnerIssues], origins };
}

// ------------------------------------------------------------------------------------------------ output

import { table } from '../io/textTable.js';

export { table };

// ---------------------------------------------------------------------------------------------- commands

interface PeriodOptions extends StoreOptions, ActorOptions {
  period: string;
}

export async function periodOpen(options: PeriodOptions, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  return refusalsAsIssues('period open', io, () =>
    withStore(options, async (store) => {
      const { run } = await openPeriod(store, { period, actor, at });
      io.out(
        said({
          en: `period ${period.id} (${period.start} … ${period.end}) opened by ${actor.id}; run ${run.record.id} is a draft\n`,
          it: `periodo ${period.id} (${period.start} … ${period.end}) aperto da ${actor.id}; l'esecuzione ${run.record.id} è una bozza\n`,
        }),
      );
      return EXIT.ok;
    }),
  );
}

/** `--queue`: the period's evaluation runs on queue workers (`provvigo worker`), partitioned by partner. */
export interface QueueOptions {
  queue?: string;
  queuePrefix?: string;
  partitions?: number;
  redisTimeout?: number;
  progress?: boolean;
}

export async function periodCalculate(options: PeriodOptions & InputOptions & QueueOptions & { all?: boolean; principal?: string }, io: Io = processIo): Promise<number> {
  const loaded = await loadPeriodInputs(options, io);
  if (!loaded) return EXIT.issues;
  // fiscal items and net to pay are part of the run: validation and approval cover them
  const inputs: PeriodInputs = { ...loaded.inputs, fiscal: await fiscalSetupFrom(options.principal) };
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  const locale = cliLocale();
  return refusalsAsIssues('period calculate', io, () =>
    withStore(options, async (store) => {
      const step = { periodId: period.id, inputs, actor, at };
      // the single-process run cross-checks the same deterministic sample of partners with HyperFormula as the queue's
      // workers do, so both record the same verification in the run summary
      const out = options.queue
        ? await calculateOnQueue(store, step, options, io)
        : await calculatePeriod(store, { ...step, formulaEngine: hyperFormulaEngine({ licenseKey: process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3' }) });
      if (!out) return EXIT.issues;
      const r = out.run.record;
      const how = out.changed
        ? said({ en: `calculated by ${actor.id}`, it: `calcolata da ${actor.id}` }, locale)
        : said({ en: `unchanged (same inputs and ledger as the calculation of ${r.calculatedAt})`, it: `invariata (stessi input e registro contabile del calcolo del ${r.calculatedAt})` }, locale);
      const [statements, adjustments, proposed] = [out.statements.length, out.adjustments.length, out.proposed.length];
      io.out(
        said({ en: `run ${r.id} ${how}\n`, it: `esecuzione ${r.id} ${how}\n` }, locale) +
          `input ${r.inputHash?.slice(0, 12)}…  output ${r.outputHash?.slice(0, 12)}…\n` +
          out.plans
            .map((p) =>
              said(
                {
                  en: `  plan ${p.ref.id} version ${p.ref.version} (${p.ref.hash.slice(0, 12)}…)${p.isNew ? ' saved as a new version' : ''}\n`,
                  it: `  piano ${p.ref.id} versione ${p.ref.version} (${p.ref.hash.slice(0, 12)}…)${p.isNew ? ' salvato come nuova versione' : ''}\n`,
                },
                locale,
              ),
            )
            .join('') +
          said(
            {
              en: `${statements} partner statement(s), ${adjustments} adjustment line(s), ${proposed} ledger entries to book on approval\n`,
              it: `estratti conto dei partner: ${statements}, righe di rettifica: ${adjustments}, movimenti del registro contabile da contabilizzare all'approvazione: ${proposed}\n`,
            },
            locale,
          ) +
          calculateSummary({ statements: out.statements, counts: out.result.counts, inputs, periodEnd: period.end, locale, ...(options.all ? {} : { limit: 25 }) }) +
          netToPayTable(out.fiscal, options.all ? undefined : 25, locale),
      );
      const blocked = out.result.statements.filter((s) => s.blocked).map((s) => s.partnerId);
      // core's issues and the partners' (core does not repeat those of the partners it was given as invalid); core
      // names a record by table and index, the file and line it came from are added as `provvigo run` does
      const issues = [...loaded.issues, ...out.result.issues.map((i) => withFile(i, loaded.origins))];
      if (issues.length) reportIssues(issues, io, 20);
      if (blocked.length) {
        const list = blocked.join(', ');
        io.err(said({ en: `blocked partners (errors in their data or lines; they cannot be approved): ${list}\n`, it: `partner bloccati (errori nei loro dati o nelle righe; non possono essere approvati): ${list}\n` }, locale));
      }
      const fiscalErrors = out.fiscal.flatMap((f) => f.issues.filter((i) => i.severity === 'error'));
      if (fiscalErrors.length) {
        reportIssues(fiscalErrors, io, 20);
        const list = [...new Set(fiscalErrors.map((i) => i.partnerId))].join(', ');
        io.err(said({ en: `blocked partners (fiscal items cannot be computed): ${list}\n`, it: `partner bloccati (le voci fiscali non si possono calcolare): ${list}\n` }, locale));
      }
      // exit 1 as the README says (and as `provvigo run`): a partner or a record rejected, a line in error, a fiscal
      // item that cannot be computed; the run is stored all the same, and the others can be approved
      return blocked.length || fiscalErrors.length || hasErrors(issues) ? EXIT.issues : EXIT.ok;
    }),
  );
}

/** The calculation with its evaluation on queue workers; a failed partition or Redis gone is reported, exit 1. */
async function calculateOnQueue(store: Store, step: Parameters<typeof calculatePeriod>[1], options: QueueOptions, io: Io) {
  // loaded on demand: BullMQ and its Redis client are not needed by any other command
  const { calculatePeriodOnQueue, QueueRunError } = await import('@provvigo/queue');
  const progress = createProgress({ enabled: Boolean(options.progress) || Boolean(process.stderr.isTTY) });
  try {
    return await calculatePeriodOnQueue(store, {
      ...step,
      queue: { url: options.queue!, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) },
      ...(options.partitions ? { partitions: options.partitions } : {}),
      ...(options.redisTimeout ? { redisTimeoutMs: options.redisTimeout * 1000 } : {}),
      onProgress: (p) => {
        if (p.note) io.err(`${p.notes?.[cliLocale()] ?? p.note}\n`);
        progress.update(said({ en: `partitions (${p.statements} statements)`, it: `partizioni (${p.statements} estratti conto)` }), p.written, p.partitions);
      },
    });
  } catch (e) {
    if (!(e instanceof QueueRunError)) throw e;
    progress.done();
    io.err(`provvigo period calculate: ${errorText(e)}\n`);
    return null;
  } finally {
    progress.done();
  }
}

/**
 * A blocked partner as `period validate` and `period approve` both print it (the same reasons, so the same words):
 * its first three reasons in the CLI's language, each after its line. Core's reasons carry both languages
 * (`blockReasons`); one an older approval recorded without them keeps its English message.
 */
function blockedLine(b: { partnerId: string; reasons: readonly BlockReason[] }, locale: Locale): string {
  const shown = b.reasons.slice(0, 3).map((x) => `${x.lineId ? `${x.lineId}: ` : ''}${x.messages?.[locale] ?? x.message}`);
  const reasons = `${shown.join('; ')}${b.reasons.length > 3 ? '; …' : ''}`;
  return said({ en: `blocked ${b.partnerId}: ${reasons}\n`, it: `bloccato ${b.partnerId}: ${reasons}\n` }, locale);
}

export async function periodValidate(options: PeriodOptions, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  return refusalsAsIssues('period validate', io, () =>
    withStore(options, async (store) => {
      const out = await validatePeriod(store, { periodId: period.id, actor, at });
      const locale = cliLocale();
      const id = out.run.record.id;
      io.out(said({ en: `run ${id} validated by ${actor.id}; record counts balance\n`, it: `esecuzione ${id} validata da ${actor.id}; i conteggi dei record quadrano\n` }, locale));
      for (const b of out.blocked) io.err(blockedLine(b, locale));
      const n = out.blocked.length;
      if (n) io.err(said({ en: `${n} partner(s) blocked: the others can be approved\n`, it: `partner bloccati: ${n}; gli altri possono essere approvati\n` }, locale));
      return out.blocked.length ? EXIT.issues : EXIT.ok;
    }),
  );
}

export async function periodApprove(options: PeriodOptions & { partner?: string[] }, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  return refusalsAsIssues('period approve', io, () =>
    withStore(options, async (store) => {
      const out = await approvePeriod(store, { periodId: period.id, actor, at, ...(options.partner ? { partners: options.partner } : {}) });
      const locale = cliLocale();
      const r = out.run.record;
      if (out.already) {
        io.out(said({ en: `run ${r.id} was already approved by ${actor.id} at ${r.approvedAt}; nothing changed\n`, it: `l'esecuzione ${r.id} era già stata approvata da ${actor.id} il ${r.approvedAt}; non è cambiato nulla\n` }, locale));
        return EXIT.ok;
      }
      io.out(
        said(
          {
            en:
              `run ${r.id} approved by ${actor.id} (calculated by ${r.calculatedBy}): ${out.approved.length} partner(s) approved, ${out.entries} ledger entries booked\n` +
              `four-eyes by declaration: ${actor.id} as given (--as), recorded with OS user ${osUser()}\n`,
            it:
              `esecuzione ${r.id} approvata da ${actor.id} (calcolata da ${r.calculatedBy}): partner approvati: ${out.approved.length}, movimenti contabilizzati nel registro contabile: ${out.entries}\n` +
              `quattro occhi per dichiarazione: ${actor.id} come indicato (--as), registrato con l'utente di sistema ${osUser()}\n`,
          },
          locale,
        ),
      );
      const skipped = out.skipped.join(', ');
      if (skipped) io.out(said({ en: `not approved in this run (not requested): ${skipped}\n`, it: `non approvati in questa esecuzione (non richiesti): ${skipped}\n` }, locale));
      for (const b of out.blocked) io.err(blockedLine(b, locale));
      return out.blocked.length ? EXIT.issues : EXIT.ok;
    }),
  );
}

export async function periodClose(options: PeriodOptions, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  return refusalsAsIssues('period close', io, () =>
    withStore(options, async (store) => {
      const closed = await closePeriod(store, { periodId: period.id, actor, at });
      io.out(
        said({
          en: `period ${closed.id} closed by ${actor.id}; later corrections become adjustments in the next open period\n`,
          it: `periodo ${closed.id} chiuso da ${actor.id}; le correzioni successive diventano rettifiche nel prossimo periodo aperto\n`,
        }),
      );
      return EXIT.ok;
    }),
  );
}

/** The words of `period status`: its table's headers and a period's state. */
const STATUS_WORDS = {
  en: { head: ['period', 'state', 'run', 'run state', 'calculated by', 'approved by', 'partners'], open: 'open', closed: 'closed', none: 'no periods yet\n' },
  it: { head: ['periodo', 'stato', 'esecuzione', 'stato esecuzione', 'calcolata da', 'approvata da', 'partner'], open: 'aperto', closed: 'chiuso', none: 'ancora nessun periodo\n' },
} as const;

export async function periodStatus(options: StoreOptions & { period?: string }, io: Io = processIo): Promise<number> {
  const locale = cliLocale();
  const w = STATUS_WORDS[locale];
  return refusalsAsIssues('period status', io, () =>
    withStore(options, async (store) => {
      const periods = options.period ? [await loadPeriod(options.period)] : await store.listPeriods();
      const rows: string[][] = [];
      for (const p of periods) {
        const rec = await store.getPeriod(p.id);
        if (!rec) throw new StoreError('period_unknown', { en: `period ${p.id} does not exist`, it: `il periodo ${p.id} non esiste` });
        const run = await currentRun(store, p.id);
        const r = run.record;
        rows.push([p.id, w[rec.state], r.id, runStateName(r.state, locale), r.calculatedBy ?? '', r.approvedBy ?? '', String(r.partners?.approved.length ?? '')]);
      }
      io.out(rows.length ? table([...w.head], rows) : w.none);
      return EXIT.ok;
    }),
  );
}

/**
 * `provvigo period statement`: one partner's period statement, section by section, with the reason for each entry, in
 * `locale` (default: the CLI's language).
 */
export async function periodStatement(options: StoreOptions & { period: string; partner: string; json?: boolean; locale?: Locale }, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const locale = options.locale ?? cliLocale();
  return refusalsAsIssues('period statement', io, () =>
    withStore(options, async (store) => {
      const run = await currentRun(store, period.id);
      const [s] = await store.getStatements(run.record.id, options.partner);
      if (!s) {
        // a partner id is typed by hand: the run's partner it most likely meant (AGY-001 for AGY-0001)
        const hint = didYouMean(options.partner, (await store.listStatementHeaders(run.record.id)).map((h) => h.partnerId));
        const missing = { en: `partner ${options.partner} has no statement in run ${run.record.id}${hint.en}`, it: `il partner ${options.partner} non ha un estratto conto nell'esecuzione ${run.record.id}${hint.it}` };
        io.err(`provvigo period statement: ${said(missing, locale)}\n`);
        return EXIT.issues;
      }
      if (options.json) {
        io.out(`${JSON.stringify(s, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(statementText(s, run.record.state, await store.statementEntries(run.record.id, s), locale));
      return EXIT.ok;
    }),
  );
}
