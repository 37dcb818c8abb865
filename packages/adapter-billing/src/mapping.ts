import { z } from 'zod';
import { calendarDateIn, isTimeZone, schemaIssueTexts, type BothLanguages } from '@provvigo/core';
import { NameSchema, ownRecord } from '@provvigo/core/schema';

/** Provvigo's service-state facts: what the commission conditions (release, clawback) are written against. */
export const ServiceEventTypeSchema = z.enum(['activated', 'first_invoice_paid', 'terminated', 'switched_out', 'ee_order_delivered']);
export type ServiceEventType = z.infer<typeof ServiceEventTypeSchema>;

/** A path into a source event: a CSV column name, or a dotted JSON path such as `data.object.id`. */
export const SourcePathSchema = z.string().min(1).max(200);
/** One path, or several tried in order (the first that holds a value wins), e.g. where API versions differ. */
export const SourcePathsSchema = z.union([SourcePathSchema, z.array(SourcePathSchema).min(1)]);
export type SourcePaths = z.infer<typeof SourcePathsSchema>;

const TIME_ZONE_MESSAGE = 'not an IANA time zone name (e.g. "Europe/Rome")';
/** An IANA time zone name the runtime's Intl knows (e.g. "Europe/Rome"). */
export const TimeZoneSchema = z.string().refine(isTimeZone, { message: TIME_ZONE_MESSAGE });

export const DateFormatSchema = z.enum(['iso', 'unix', 'unix-ms', 'dd.MM.yyyy', 'dd/MM/yyyy', 'yyyyMMdd']);
export type DateFormat = z.infer<typeof DateFormatSchema>;

/** One mapping rule: when every `when` path equals one of the listed values, the event becomes fact `type`. */
export const RuleSchema = z
  .object({
    when: ownRecord(SourcePathSchema, z.union([z.string(), z.array(z.string()).min(1)])),
    type: ServiceEventTypeSchema,
  })
  .strict();

export const BillingFileFormatSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('csv'),
      delimiter: z.string().length(1).default(','),
      encoding: z.enum(['utf-8', 'windows-1252']).default('utf-8'),
    })
    .strict(),
  z.object({ kind: z.literal('jsonl'), encoding: z.literal('utf-8').default('utf-8') }).strict(),
]);
export type BillingFileFormat = z.infer<typeof BillingFileFormatSchema>;

/**
 * How a source's events become rows of a Provvigo service-events fact table. Unknown event types (no rule
 * matches) are recorded as ignored, never as errors.
 */
export const BillingMappingSchema = z
  .object({
    $schema: z.string().optional(),
    /** Name of the source system, part of the idempotency key (source, event id). */
    source: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
    /** Target fact table. */
    table: NameSchema.default('serviceEvents'),
    /** Where each canonical field is read in a source event. */
    fields: z
      .object({
        /** Event id, the deduplication key. Absent: the signing scheme's id (webhook-id), else a hash of the event. */
        eventId: SourcePathSchema.optional(),
        /** The source's own event type, matched by the rules. */
        eventType: SourcePathSchema,
        /** Business effective date of the event. */
        occurredAt: SourcePathsSchema,
        /** The contract the event is about (Salesforce contract id in the sample). */
        contractRef: SourcePathsSchema,
        /** The partner credited; required by the fact table. */
        partnerRef: SourcePathsSchema,
      })
      .strict(),
    dateFormat: DateFormatSchema.default('iso'),
    /**
     * IANA zone in which instants become calendar dates (DST-correct: Italy is +01:00 in winter, +02:00 in summer);
     * values that are already dates are taken as given.
     */
    timeZone: TimeZoneSchema.default('Europe/Rome'),
    rules: z.array(RuleSchema).min(1),
    /** Output column names in the fact table (defaults match the sample's serviceEvents table). */
    columns: z
      .object({ id: NameSchema, subject: NameSchema, partnerId: NameSchema, type: NameSchema, date: NameSchema })
      .strict()
      .default({ id: 'id', subject: 'subject', partnerId: 'partnerId', type: 'type', date: 'date' }),
    /** Translate source partner values (e.g. agency codes of the billing system) to Provvigo partner ids. */
    partnerMap: ownRecord(z.string(), z.string())
      .transform((codes) => new Map(Object.entries(codes)))
      .optional(),
    file: BillingFileFormatSchema.optional(),
  })
  .strict();
export type BillingMapping = z.infer<typeof BillingMappingSchema>;
export type BillingMappingInput = z.input<typeof BillingMappingSchema>;

/** The mapping schema's own messages, English → Italian; core's and zod's are worded by core's `schemaMessageIt`. */
const MAPPING_MESSAGES_IT: ReadonlyMap<string, string> = new Map([[TIME_ZONE_MESSAGE, 'non è il nome di un fuso orario IANA (ad es. "Europe/Rome")']]);

/**
 * Checks a mapping. A refused one lists its defects: `issues` in English (`fields.partnerRef: Invalid input: …`), and
 * `messages` the same defects in both languages, in the same order (`messages[i].en === issues[i]`). A message
 * neither this package nor core knows keeps its English text in Italian too.
 */
export function parseBillingMapping(input: unknown): { ok: true; mapping: BillingMapping } | { ok: false; issues: string[]; messages: BothLanguages[] } {
  const r = BillingMappingSchema.safeParse(input);
  if (r.success) return { ok: true, mapping: r.data };
  const messages = schemaIssueTexts(r.error.issues, MAPPING_MESSAGES_IT);
  return { ok: false, issues: messages.map((m) => m.en), messages };
}

/** Reads a path of the event's own properties only (a path such as `constructor` never reaches the prototype). */
export function readSourcePath(event: unknown, path: string): unknown {
  if (event && typeof event === 'object' && Object.hasOwn(event, path)) return (event as Record<string, unknown>)[path];
  let cur: unknown = event;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The first of the paths that holds a value (not undefined, null or blank text). */
export function readSourcePaths(event: unknown, paths: SourcePaths): unknown {
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    const v = readSourcePath(event, path);
    if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) return v;
  }
  return undefined;
}

/** The paths of a field as a list, and as one label for messages. */
export const pathList = (paths: SourcePaths): string[] => (typeof paths === 'string' ? [paths] : paths);
const pathLabel = (paths: SourcePaths): string => pathList(paths).join(' | ');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validYmd(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Parses a source date in the configured format to YYYY-MM-DD; instants become the date they are in `timeZone`. */
export function parseEventDate(value: unknown, format: DateFormat, timeZone: string): string | undefined {
  const fromInstant = (ms: number): string | undefined => (Number.isFinite(ms) ? calendarDateIn(timeZone, ms) : undefined);
  let m: RegExpExecArray | null;
  switch (format) {
    case 'iso': {
      if (typeof value !== 'string') return undefined;
      if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) return validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
      if ((m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(value))) {
        // Date.parse rolls a day the month lacks into the next month (30 February → 2 March): refuse it instead
        if (!validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
        return fromInstant(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
      }
      return undefined;
    }
    case 'unix':
    case 'unix-ms': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      return fromInstant(format === 'unix' ? n * 1000 : n);
    }
    case 'dd.MM.yyyy':
    case 'dd/MM/yyyy': {
      const sep = format === 'dd.MM.yyyy' ? '\\.' : '/';
      if (typeof value !== 'string' || !(m = new RegExp(`^(\\d{2})${sep}(\\d{2})${sep}(\\d{4})$`).exec(value))) return undefined;
      return validYmd(Number(m[3]), Number(m[2]), Number(m[1]));
    }
    case 'yyyyMMdd':
      if (typeof value !== 'string' || !(m = /^(\d{4})(\d{2})(\d{2})$/.exec(value))) return undefined;
      return validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  }
}

/**
 * What one source event becomes. An ignore or an invalid event carries its `reason` in English (what the quarantine's
 * `reason` column has always held) and `reasons` in both languages (`reasons.en === reason`).
 */
export type MappedEvent =
  | { kind: 'fact'; type: ServiceEventType; record: Record<string, string>; partner: string; subject: string; date: string }
  | { kind: 'ignored'; reason: string; reasons: BothLanguages }
  | { kind: 'invalid'; field: string; reason: string; reasons: BothLanguages };

const invalid = (field: string, en: string, it: string): MappedEvent => ({ kind: 'invalid', field, reason: en, reasons: { en, it } });

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** Maps one parsed source event (JSON object or CSV row) to a service-event fact, an ignore, or an invalid reason. */
export function mapEvent(mapping: BillingMapping, event: unknown, eventId: string): MappedEvent {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return invalid('(event)', 'the event is not a JSON object', "l'evento non è un oggetto JSON");
  const typePath = mapping.fields.eventType;
  const sourceType = text(readSourcePath(event, typePath));
  if (!sourceType) return invalid(typePath, `${typePath}: event type is missing`, `${typePath}: manca il tipo di evento`);
  const rule = mapping.rules.find((r) =>
    Object.entries(r.when).every(([path, expected]) => {
      const actual = text(readSourcePath(event, path));
      return actual !== undefined && (Array.isArray(expected) ? expected.includes(actual) : expected === actual);
    }),
  );
  if (!rule) {
    const en = `no rule maps event type ${JSON.stringify(sourceType)}`;
    return { kind: 'ignored', reason: en, reasons: { en, it: `nessuna regola per il tipo di evento ${JSON.stringify(sourceType)}` } };
  }
  const f = { contract: pathLabel(mapping.fields.contractRef), partner: pathLabel(mapping.fields.partnerRef), date: pathLabel(mapping.fields.occurredAt) };
  const subject = text(readSourcePaths(event, mapping.fields.contractRef));
  if (!subject) return invalid(f.contract, `${f.contract}: contract reference is missing`, `${f.contract}: manca il riferimento al contratto`);
  const partnerRaw = text(readSourcePaths(event, mapping.fields.partnerRef));
  if (!partnerRaw) return invalid(f.partner, `${f.partner}: partner is missing`, `${f.partner}: manca il partner`);
  const partner = mapping.partnerMap ? mapping.partnerMap.get(partnerRaw) : partnerRaw;
  const code = JSON.stringify(partnerRaw);
  if (!partner) return invalid(f.partner, `${f.partner}: partner ${code} is not in partnerMap`, `${f.partner}: il partner ${code} non è in partnerMap`);
  const rawDate = readSourcePaths(event, mapping.fields.occurredAt);
  const date = parseEventDate(rawDate, mapping.dateFormat, mapping.timeZone);
  if (!date) {
    const got = JSON.stringify(rawDate ?? null);
    const found = rawDate === undefined || rawDate === null ? 'nessun valore' : got;
    return invalid(f.date, `${f.date}: expected a ${mapping.dateFormat} date, got ${got}`, `${f.date}: data attesa nel formato ${mapping.dateFormat}, trovato ${found}`);
  }
  const c = mapping.columns;
  return {
    kind: 'fact',
    type: rule.type,
    partner,
    subject,
    date,
    record: { [c.id]: eventId, [c.subject]: subject, [c.partnerId]: partner, [c.type]: rule.type, [c.date]: date },
  };
}
