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
  return z.preprocess<unknown, z.ZodRecord<K, V>, z.input<z.ZodRecord<K, V>>>(refuseProtoKey, z.record(keySchema, valueSchema));
}

/** Adds the issue for an own `__proto__` key (JSON.parse makes one) and passes the input on unchanged. */
function refuseProtoKey(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
    ctx.issues.push({ code: 'custom', message: PROTO_KEY_MESSAGE, path: ['__proto__'], input });
  }
  return input;
}
