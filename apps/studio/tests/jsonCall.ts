/**
 * One request to the studio at `base` as a signed-in browser sends it: the session cookie, and with a body its JSON
 * type and the page's own origin (the studio's CSRF check). Answers the status and the JSON body (`{}` when empty).
 */
export async function jsonCall(
  base: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json', origin: base } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
