import type { Context } from 'hono';
import { z } from 'zod';
import { unstorableIn } from '@provvigo/store';
import { HttpError } from './errors.js';

/**
 * A text the store cannot keep (NUL; half a character beyond U+FFFF), said as a rule for the field. The store refuses
 * it too, naming its own parameter; checked here first, the 422 names the path in the request's body.
 */
function unstorableText(text: string): string | undefined {
  const found = unstorableIn(text);
  return found === undefined ? undefined : `must not hold ${found}`;
}

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * The first string or member name of a JSON value that cannot be stored, with its path. A loop with parent links,
 * not recursion with path copies: JSON.parse takes a body nested a million levels deep, which would overflow the
 * stack (a 500) or copy paths quadratically.
 */
export function firstUnstorable(root: unknown): { path: (string | number)[]; message: string } | undefined {
  const stack: Frame[] = [{ value: root, key: undefined, parent: undefined }];
  for (let f = stack.pop(); f; f = stack.pop()) {
    const { value } = f;
    if (typeof value === 'string') {
      const reason = unstorableText(value);
      if (reason) return { path: pathOf(f), message: reason };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: f });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        const reason = unstorableText(key);
        if (reason) return { path: [...pathOf(f), key], message: `a name ${reason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: f });
    }
  }
  return undefined;
}

/** `schema`, after an issue at the first string or name of the input that cannot be stored (the schema then does not run). */
export function storable<T extends z.ZodType>(schema: T) {
  return z.preprocess((input, ctx) => {
    const bad = firstUnstorable(input);
    if (bad) ctx.issues.push({ code: 'custom', message: bad.message, path: bad.path, input });
    return input;
  }, schema);
}

/**
 * The request body as JSON. A body that is not JSON is a 400 here: read as `null`, it was refused as "expected
 * object, received null"; left to the global handler, any SyntaxError of the studio's own was blamed on the body.
 */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not JSON');
  }
}

/** A zod failure as `{ field, message }`: the first issue's dotted path ('' for the body as a whole) and what is wrong. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const first = error.issues[0];
  const field = first?.path.join('.') ?? '';
  return { field, message: `${field || 'body'}: ${first?.message ?? 'invalid'}` };
}

/** The JSON body checked with `schema` (every string storable first); a 422 `invalid_body` names the field. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const parsed = storable(schema).safeParse(await jsonBody(c));
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new HttpError(422, 'invalid_body', message, { field });
  }
  return parsed.data as z.output<T>;
}
