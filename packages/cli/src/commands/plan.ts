import { diffPlans } from '@provvigo/core';
import { StoreError } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { loadFactSchema, loadPlans } from '../io/loadInputs.js';
import { EXIT } from '../exitCodes.js';
import { actorFrom, refusalsAsIssues, table, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';
import { reportIssues } from './reportIssues.js';

/**
 * `provvigo plan save|history|diff`: plan versions in the store. A saved plan is an immutable version with a content
 * hash; saving changed content creates the next version, and a version any run used can never change or go.
 */

export async function planSave(options: StoreOptions & ActorOptions & { file: string; schema?: string }, io: Io = processIo): Promise<number> {
  const loaded = options.schema ? await loadFactSchema(options.schema) : undefined;
  // a fact schema given but invalid checks nothing: say why and save nothing, as for an invalid plan
  if (loaded && !loaded.schema) {
    reportIssues(loaded.issues, io);
    io.err(said({ en: 'nothing was saved: fix the fact schema first\n', it: 'non è stato salvato nulla: correggi prima lo schema dei fatti\n' }));
    return EXIT.issues;
  }
  const { plans, issues } = await loadPlans([options.file], loaded?.schema);
  if (reportIssues(issues, io) || plans.length === 0) {
    io.err(said({ en: 'nothing was saved: fix the plan first\n', it: 'non è stato salvato nulla: correggi prima il piano\n' }));
    return EXIT.issues;
  }
  const { actor, at } = actorFrom(options);
  const locale = cliLocale();
  return refusalsAsIssues('plan save', io, () =>
    withStore(options, async (store) => {
      for (const plan of plans) {
        const { version, created } = await store.savePlan(plan, { actor: actor.id, at });
        const { id, version: n, hash } = version;
        io.out(
          created
            ? said({ en: `plan ${id} saved as version ${n} (hash ${hash}) by ${actor.id}\n`, it: `piano ${id} salvato come versione ${n} (hash ${hash}) da ${actor.id}\n` }, locale)
            : said({ en: `plan ${id} unchanged: same content as version ${n} (hash ${hash})\n`, it: `piano ${id} invariato: stesso contenuto della versione ${n} (hash ${hash})\n` }, locale),
        );
      }
      return EXIT.ok;
    }),
  );
}

/** The headers of `plan history`'s table. */
const HISTORY_HEAD = {
  en: ['version', 'hash', 'effective from', 'effective to', 'saved by', 'saved at'],
  it: ['versione', 'hash', 'in vigore dal', 'in vigore fino al', 'salvato da', 'salvato il'],
} as const;

export async function planHistory(options: StoreOptions & { plan: string; json?: boolean }, io: Io = processIo): Promise<number> {
  return refusalsAsIssues('plan history', io, () =>
    withStore(options, async (store) => {
      const versions = await store.planHistory(options.plan);
      if (!versions.length) throw new StoreError('plan_unknown', { en: `plan ${options.plan} has no saved version`, it: `il piano ${options.plan} non ha versioni salvate` });
      if (options.json) {
        io.out(`${JSON.stringify(versions.map(({ plan: _plan, ...v }) => v), null, 2)}\n`);
        return EXIT.ok;
      }
      const rows = versions.map((v) => [String(v.version), v.hash.slice(0, 16), v.effectiveFrom, v.effectiveTo ?? '', v.savedBy, v.savedAt]);
      io.out(table([...HISTORY_HEAD[cliLocale()]], rows, [true]));
      return EXIT.ok;
    }),
  );
}

export async function planDiff(options: StoreOptions & { plan: string; from: number; to?: number; json?: boolean }, io: Io = processIo): Promise<number> {
  return refusalsAsIssues('plan diff', io, () =>
    withStore(options, async (store) => {
      const from = await store.getPlanVersion(options.plan, options.from);
      const to = await store.getPlanVersion(options.plan, options.to);
      if (!from || !to) {
        const missing = !from ? options.from : options.to ?? 'latest';
        throw new StoreError('plan_unknown', { en: `plan ${options.plan} has no version ${missing}`, it: `il piano ${options.plan} non ha la versione ${missing === 'latest' ? 'più recente' : missing}` });
      }
      const changes = diffPlans(from.plan, to.plan);
      if (options.json) {
        io.out(`${JSON.stringify({ plan: options.plan, from: from.version, to: to.version, changes }, null, 2)}\n`);
        return EXIT.ok;
      }
      const show = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));
      const [a, b] = [`${from.version} (${from.hash.slice(0, 12)}…)`, `${to.version} (${to.hash.slice(0, 12)}…)`];
      io.out(said({ en: `plan ${options.plan}: version ${a} → ${b}, ${changes.length} change(s)\n`, it: `piano ${options.plan}: versione ${a} → ${b}, modifiche: ${changes.length}\n` }));
      for (const c of changes) io.out(`  ${c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~'} ${c.path}: ${show(c.before)}${c.kind === 'changed' ? ' → ' : ''}${show(c.after)}\n`);
      return EXIT.ok;
    }),
  );
}
