import { z } from 'zod';

/** What a caller reads when a record's input holds an own `__proto__` key. */
const PROTO_KEY_MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

/**
 * `z.record(keySchema, valueSchema)`, except that an own `__proto__` key in the input is an issue at that key. zod's
 * record skips such a key without validating it (assigning it to the output object would set its prototype), so a
 * sheet, table or supplier named `__proto__` vanished from a file that parsed "successfully". The check runs on the
 * raw input, before the record, because the record's output no longer has the key. An issue here stops the record
 * (a zod pipe does not run its second stage after an issue), so the input's other issues show once it is removed.
 * Same output and input types as `z.record`. zod's input JSON Schema leaves out a `.default(…)` put on it (it counts
 * the preprocess step as a transform) but shows a `.prefault(…)`: use that where the JSON Schema is published.
 */
export function ownRecord<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(keySchema: K, valueSchema: V) {
  return z.preprocess<unknown, z.ZodRecord<K, V>, z.input<z.ZodRecord<K, V>>>(refuseProtoKey, z.record(keySchema, valueSchema, { error: keyReason }));
}

/** A refused key's issue says the key schema's reason ("a value name must not be empty"), not zod's "Invalid key in record". */
function keyReason(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
}

/** Adds the issue for an own `__proto__` key (JSON.parse makes one) and passes the input on unchanged. */
function refuseProtoKey(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
    ctx.issues.push({ code: 'custom', message: PROTO_KEY_MESSAGE, path: ['__proto__'], input });
  }
  return input;
}

/**
 * `ownRecord` for a record of free JSON values (a fiscal table row's `values`): an own `__proto__` key is an issue at
 * its full path at any depth, objects inside arrays included. Checked on the whole raw value first because a JSON
 * value's schema is a union: an issue raised inside its record alternative came out as the union's bare "Invalid
 * input" one level up, without the key or the reason.
 */
export function ownJsonRecord<V extends z.core.SomeType>(valueSchema: V) {
  return z.preprocess<unknown, z.ZodRecord<z.ZodString, V>, z.input<z.ZodRecord<z.ZodString, V>>>(refuseProtoKeysDeep, z.record(z.string(), valueSchema));
}

function refuseProtoKeysDeep(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') ctx.issues.push({ code: 'custom', message: PROTO_KEY_MESSAGE, path: [...path, key], input: value });
      else visit((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(input, []);
  return input;
}

/**
 * A record of run data whose keys the run already accepted (a facts file's table names, a record's fields): every own
 * key is kept, `"__proto__"` included, as an own entry, and each value is checked with `valueSchema` (its issues at
 * that key). `z.record` dropped such a key without a word, so a run's snapshot read back from the store lost a shared
 * table or a record's field named `__proto__` that the run had read and hashed: what the store kept contradicted what
 * was approved. `ownRecord` refuses the key where a person writes the names (plans, schemas, configs); run data keeps it.
 */
export function keptRecord<V extends z.ZodType>(valueSchema: V): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  return z.unknown().transform((input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: 'invalid_type', expected: 'record', input, message: 'Invalid input: expected record' });
      return z.NEVER;
    }
    const entries: Array<[string, z.output<V>]> = [];
    for (const [key, value] of Object.entries(input)) {
      const checked = valueSchema.safeParse(value);
      if (checked.success) entries.push([key, checked.data]);
      else for (const issue of checked.error.issues) ctx.issues.push({ ...issue, input: value, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
    }
    // Object.fromEntries defines each key as an own data property: "__proto__" becomes an entry, not the prototype.
    return Object.fromEntries(entries);
  }) as unknown as z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>>;
}
