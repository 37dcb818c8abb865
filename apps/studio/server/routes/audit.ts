import { AUDIT_CSV_COLUMNS, DEFAULT_DIALECT, EXCEL_IT_DIALECT, csvWriter, verifyAuditLog } from '@provvigo/core';
import { verifyStore } from '@provvigo/store';
import { z } from 'zod';
import type { Context } from 'hono';
import { storable } from '../http/body.js';
import { csvStream } from '../http/csvStream.js';
import { downloadDisposition } from '../http/downloadDisposition.js';
import { HttpError } from '../http/errors.js';
import { storedNumber } from '../http/params.js';
import { requestLocale } from '../http/requestLocale.js';
import { assertRole, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/** Entries a page of the audit view shows at most; the store allows more, a browser table needs no more. */
export const MAX_AUDIT_PAGE_ROWS = 200;
/** Problems the chain check sends at most: the count says how many more there are. */
const MAX_PROBLEMS_SHOWN = 50;

const text = storable(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
/** The audit view's query: each parameter at most once, every value checked before any SQL. */
const PageQuery = z
  .object({
    before: storedNumber('an entry number'),
    limit: storedNumber('a number of entries').refine((n) => n <= MAX_AUDIT_PAGE_ROWS, `must be at most ${MAX_AUDIT_PAGE_ROWS}`),
    action: text,
    actor: text,
    run: text,
  })
  .partial()
  .strict();

/** The export's query: the view's filters, and the reader's language (`?lang=`), which picks the CSV dialect. */
const ExportQuery = z
  .object({ action: text, actor: text, run: text, lang: z.enum(['it', 'en']) })
  .partial()
  .strict();

/** A route's query checked by `schema`: each parameter at most once, a 400 naming the first one that is wrong. */
function checkedQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length !== 1) throw new HttpError(400, 'invalid_query', `${name}: given ${values.length} times, expected once`, { field: name });
    raw[name] = values[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
    throw new HttpError(400, 'invalid_query', `${field}: ${issue.code === 'unrecognized_keys' ? 'not a parameter of this route' : issue.message}`, { field });
  }
  return parsed.data;
}

/**
 * Auditors read the hash-chained audit log (logins, logouts, failures, role changes, run actions, questions): the whole
 * log with its chain check (`/api/audit`), a page of it at a time, newest first and filtered by action, actor or run
 * (`/api/audit/entries`, what the audit view reads), the entries those filters select as a CSV file
 * (`/api/audit/export.csv`), and the store's full check (`/api/audit/verification`:
 * the chain against the head the database recorded, and every table a partner's money depends on re-derived from it,
 * as `provvigo audit verify` does).
 */
export function registerAudit(app: StudioApp, ctx: StudioContext): void {
  app.get('/api/audit', async (c) => {
    assertRole(c.get('user'), 'auditor');
    const entries = await ctx.store.auditLog();
    return c.json({ entries, verification: verifyAuditLog(entries) });
  });

  app.get('/api/audit/entries', async (c) => {
    assertRole(c.get('user'), 'auditor');
    const q = checkedQuery(c, PageQuery);
    const page = await ctx.store.auditPage({ limit: q.limit ?? 50, before: q.before, action: q.action, actor: q.actor, runId: q.run });
    return c.json(page);
  });

  // the log as CSV (every field the chain hashes), the view's filters applied, in chain order and streamed a page of
  // the store at a time: a log of any length never sits in memory; Italian readers get Italian Excel's dialect
  app.get('/api/audit/export.csv', async (c) => {
    assertRole(c.get('user'), 'auditor');
    const q = checkedQuery(c, ExportQuery);
    const locale = requestLocale(q.lang, c.req.header('accept-language'), 'en');
    const writer = csvWriter(AUDIT_CSV_COLUMNS, { dialect: locale === 'it' ? EXCEL_IT_DIALECT : DEFAULT_DIALECT });
    const entries = ctx.store.auditEntries({ action: q.action, actor: q.actor, runId: q.run });
    return c.body(await csvStream(writer, entries), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': downloadDisposition('attachment', ['audit-log.csv']),
    });
  });

  app.get('/api/audit/verification', async (c) => {
    assertRole(c.get('user'), 'auditor');
    const { ok, count, head, problems } = await verifyStore(ctx.store);
    return c.json({ ok, count, head, problems: problems.slice(0, MAX_PROBLEMS_SHOWN), more: Math.max(0, problems.length - MAX_PROBLEMS_SHOWN) });
  });
}
