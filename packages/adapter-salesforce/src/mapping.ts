import { z } from 'zod';
import { isTimeZone, schemaIssueTexts, type BothLanguages } from '@provvigo/core';
import { NameSchema, ownRecord, ValueTypeSchema } from '@provvigo/core/schema';
import { filterFields } from './filterFields.js';
import { distantParentProblem } from './distantParents.js';
import { DEFAULT_TIME_ZONE } from './timeZone.js';

const FIELD_PATH_MESSAGE = 'must be a field API name or a relationship path like Partner__r.Code__c';
const API_VERSION_SHAPE_MESSAGE = 'must look like "64.0"';
const API_VERSION_RETIRED_MESSAGE = 'API versions below 41.0 are retired or being retired; use 41.0 or later';

/** This package's own schema messages, English → Italian; core's and zod's are worded by core's `schemaMessageIt`. */
const MAPPING_MESSAGES_IT: ReadonlyMap<string, string> = new Map([
  [FIELD_PATH_MESSAGE, 'deve essere il nome API di un campo o un percorso di relazione come Partner__r.Code__c'],
  [API_VERSION_SHAPE_MESSAGE, 'deve avere la forma "64.0"'],
  [API_VERSION_RETIRED_MESSAGE, 'le versioni API precedenti alla 41.0 sono state ritirate o lo saranno; usa la 41.0 o una successiva'],
]);

/**
 * An IANA time zone name the runtime's Intl knows (e.g. "Europe/Rome"). The refusal names the value, so its Italian
 * travels in the issue's params (core's `schemaIssueTexts`).
 */
export const TimeZoneSchema = z
  .string()
  .max(100)
  .superRefine((name, ctx) => {
    if (isTimeZone(name)) return;
    const shown = JSON.stringify(name);
    ctx.addIssue({
      code: 'custom',
      message: `${shown} is not an IANA time zone name this runtime knows (e.g. "Europe/Rome")`,
      params: { it: `${shown} non è il nome di un fuso orario IANA noto a questo runtime (ad es. "Europe/Rome")` },
    });
  });

/** An API name or a relationship path, e.g. `Amount`, `Partner__r.Partner_Code__c`. */
export const FieldPathSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,4}$/, FIELD_PATH_MESSAGE);

export const ApiVersionSchema = z
  .string()
  .regex(/^\d{2}\.0$/, API_VERSION_SHAPE_MESSAGE)
  .refine((v) => Number(v) >= 41, API_VERSION_RETIRED_MESSAGE);

/** A literal in the filter DSL. Dates and datetimes are tagged so they are never confused with strings. */
export const FilterValueSchema = z.union([
  z.string().max(1000),
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
  z.object({ datetime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/) }).strict(),
]);
export type FilterValue = z.infer<typeof FilterValueSchema>;

export type Filter =
  | { all: Filter[] }
  | { any: Filter[] }
  | { not: Filter }
  | { field: string; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'like'; value: FilterValue }
  | { field: string; op: 'in' | 'notIn'; values: FilterValue[] };

/**
 * The safe filter DSL: field comparisons combined with all/any/not. It is compiled to a SOQL WHERE clause with
 * every literal escaped; users never write raw SOQL.
 */
export const FilterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(FilterSchema).min(1) }).strict(),
    z.object({ any: z.array(FilterSchema).min(1) }).strict(),
    z.object({ not: FilterSchema }).strict(),
    z
      .object({
        field: FieldPathSchema,
        op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'like']),
        value: FilterValueSchema,
      })
      .strict(),
    z
      .object({ field: FieldPathSchema, op: z.enum(['in', 'notIn']), values: z.array(FilterValueSchema).min(1).max(500) })
      .strict(),
  ]),
);

/** One fact column filled from one Salesforce field. */
export const FieldMappingSchema = z
  .object({
    /** Field API name or relationship path. */
    field: FieldPathSchema,
    /** Provvigo value type; money is kept as an exact decimal string. */
    type: ValueTypeSchema,
    /** A missing value quarantines the record. */
    required: z.boolean().default(true),
  })
  .strict();
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

/** Which Salesforce object fills which fact table, column by column. */
export const ObjectMappingSchema = z
  .object({
    /** Object API name, e.g. `Contract`, `Opportunity`, `Energy_Contract__c`. */
    object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    /** Target fact table. */
    table: NameSchema,
    /** Target column → source field. The record Id and SystemModstamp are always read as well. */
    columns: ownRecord(NameSchema, FieldMappingSchema),
    /** Column holding the record's Salesforce Id (the fact table's `key`). */
    keyColumn: NameSchema,
    /** Column holding the partner; `partnerMap` translates Salesforce values (e.g. Account Ids) to partner ids. */
    partnerColumn: NameSchema,
    partnerMap: ownRecord(z.string(), z.string()).optional(),
    filter: FilterSchema.optional(),
    /** Read deletes through queryAll/IsDeleted and mark stored records as deleted. */
    deletes: z.boolean().default(true),
    /** rest: REST query paging; bulk: Bulk API 2.0; auto: bulk when the count exceeds `bulkThreshold`. */
    mode: z.enum(['auto', 'rest', 'bulk']).default('auto'),
    bulkThreshold: z.number().int().positive().default(10_000),
    /** Bulk results page size (maxRecords). */
    bulkPageSize: z.number().int().min(1).max(100_000).optional(),
    /** This object's own zone for datetime → `date` columns, instead of the configuration's `timeZone`. */
    timeZone: TimeZoneSchema.optional(),
    /**
     * Formula fields whose formula describe does not return (the integration user may not see it), named as the
     * mapping reads them (`Partner_Active__c`, `Partner__r.Score__c`): accepted knowing that a change to a parent
     * such a formula may read is not followed. Without it such a field refuses the mapping (formulaParents.ts).
     */
    formulasNotFollowed: z.array(FieldPathSchema).max(500).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const col of [m.keyColumn, m.partnerColumn]) {
      // own entries only: `in` also finds Object.prototype's members, so a column named toString passed as mapped
      if (!Object.hasOwn(m.columns, col)) {
        // the Italian travels in the issue's params: the message names the column, so it is no fixed text to look up
        ctx.addIssue({ code: 'custom', path: [], message: `column "${col}" is not mapped in columns`, params: { it: `la colonna "${col}" non è mappata in columns` } });
      }
    }
    for (const field of filterFields(m.filter)) {
      const problem = distantParentProblem(m.object, field);
      if (problem) ctx.addIssue({ code: 'custom', path: ['filter'], message: problem.en, params: { it: problem.it } });
    }
    for (const [column, spec] of Object.entries(m.columns)) {
      const problem = distantParentProblem(m.object, spec.field, column);
      if (problem) ctx.addIssue({ code: 'custom', path: ['columns', column, 'field'], message: problem.en, params: { it: problem.it } });
    }
  });
export type ObjectMapping = z.infer<typeof ObjectMappingSchema>;

/** A secret given inline (tests only), from an environment variable, or from a file. */
export const SecretSchema = z.union([
  z.string().min(1),
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);
export type Secret = z.infer<typeof SecretSchema>;

export const AuthConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accessToken'), instanceUrl: z.url(), accessToken: SecretSchema }).strict(),
  z
    .object({
      kind: z.literal('jwt'),
      loginUrl: z.url(),
      clientId: z.string().min(1),
      username: z.string().min(1),
      privateKey: SecretSchema,
      /** JWT audience: the login host (https://login.salesforce.com, https://test.salesforce.com or the My Domain URL). Defaults to loginUrl's origin. */
      audience: z.string().optional(),
    })
    .strict(),
  z
    .object({
      /** A refresh token from an earlier authorization (web-server flow); every 401 refreshes the access token. */
      kind: z.literal('refreshToken'),
      loginUrl: z.url(),
      clientId: z.string().min(1),
      clientSecret: SecretSchema.optional(),
      refreshToken: SecretSchema,
    })
    .strict(),
  z
    .object({
      /** OAuth 2.0 client credentials (server to server): the connected app's run-as user; loginUrl is the My Domain URL. */
      kind: z.literal('clientCredentials'),
      loginUrl: z.url(),
      clientId: z.string().min(1),
      clientSecret: SecretSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('password'),
      loginUrl: z.url(),
      clientId: z.string().min(1),
      clientSecret: SecretSchema,
      username: z.string().min(1),
      password: SecretSchema,
      securityToken: SecretSchema.optional(),
    })
    .strict(),
]);
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

/** The whole Salesforce sync configuration (one JSON file). */
export const SalesforceConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /** Always explicit: jsforce would default to 50.0. */
    apiVersion: ApiVersionSchema,
    auth: AuthConfigSchema,
    objects: z.array(ObjectMappingSchema).min(1),
    /**
     * IANA zone in which a Salesforce datetime mapped to a `date` column becomes a calendar date, daylight saving
     * applied (23:30 UTC on 31 October is 1 November in Italy). Salesforce `date` fields are taken as given, and
     * SystemModstamp stays a UTC instant. An object's own `timeZone` overrides it.
     */
    timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
    sync: z
      .object({
        /** Re-read this many seconds before the cursor on each incremental run (late commits, equal stamps). */
        overlapSeconds: z.number().int().min(0).default(300),
        /** Stop this many seconds before now: long transactions commit late. */
        lagSeconds: z.number().int().min(0).default(60),
        /**
         * What to do with a Bulk API 2.0 query job still running when the poll timeout expires. `resume` (default):
         * leave it running and read its results on the next run (no query is repeated, nothing is wasted); `abort`:
         * PATCH the job to `Aborted` so it stops using the org's Bulk resources, and query the window again next run.
         */
        bulkPollTimeout: z.enum(['resume', 'abort']).default('resume'),
      })
      .strict()
      .default({ overlapSeconds: 300, lagSeconds: 60, bulkPollTimeout: 'resume' }),
  })
  .strict();
export type SalesforceConfig = z.infer<typeof SalesforceConfigSchema>;
export type SalesforceConfigInput = z.input<typeof SalesforceConfigSchema>;

/** The zone in which `mapping`'s datetime → `date` columns take their day: its own `timeZone`, else the configuration's. */
export function objectTimeZone(config: { timeZone?: string }, mapping: { timeZone?: string }): string {
  return mapping.timeZone ?? config.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Validates a configuration, returning readable issues with their paths: `issues` in English
 * (`objects.0.apiVersion: must look like "64.0"`), and `messages` the same issues in both languages, in the same
 * order (`messages[i].en === issues[i]`). A message neither this package nor core knows keeps its English in Italian.
 */
export function parseSalesforceConfig(
  input: unknown,
): { ok: true; config: SalesforceConfig } | { ok: false; issues: string[]; messages: BothLanguages[] } {
  const r = SalesforceConfigSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const messages = schemaIssueTexts(r.error.issues, MAPPING_MESSAGES_IT);
  return { ok: false, issues: messages.map((m) => m.en), messages };
}
