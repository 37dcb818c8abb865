import { readFile } from 'node:fs/promises';
import { FileImportError, importFile, importReconciles, parseBillingMapping, type BillingMapping, type ImportReport } from '@provvigo/adapter-billing';
import { openDatabase, type Db } from '@provvigo/store';
import type { Locale } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { jsonSyntaxMessages } from '../io/jsonSyntax.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { refuseFolder } from '../io/refuseFolder.js';
import { EXIT } from '../exitCodes.js';
import { billingQuarantineCommand } from './importBillingQuarantine.js';
import { processIo, type Io } from './shared.js';
import { storeTarget } from './storeOptions.js';

export interface ImportBillingOptions {
  /** The export file and its mapping: both required to import (not to list the quarantine). */
  file?: string | undefined;
  mapping?: string | undefined;
  format?: 'csv' | 'jsonl';
  db?: string;
  /** List the quarantined events from the store instead of importing (`--source`, `--json` go with it). */
  quarantine?: boolean;
  source?: string;
  json?: boolean;
}

/** One line that must add up: received = stored + quarantined + ignored + duplicates, in `locale`. */
export function importLine(r: ImportReport, locale: Locale = 'en'): string {
  const unbalanced = importReconciles(r) ? '' : said({ en: ' — DOES NOT RECONCILE', it: ' — NON QUADRA' }, locale);
  return said(
    {
      en: `${r.file}: received ${r.received} = stored ${r.facts} + quarantined ${r.quarantined} + ignored ${r.ignored} + duplicates ${r.duplicates}${unbalanced} (sha256 ${r.sha256.slice(0, 12)})`,
      it: `${r.file}: ricevuti ${r.received} = salvati ${r.facts} + in quarantena ${r.quarantined} + ignorati ${r.ignored} + duplicati ${r.duplicates}${unbalanced} (sha256 ${r.sha256.slice(0, 12)})`,
    },
    locale,
  );
}

async function loadMapping(file: string): Promise<BillingMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as Error).message;
    throw new CliError({ en: `cannot read the billing mapping: ${reason}`, it: `impossibile leggere la mappatura di fatturazione: ${reason}` }, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // line and column, not Node's message: that quotes the text around the error
    const syntax = jsonSyntaxMessages(text);
    throw new CliError({ en: `the billing mapping is ${syntax.en}`, it: `la mappatura di fatturazione non è valida: ${syntax.it}` }, { file });
  }
  const parsed = parseBillingMapping(json);
  if (parsed.ok) return parsed.mapping;
  // adapter-billing words each defect in both languages
  const defects = (locale: Locale) => parsed.messages.map((m) => m[locale]).join('\n  ');
  throw new CliError({ en: `invalid mapping:\n  ${defects('en')}`, it: `mappatura non valida:\n  ${defects('it')}` }, { file });
}

/** What an import needs: `--file` and `--mapping`; the listing's own options belong to `--quarantine`. */
function importInputs(options: ImportBillingOptions): { file: string; mapping: string } {
  if (options.source !== undefined || options.json) {
    throw new CliError({ en: '--source and --json go with --quarantine (they list the quarantine)', it: '--source e --json vanno con --quarantine (elencano la quarantena)' });
  }
  if (options.file === undefined || options.mapping === undefined) {
    throw new CliError({
      en: 'give --file <path> and --mapping <file> to import, or --quarantine to list the quarantined events',
      it: 'indica --file <path> e --mapping <file> per importare, o --quarantine per elencare gli eventi in quarantena',
    });
  }
  return { file: options.file, mapping: options.mapping };
}

/**
 * `provvigo import billing`: imports an export file (idempotent, bad rows quarantined) and prints its reconciliation
 * line; with `--quarantine`, lists the quarantined events instead (importBillingQuarantine.ts).
 */
export async function importBillingCommand(options: ImportBillingOptions, io: Io = processIo): Promise<number> {
  if (options.quarantine) return billingQuarantineCommand(options, io);
  const inputs = importInputs(options);
  const mapping = await loadMapping(inputs.mapping);
  // before the store opens: the importer would fail reading a folder with a bare EISDIR naming no file
  await refuseFolder(inputs.file);
  const target = storeTarget(options.db);
  const locale = cliLocale();
  let db: Db;
  try {
    db = await openDatabase(target);
  } catch (e) {
    throw storeOpenError(target, e);
  }
  try {
    const report = await importFile(db, inputs.file, mapping, {
      ...(options.format ? { format: options.format } : {}),
      onProgress: (p) => io.err(said({ en: `  ${p.rows} row(s) read\n`, it: `  righe lette: ${p.rows}\n` }, locale)),
    });
    io.out(`${importLine(report, locale)}\n`);
    return report.quarantined > 0 ? EXIT.issues : EXIT.ok;
  } catch (e) {
    if (e instanceof FileImportError) {
      // the fault without its `file:line: ` prefix: CliError names the place in the user's language
      throw new CliError({ en: `${e.detail}; nothing was imported`, it: `${e.details?.it ?? e.detail}; non è stato importato nulla` }, { file: inputs.file, line: e.line });
    }
    throw e;
  } finally {
    await db.close();
  }
}
