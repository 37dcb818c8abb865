import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import { LocalizedTextSchema, NameSchema, ValueTypeSchema } from './common.js';

/** A bound of a numeric or date column: a decimal (`"0"`, `"12.5"`, or a JSON number) or an ISO date for dates. */
const BoundSchema = z.union([z.string().regex(/^-?\d+(\.\d+)?$|^\d{4}-\d{2}-\d{2}$/, 'must be a decimal such as "0" or a date YYYY-MM-DD'), z.number()]);

/** A value a column may be restricted to (`enum`) or compared with (`requiredIf`). */
const AllowedValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * `requiredIf`: the column is required when another column of the record holds one of `values` (or, without
 * `values`, whenever that column is filled in). E.g. a `cancelDate` required when `status` is `CANCELLED`.
 */
export const RequiredIfSchema = z
  .object({ column: NameSchema, values: z.array(AllowedValueSchema).min(1).optional() })
  .strict();
export type RequiredIf = z.infer<typeof RequiredIfSchema>;

/**
 * `references`: the value must be a partner id (`"partners"`), or the key (or the named column) of a record of
 * another fact table, e.g. `{ "table": "products", "column": "code" }`.
 */
export const ReferenceSchema = z.union([
  z.literal('partners'),
  z.object({ table: NameSchema, column: NameSchema.optional() }).strict(),
]);
export type Reference = z.infer<typeof ReferenceSchema>;

/**
 * One column of a fact table (or one declared partner attribute). Column schemas are configuration: a new column
 * needs no code. The constraints use JSON Schema's names; a record breaking one is rejected with an issue naming
 * table, record, field, value and the rule.
 */
export const FactColumnSchema = z
  .object({
    type: ValueTypeSchema,
    required: z.boolean().default(true),
    label: LocalizedTextSchema.optional(),
    description: z.string().optional(),
    /** Allowed values (compared as written, case-sensitive for text). */
    enum: z.array(AllowedValueSchema).min(1).optional(),
    /** Inclusive bounds; for dates, ISO dates. */
    minimum: BoundSchema.optional(),
    maximum: BoundSchema.optional(),
    /** Exclusive bounds: the value must be strictly greater (smaller). */
    exclusiveMinimum: BoundSchema.optional(),
    exclusiveMaximum: BoundSchema.optional(),
    /** A regular expression the whole value must match (anchored: `[A-Z]{3}` matches `ABC`, not `xABCx`). */
    pattern: z.string().optional(),
    /** Longest text allowed, in characters. */
    maxLength: z.number().int().positive().optional(),
    requiredIf: RequiredIfSchema.optional(),
    references: ReferenceSchema.optional(),
  })
  .strict();
export type FactColumn = z.infer<typeof FactColumnSchema>;

/**
 * How the table's CSV files write a date: ISO `2026-10-01` (the default, and what every other input holds), or day
 * first as Italian Excel exports it (`01/10/2026`, `01.10.2026`; a single-digit day or month too).
 */
export const FactDateFormatSchema = z.enum(['iso', 'dd/MM/yyyy', 'dd.MM.yyyy']);
export type FactDateFormat = z.infer<typeof FactDateFormatSchema>;

/**
 * How the table's files are written, when they are not plain UTF-8 with `.` decimals and ISO dates: Italian Excel
 * exports use `;` between fields, `,` as decimal separator, `.` for thousands and dates as `dd/MM/yyyy`. Numbers and
 * dates are read in these forms only (a `3,200` in a file that declares none is an error, never 3200 or 3.2); an ISO
 * date is read whatever `dateFormat` says, since it cannot be taken for another.
 */
export const FileFormatSchema = z
  .object({
    /** Field separator of CSV files; when absent it is taken from the header line (`,`, `;` or tab). */
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    decimal: z.enum(['.', ',']).default('.'),
    thousands: z.enum(['.', ',', ' ', "'"]).optional(),
    /**
     * How CSV files write the dates of `date` columns (JSON files hold ISO dates); ISO when absent. Optional, not
     * defaulted: a schema that leaves it out parses to the same object, and so keeps its runs' input hash.
     */
    dateFormat: FactDateFormatSchema.optional(),
    /** Text encoding; a byte-order mark (UTF-8, UTF-16) wins. Invalid bytes are reported, never replaced. */
    encoding: z.enum(['utf-8', 'windows-1252', 'iso-8859-15', 'utf-16le', 'utf-16be']).default('utf-8'),
  })
  .strict()
  .refine((f) => f.thousands === undefined || f.thousands !== f.decimal, 'thousands and decimal separators must differ');
export type FileFormat = z.infer<typeof FileFormatSchema>;

/** A typed table of input records (contracts, service events, interventions…). */
export const FactTableSchema = z
  .object({
    label: LocalizedTextSchema.optional(),
    /** The source system the records come from (salesforce, billing, file…). */
    system: z.string().default('file'),
    /** Column holding the record's id in its source system. */
    key: NameSchema,
    /** Column holding the partner the record is credited to. */
    partner: NameSchema,
    /** Date column that places a record in a period. */
    date: NameSchema,
    /** Service-event tables: the column holding the event's subject, the value lines link to (default "subject"). */
    eventSubject: NameSchema.optional(),
    /** Service-event tables: the column holding the event type, e.g. "activated" (default "type"). */
    eventType: NameSchema.optional(),
    columns: ownRecord(NameSchema, FactColumnSchema),
    format: FileFormatSchema.optional(),
    /** Further unique keys: each a list of columns whose values together may appear in one record only. */
    unique: z.array(z.array(NameSchema).min(1)).optional(),
  })
  .strict();
export type FactTable = z.infer<typeof FactTableSchema>;

/** The fact tables known to a deployment: the data model the plans' line sheets read. */
export const FactSchemaSchema = z
  .object({
    $schema: z.string().optional(),
    tables: ownRecord(NameSchema, FactTableSchema),
    /**
     * Declared partner attributes (`attributes.<name>` of a partner): their type and constraints. Partners are
     * checked against them, and formulas read them as `Partner[name]`.
     */
    partnerAttributes: ownRecord(NameSchema, FactColumnSchema).optional(),
  })
  .strict();
export type FactSchema = z.infer<typeof FactSchemaSchema>;
export type FactSchemaInput = z.input<typeof FactSchemaSchema>;

/** A fact record as it arrives: column name → raw value. Validation against the table schema happens in the run. */
export type FactRecord = Record<string, unknown>;
