import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  SalesforceClient,
  SalesforceError,
  describeObject,
  migrateSalesforce,
  objectChoiceProblem,
  parseSalesforceConfig,
  reconciles,
  syncSalesforce,
  validateMapping,
  type ObjectSyncReport,
  type SalesforceConfig,
} from '@provvigo/adapter-salesforce';
import { openDatabase, type Db } from '@provvigo/store';
import { errorTexts, type Locale } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { jsonSyntaxMessages } from '../io/jsonSyntax.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { EXIT } from '../exitCodes.js';
import { processIo, type Io } from './shared.js';
import { objectNames } from './objectNames.js';
import { salesforceQuarantineCommand } from './syncSalesforceQuarantine.js';
import { storeTarget } from './storeOptions.js';

export interface SyncSalesforceOptions {
  /** The Salesforce configuration: required to sync or describe (not to list the quarantine). */
  config?: string | undefined;
  full?: boolean;
  describe?: boolean;
  objects?: string;
  mode?: 'rest' | 'bulk';
  db?: string;
  /** List the quarantined records from the store instead of syncing (`--objects`, `--json` go with it). */
  quarantine?: boolean;
  json?: boolean;
}

async function loadConfig(file: string): Promise<SalesforceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as Error).message;
    throw new CliError({ en: `cannot read the Salesforce configuration: ${reason}`, it: `impossibile leggere la configurazione Salesforce: ${reason}` }, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // line and column, not Node's message: that quotes the text around the error, maybe part of a credential
    const syntax = jsonSyntaxMessages(text);
    throw new CliError({ en: `the Salesforce configuration is ${syntax.en}`, it: `la configurazione Salesforce non è valida: ${syntax.it}` }, { file });
  }
  const parsed = parseSalesforceConfig(json);
  if (!parsed.ok) {
    // each defect in both languages, as adapter-salesforce words it
    const defects = (locale: 'en' | 'it') => parsed.messages.map((m) => m[locale]).join('\n  ');
    throw new CliError({ en: `invalid configuration:\n  ${defects('en')}`, it: `configurazione non valida:\n  ${defects('it')}` }, { file });
  }
  return parsed.config;
}

/** Records that left the mapping's filter named one by one (their reasons); beyond these, a count. */
const SHOWN_EXCLUSIONS = 20;

/**
 * One line that must add up: received = stored + quarantined + duplicates (versions already stored), in `locale`;
 * then the records taken out of the table apart from `received` (deleted in Salesforce, left the filter), when any.
 */
export function reconciliationLine(r: ObjectSyncReport, locale: Locale = 'en'): string {
  const stored = r.inserted + r.updated + r.deleted;
  const cursor = r.cursorAfter ? `${r.cursorAfter.systemModstamp} ${r.cursorAfter.lastId}` : said({ en: 'none', it: 'nessuno' }, locale);
  const unbalanced = reconciles(r) ? '' : said({ en: ' — DOES NOT RECONCILE', it: ' — NON QUADRA' }, locale);
  // records taken out of the table by a query of their own (getDeleted, the filter's exits): not part of `received`
  const out = r.hardDeleted + r.excluded === 0 ? { en: '', it: '' } : {
    en: `; out of the table: deleted in Salesforce ${r.hardDeleted}, no longer matching the filter ${r.excluded}`,
    it: `; tolti dalla tabella: eliminati in Salesforce ${r.hardDeleted}, non più nel filtro ${r.excluded}`,
  };
  return said(
    {
      en:
        `${r.object} → ${r.table} (${r.mode}${r.full ? ', full' : ''}): received ${r.received} = stored ${stored} ` +
        `(new ${r.inserted}, updated ${r.updated}, deleted ${r.deleted}) + quarantined ${r.quarantined} + duplicates ${r.unchanged}; ` +
        `announced ${r.expected}${out.en}; cursor ${cursor}${unbalanced}`,
      it:
        `${r.object} → ${r.table} (${r.mode}${r.full ? ', completa' : ''}): ricevuti ${r.received} = salvati ${stored} ` +
        `(nuovi ${r.inserted}, aggiornati ${r.updated}, eliminati ${r.deleted}) + in quarantena ${r.quarantined} + duplicati ${r.unchanged}; ` +
        `annunciati ${r.expected}${out.it}; cursore ${cursor}${unbalanced}`,
    },
    locale,
  );
}

/**
 * One line per relationship whose parents changed (`parentChanges`), under the object's line: the records read again
 * because a parent the filter or a column reads changed, how many were stored, how many of those took the parent's
 * new values (updated), and how many left the table. Part of the counts above already; this says why. A relationship
 * whose pass found nothing (no parent changed in the window) gets no line: a line of zeros on every run would read as
 * if something had changed.
 */
export function parentChangeLines(r: ObjectSyncReport, locale: Locale = 'en'): string[] {
  const found = r.parentChanges.filter((c) => c.received > 0 || c.excluded > 0);
  return found.map((c) =>
    said(
      {
        en: `  ${r.object}: ${c.relationship} changed: read ${c.received}, stored ${c.stored}, updated ${c.updated}, taken out ${c.excluded}`,
        it: `  ${r.object}: ${c.relationship} modificato: riletti ${c.received}, salvati ${c.stored}, aggiornati ${c.updated}, tolti ${c.excluded}`,
      },
      locale,
    ),
  );
}

/** What a sync (or `--describe`) needs: `--config`; `--json` belongs to `--quarantine`. */
function configFile(options: SyncSalesforceOptions): string {
  if (options.json) throw new CliError({ en: '--json goes with --quarantine (it lists the quarantine)', it: '--json va con --quarantine (elenca la quarantena)' });
  if (options.config === undefined) {
    throw new CliError({
      en: 'give --config <file> to sync or describe, or --quarantine to list the quarantined records',
      it: 'indica --config <file> per sincronizzare o descrivere, o --quarantine per elencare i record in quarantena',
    });
  }
  return options.config;
}

/**
 * `provvigo sync salesforce`: syncs the mapped objects (or checks the mapping with `--describe`) and prints a
 * reconciliation line per object; with `--quarantine`, lists the quarantined records instead (syncSalesforceQuarantine.ts).
 */
export async function syncSalesforceCommand(options: SyncSalesforceOptions, io: Io = processIo): Promise<number> {
  if (options.quarantine) return salesforceQuarantineCommand(options, io);
  const configPath = configFile(options);
  const config = await loadConfig(configPath);
  const locale = cliLocale();
  // each name once, none blank, every one a mapped object: checked before Salesforce is called
  const objects = objectNames(options.objects);
  const problem = objects && objectChoiceProblem(config, objects);
  if (problem) throw new CliError({ en: `--objects: ${problem.en}`, it: `--objects: ${problem.it}` }, { file: configPath });
  let client: SalesforceClient;
  try {
    client = await SalesforceClient.connect(config.auth, {
      apiVersion: config.apiVersion,
      onRetry: (r) => io.err(said({ en: `  retry ${r.attempt + 1} in ${r.delayMs} ms: ${r.error.message}\n`, it: `  tentativo ${r.attempt + 1} tra ${r.delayMs} ms: ${errorTexts(r.error).it}\n` }, locale)),
      // Salesforce revoked the old refresh token: a token kept in a file is replaced, otherwise the user is told
      onRefreshToken: (token) => {
        const secret = config.auth.kind === 'refreshToken' ? config.auth.refreshToken : undefined;
        if (secret && typeof secret === 'object' && 'file' in secret) writeFileSync(secret.file, `${token}\n`, { mode: 0o600 });
        else {
          io.err(
            said(
              {
                en: 'Salesforce rotated the refresh token: store the new one (give auth.refreshToken as {"file": …} to have it kept)\n',
                it: 'Salesforce ha sostituito il refresh token: conserva quello nuovo (indica auth.refreshToken come {"file": …} per farlo salvare)\n',
              },
              locale,
            ),
          );
        }
      },
    });
  } catch (e) {
    // the Salesforce client's reason in both languages; file and field are the CLI's and are translated
    throw new CliError(errorTexts(e), { file: configPath, field: 'auth' });
  }

  if (options.describe) {
    for (const mapping of config.objects) {
      if (objects && !objects.includes(mapping.object)) continue;
      const d = await describeObject(client, mapping.object);
      const name = `${d.name}${d.label ? ` (${d.label})` : ''}`;
      io.out(said({ en: `${name}: ${d.fields.length} fields\n`, it: `${name}: campi: ${d.fields.length}\n` }, locale));
      for (const f of d.fields) {
        const rel = f.relationshipName ? `  → ${f.relationshipName}.* (${(f.referenceTo ?? []).join(', ')})` : '';
        io.out(`  ${f.name.padEnd(36)} ${f.type.padEnd(12)} ${f.label ?? ''}${rel}\n`);
      }
    }
    const issues = await validateMapping(client, config, { languages: 'both' });
    for (const issue of issues) io.err(`${configPath}: ${said(issue, locale)}\n`);
    io.err(
      issues.length
        ? said({ en: `${issues.length} mapping issue(s)\n`, it: `problemi nella mappatura: ${issues.length}\n` }, locale)
        : said({ en: 'mapping OK: every mapped field exists with a compatible type\n', it: 'mappatura OK: ogni campo mappato esiste con un tipo compatibile\n' }, locale),
    );
    return issues.length ? EXIT.issues : EXIT.ok;
  }

  // A mapping that does not match the org fails before any data moves.
  const issues = await validateMapping(client, config, { languages: 'both' });
  if (issues.length) {
    for (const issue of issues) io.err(`${configPath}: ${said(issue, locale)}\n`);
    return EXIT.issues;
  }
  const target = storeTarget(options.db);
  let db: Db;
  try {
    db = await openDatabase(target);
    await migrateSalesforce(db);
  } catch (e) {
    throw storeOpenError(target, e);
  }
  try {
    const reports = await syncSalesforce(config, {
      db,
      client,
      full: options.full ?? false,
      ...(objects ? { objects } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      onProgress: (p) =>
        io.err(
          said(
            {
              en: `  ${p.object}: page ${p.page}, ${p.received}/${p.expected} received, ${p.quarantined} quarantined\n`,
              it: `  ${p.object}: pagina ${p.page}, ricevuti ${p.received}/${p.expected}, in quarantena ${p.quarantined}\n`,
            },
            locale,
          ),
        ),
    });
    let code: number = EXIT.ok;
    for (const r of reports) {
      io.out(`${reconciliationLine(r, locale)}\n`);
      for (const line of parentChangeLines(r, locale)) io.out(`${line}\n`);
      for (const e of r.exclusions.slice(0, SHOWN_EXCLUSIONS)) io.err(`  ${said(e.reasons, locale)}\n`);
      const more = r.exclusions.length - SHOWN_EXCLUSIONS;
      if (more > 0) io.err(said({ en: `  … and ${more} more no longer matching the filter\n`, it: `  … e altri ${more} non più nel filtro\n` }, locale));
      if (r.error) {
        io.err(`${r.object}: ${r.error.name}: ${said(errorTexts(r.error), locale)}\n`);
        code = EXIT.usage;
      } else if (r.quarantined > 0 && code === EXIT.ok) {
        code = EXIT.issues;
      }
    }
    const usage = client.apiUsage;
    io.err(
      said(
        {
          en: `${client.requests} API request(s)${usage ? `; org API usage ${usage.used}/${usage.limit}` : ''}\n`,
          it: `richieste API: ${client.requests}${usage ? `; uso delle API dell'org ${usage.used}/${usage.limit}` : ''}\n`,
        },
        locale,
      ),
    );
    return code;
  } catch (e) {
    if (e instanceof SalesforceError) {
      const text = errorTexts(e);
      throw new CliError({ en: `${e.name}: ${text.en}`, it: `${e.name}: ${text.it}` });
    }
    throw e;
  } finally {
    await db.close();
  }
}
