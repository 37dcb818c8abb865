import { z } from 'zod';
import { LocalizedTextSchema, NameSchema, ValueTypeSchema } from './common.js';

/** One column of a fact table. Column schemas are configuration: a new column needs no code. */
export const FactColumnSchema = z
  .object({
    type: ValueTypeSchema,
    required: z.boolean().default(true),
    label: LocalizedTextSchema.optional(),
    description: z.string().optional(),
  })
  .strict();
export type FactColumn = z.infer<typeof FactColumnSchema>;

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
    columns: z.record(NameSchema, FactColumnSchema),
  })
  .strict();
export type FactTable = z.infer<typeof FactTableSchema>;

/** The fact tables known to a deployment: the data model the plans' line sheets read. */
export const FactSchemaSchema = z
  .object({
    $schema: z.string().optional(),
    tables: z.record(NameSchema, FactTableSchema),
  })
  .strict();
export type FactSchema = z.infer<typeof FactSchemaSchema>;
export type FactSchemaInput = z.input<typeof FactSchemaSchema>;

/** A fact record as it arrives: column name → raw value. Validation against the table schema happens in the run. */
export type FactRecord = Record<string, unknown>;
