import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt runs on libuv's thread pool: a burst of logins never blocks the event loop (the studio stays responsive).
const KEY_LENGTH = 32;

function derive(password: string, salt: string, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$<salt>$<hash>` (hex). */
export async function hashPassword(password: string, salt: string = randomBytes(16).toString('hex')): Promise<string> {
  return `scrypt$${salt}$${(await derive(password, salt, KEY_LENGTH)).toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = await derive(password, salt, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random secret, verified against when the user name is unknown: an unknown and a known user name cost
 * the same scrypt work, so response times do not tell which user names exist.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
