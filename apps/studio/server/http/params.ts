import type { Context } from 'hono';
import { z } from 'zod';
import { storable } from './body.js';
import { HttpError } from './errors.js';

/**
 * Ids in the path (period, partner, plan) are at most this long. A plan id also names its file in the plans folder,
 * where a longer one failed with ENAMETOOLONG after the store had saved the version.
 */
export const MAX_ID_LENGTH = 200;
/** A statement line's id is its plan id, payout and record id together. */
export const MAX_LINE_ID_LENGTH = 1000;
/** The store keeps version and question numbers as 32-bit integers: a larger number failed in the query (SQLSTATE 22003). */
export const MAX_VERSION = 2_147_483_647;

const idSchema = (max: number) => storable(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
const ID = idSchema(MAX_ID_LENGTH);
const LINE_ID = idSchema(MAX_LINE_ID_LENGTH);
/**
 * A number the store keeps as a 32-bit integer (a version, a question): digits only, since z.coerce.number also took
 * "0x1" and "1e0" as 1. `what` names it in the refusal ("a version number").
 */
export const storedNumber = (what: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]*$/, `must be ${what}: 1, 2, 3…`)
    .transform(Number)
    .refine((n) => n <= MAX_VERSION, `must be at most ${MAX_VERSION}`);
const VERSION = storedNumber('a version number');
const INQUIRY = storedNumber('a question number');

function checked<T>(schema: z.ZodType<T>, name: string, raw: string | undefined, code: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, code, `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: name });
  return parsed.data;
}

/** A period, partner or plan id from the path, checked before any lookup: a 400 naming the parameter. */
export function idParam(c: Context, name: 'period' | 'partner' | 'id'): string {
  return checked(ID, name, c.req.param(name), 'invalid_param');
}

export function lineParam(c: Context): string {
  return checked(LINE_ID, 'line', c.req.param('line'), 'invalid_param');
}

/** A partner question's number from the path (`/inquiries/:inquiry/answer`). */
export function inquiryParam(c: Context): number {
  return checked(INQUIRY, 'inquiry', c.req.param('inquiry'), 'invalid_param');
}

export function versionParam(c: Context): number {
  return checked(VERSION, 'version', c.req.param('version'), 'bad_version');
}

/** A version number from the query, given exactly once (`?from=1&from=2` would otherwise answer for the first). */
export function versionQuery(c: Context, name: string): number {
  const values = c.req.queries(name) ?? [];
  if (values.length !== 1) {
    const message = values.length === 0 ? `${name}: missing (?${name}=1)` : `${name}: given ${values.length} times, expected once`;
    throw new HttpError(400, 'bad_version', message, { field: name });
  }
  return checked(VERSION, name, values[0], 'bad_version');
}
