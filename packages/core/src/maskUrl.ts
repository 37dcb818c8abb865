/**
 * Connection targets are printed (a store's location, a queue's Redis, an SMTP server) and land in error messages,
 * but they may carry a credential: a password after the user name (`postgres://app:…@db`), or a query parameter
 * (`?password=`, `?access_token=`, `?sig=`). Every package shows a target through `maskUrl`, and a library's message
 * that may quote one through `maskUrlsIn`, so secrets are never logged.
 */

const MASK = '***';
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Query parameters whose value is a credential (names of drivers, OAuth, signed URLs and API gateways). */
const SECRET_PARAM = /pass|pwd|secret|token|key|sig|auth|cred|session|cookie|code/i;
/** A URL inside a text: scheme, then everything up to white space, a quote or a bracket, less a closing full stop or comma. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`()]*[^\s"'<>`().,;:!?]/gi;

/**
 * `text` with the password and secret query values of the URL replaced by `***`; the user name, host, port, path and
 * other parameters stay, to tell targets apart. Text that does not parse as a URL (a password with an unencoded `/`,
 * a URL without its scheme) is masked from its start or scheme to its last `@`, and after its `?`. A path or a name
 * without either comes back unchanged.
 */
export function maskUrl(text: string): string {
  const url = SCHEME.test(text) ? parsed(text) : undefined;
  // `postgres://u:12/pw@host` parses, as host "u" port 12: the rest of the password is in the path
  if (!url || url.pathname.includes('@')) return maskUnparsed(text);
  if (url.password) url.password = MASK;
  for (const name of new Set(url.searchParams.keys())) if (SECRET_PARAM.test(name)) url.searchParams.set(name, MASK);
  return url.href;
}

/** `text` with every URL in it masked by `maskUrl` (a library's error message that quotes the URL it requested). */
export function maskUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => maskUrl(url));
}

function parsed(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function maskUnparsed(text: string): string {
  const scheme = SCHEME.exec(text)?.[0] ?? '';
  let rest = text.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = `${MASK}@${rest.slice(at + 1)}`;
  const query = rest.indexOf('?');
  return scheme + (query >= 0 ? `${rest.slice(0, query)}?${MASK}` : rest);
}
