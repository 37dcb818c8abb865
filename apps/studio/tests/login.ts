import { expect } from 'vitest';

/** Logs `username` in to the studio at `url` and returns its session cookie (`name=value`), as a browser would send it. */
export async function loginCookie(url: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(r.status, username).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}
