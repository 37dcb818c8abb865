import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  SalesforceClient,
  SalesforceError,
  describeObject,
  migrateSalesforce,
  parseSalesforceConfig,
  reconciles,
  syncSalesforce,
  validateMapping,
  type ObjectSyncReport,
  type SalesforceConfig,
} from '@provvigo/adapter-salesforce';
import { DEFAULT_DB_FOLDER, openDatabase, type Db } from '@provvigo/store';
import { CliError } from '../io/errors.js';
import { jsonSyntaxMessages } from '../io/jsonSyntax.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { EXIT } from '../exitCodes.js';
import { processIo, type Io } from './shared.js';

export interface SyncSalesforceOptions {
  config: string;
  full?: boolean;
  describe?: boolean;
  objects?: string;
  mode?: 'rest' | 'bulk';
  db?: string;
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
  // adapter-salesforce words each defect in English only; the CLI's heading is translated
  const defects = parsed.ok ? '' : parsed.issues.join('\n  ');
  if (!parsed.ok) throw new CliError({ en: `invalid configuration:\n  ${defects}`, it: `configurazione non valida:\n  ${defects}` }, { file });
  return parsed.config;
}

/** One line that must add up: received = stored + quarantined + duplicates (versions already stored). */
export function reconciliationLine(r: ObjectSyncReport): string {
  const stored = r.inserted + r.updated + r.deleted;
  return (
    `${r.object} → ${r.table} (${r.mode}${r.full ? ', full' : ''}): received ${r.received} = stored ${stored} ` +
    `(new ${r.inserted}, updated ${r.updated}, deleted ${r.deleted}) + quarantined ${r.quarantined} + duplicates ${r.unchanged}; ` +
    `announced ${r.expected}; cursor ${r.cursorAfter ? `${r.cursorAfter.systemModstamp} ${r.cursorAfter.lastId}` : 'none'}` +
    `${reconciles(r) ? '' : ' — DOES NOT RECONCILE'}`
  );
}

export async function syncSalesforceCommand(options: SyncSalesforceOptions, io: Io = processIo): Promise<number> {
  const config = await loadConfig(options.config);
  const objects = options.objects?.split(',').map((s) => s.trim()).filter(Boolean);
  let client: SalesforceClient;
  try {
    client = await SalesforceClient.connect(config.auth, {
      apiVersion: config.apiVersion,
      onRetry: (r) => io.err(`  retry ${r.attempt + 1} in ${r.delayMs} ms: ${r.error.message}\n`),
      // Salesforce revoked the old refresh token: a token kept in a file is replaced, otherwise the user is told
      onRefreshToken: (token) => {
        const secret = config.auth.kind === 'refreshToken' ? config.auth.refreshToken : undefined;
        if (secret && typeof secret === 'object' && 'file' in secret) writeFileSync(secret.file, `${token}\n`, { mode: 0o600 });
        else io.err('Salesforce rotated the refresh token: store the new one (give auth.refreshToken as {"file": …} to have it kept)\n');
      },
    });
  } catch (e) {
    // the Salesforce client's reason is English only; file and field are the CLI's and are translated
    const reason = (e as Error).message;
    throw new CliError({ en: reason, it: reason }, { file: options.config, field: 'auth' });
  }

  if (options.describe) {
    for (const mapping of config.objects) {
      if (objects && !objects.includes(mapping.object)) continue;
      const d = await describeObject(client, mapping.object);
      io.out(`${d.name}${d.label ? ` (${d.label})` : ''}: ${d.fields.length} fields\n`);
      for (const f of d.fields) {
        const rel = f.relationshipName ? `  → ${f.relationshipName}.* (${(f.referenceTo ?? []).join(', ')})` : '';
        io.out(`  ${f.name.padEnd(36)} ${f.type.padEnd(12)} ${f.label ?? ''}${rel}\n`);
      }
    }
    const issues = await validateMapping(client, config);
    for (const issue of issues) io.err(`${options.config}: ${issue}\n`);
    io.err(issues.length ? `${issues.length} mapping issue(s)\n` : 'mapping OK: every mapped field exists with a compatible type\n');
    return issues.length ? EXIT.issues : EXIT.ok;
  }

  // A mapping that does not match the org fails before any data moves.
  const issues = await validateMapping(client, config);
  if (issues.length) {
    for (const issue of issues) io.err(`${options.config}: ${issue}\n`);
    return EXIT.issues;
  }
  const target = options.db ?? process.env.PROVVIGO_DB ?? DEFAULT_DB_FOLDER;
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
      onProgress: (p) => io.err(`  ${p.object}: page ${p.page}, ${p.received}/${p.expected} received, ${p.quarantined} quarantined\n`),
    });
    let code: number = EXIT.ok;
    for (const r of reports) {
      io.out(`${reconciliationLine(r)}\n`);
      if (r.error) {
        io.err(`${r.object}: ${r.error.name}: ${r.error.message}\n`);
        code = EXIT.usage;
      } else if (r.quarantined > 0 && code === EXIT.ok) {
        code = EXIT.issues;
      }
    }
    io.err(`${client.requests} API request(s)${client.apiUsage ? `; org API usage ${client.apiUsage.used}/${client.apiUsage.limit}` : ''}\n`);
    return code;
  } catch (e) {
    if (e instanceof SalesforceError) throw new CliError({ en: `${e.name}: ${e.message}`, it: `${e.name}: ${e.message}` });
    throw e;
  } finally {
    await db.close();
  }
}
