import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { BilingualError } from './bilingualError.js';

/**
 * Which reverse proxies stand in front of a server, for reading the client's address from X-Forwarded-For:
 * - `false`, `0` (or absent): none, the socket's address is the client's and the header is ignored;
 * - `true`: exactly one, the client is the last hop (kept from when this was a yes/no; NOT Express's "trust every
 *   hop", which would make the client's own first hop its address);
 * - a whole number n ≥ 1: n proxies, the client is the address n hops from the socket;
 * - a string (commas allowed) or a list: the proxies' addresses or subnets as proxy-addr reads them (`10.0.0.2`,
 *   `10.0.0.0/8`, `loopback`, `linklocal`, `uniquelocal`); the client is the first address from the socket leftwards
 *   that is none of them, so a socket peer outside the list is the client and its header is ignored.
 */
export type TrustProxy = boolean | number | string | readonly string[];

/** A setting made into its rule: the client address of a request given its socket address and X-Forwarded-For. */
export type ClientAddressRule = (socketAddress: string | undefined, forwardedFor: string | readonly string[] | undefined) => string | undefined;

type Trust = (address: string, hop: number) => boolean;

// the shape, before the entries of a list are read
const TrustProxyShape = z.union([z.boolean(), z.number().int().min(0), z.string(), z.array(z.string()).readonly()]);

// an entry proxy-addr cannot read is an issue with its own text, so the refusal can name it
const ProxyEntries = z
  .array(
    z.string().trim().min(1).superRefine((entry, ctx) => {
      if (!entry) return; // an empty entry is min(1)'s
      try {
        proxyaddr.compile(entry);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'unreadable proxy address', params: { entry } });
      }
    }),
  )
  .min(1);

/** The setting as the refusal shows it, cut short: a list of a thousand entries is not worth echoing whole. */
function shown(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function refusal(setting: string, value: unknown, entry: unknown): BilingualError {
  if (typeof entry === 'string') {
    return new BilingualError({
      en: `${setting}: "${entry}" is not an IP address, a subnet (CIDR, e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal`,
      it: `${setting}: "${entry}" non è un indirizzo IP, una sottorete (CIDR, ad es. 10.0.0.0/8) né uno tra loopback, linklocal, uniquelocal`,
    });
  }
  return new BilingualError({
    en: `${setting}: ${shown(value)} is not a proxy setting: give true (one proxy), the number of proxies in front of the server (a whole number; 0 for none), or the proxies' addresses or subnets (e.g. "10.0.0.0/8, loopback")`,
    it: `${setting}: ${shown(value)} non è un'impostazione di proxy valida: indica true (un proxy), il numero di proxy davanti al server (un numero intero; 0 per nessuno) oppure gli indirizzi o le sottoreti dei proxy (ad es. "10.0.0.0/8, loopback")`,
  });
}

/** The trust function of a setting, undefined for none; a setting it cannot use is refused, naming `setting`. */
function trustOf(value: unknown, setting: string): Trust | undefined {
  if (value === undefined) return undefined;
  const shape = TrustProxyShape.safeParse(value);
  if (!shape.success) throw refusal(setting, value, undefined);
  const trust = shape.data;
  if (trust === false || trust === 0) return undefined;
  // socket = hop 0: n proxies are the socket and the n - 1 hops after it; the next one is the client
  if (trust === true) return (_address, hop) => hop < 1;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const entries = ProxyEntries.safeParse(typeof trust === 'string' ? trust.split(',') : trust);
  if (!entries.success) throw refusal(setting, value, entries.error.issues.find((i) => i.code === 'custom')?.params?.['entry']);
  return proxyaddr.compile(entries.data);
}

/**
 * The rule for a `trustProxy` setting, made once when a server is created so that a setting it cannot use is refused
 * there (a `BilingualError` naming `setting`, e.g. `"startStudio trustProxy"` or an environment variable), not at the
 * first request. The address is proxy-addr's (what Express uses): it walks X-Forwarded-For from the socket leftwards
 * and stops at the first address that is not a trusted proxy; a header with fewer hops than proxies gives its furthest
 * address. Hops before the client's are whatever the client wrote: keyed on them, a forged header would buy a fresh
 * count per request or block another client's address, which is why the count or the list must match the deployment.
 */
export function clientAddressRule(trustProxy: TrustProxy | undefined, setting: string): ClientAddressRule {
  const trust = trustOf(trustProxy, setting);
  if (trust === undefined) return (socketAddress) => socketAddress;
  return (socketAddress, forwardedFor) => {
    // proxy-addr reads only a request's socket address and header (core imports no node:http, it runs in browsers);
    // node joins repeated headers with ", " as here
    const header = typeof forwardedFor === 'string' ? forwardedFor : forwardedFor?.join(', ');
    const request = { socket: { remoteAddress: socketAddress }, headers: { 'x-forwarded-for': header } };
    return proxyaddr(request as unknown as Parameters<typeof proxyaddr>[0], trust) as string | undefined;
  };
}

/**
 * The address of the client an HTTP request came from, for keying a throttle or a rejection budget: the socket's, or
 * behind reverse proxies (`trustProxy`) the one X-Forwarded-For gives (see `TrustProxy` and `clientAddressRule`; a
 * server makes the rule once instead). Used by the studio's login throttle and the billing webhook's rejections.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | readonly string[] | undefined, trustProxy: TrustProxy | undefined): string | undefined {
  return clientAddressRule(trustProxy, 'trustProxy')(socketAddress, forwardedFor);
}

/**
 * A `trustProxy` setting from an environment variable's text: unset, empty or `0` is none, `1` one proxy (`true`),
 * another whole number that many, anything else a comma-separated list of addresses or subnets. One it cannot use is refused
 * here, naming `variable`, so a server started from it stops before it listens.
 */
export function trustProxyFromEnv(text: string | undefined, variable: string): TrustProxy | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (/^0+$/.test(value)) return undefined;
  const setting = value === '1' ? true : /^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim());
  trustOf(setting, variable);
  return setting;
}
