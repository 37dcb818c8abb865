import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BilingualError, clientAddress, clientAddressRule, trustProxyFromEnv, type TrustProxy } from '../src/index.js';

// The studio's login throttle and the billing webhook's rejection budget key clients by this address; the HTTP tests
// of both (studio trustedProxies/loginThrottleBypass, adapter-billing refusalsAndPlaces) drive it through their servers.
// Here a bare node:http server answers the key itself, for requests sent from 127.0.0.1 with crafted X-Forwarded-For.
// Expected keys follow proxy-addr's documented rule (what Express uses): walking from the socket towards the left of
// the header, the client is the first address not trusted; a hop count n trusts the socket and the n - 1 hops after it.

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server answering the key `clientAddress` gives each request under `trustProxy`; returns a function asking it. */
async function keyServer(trustProxy: TrustProxy | undefined): Promise<(forwardedFor?: string) => Promise<string>> {
  const addressOf = clientAddressRule(trustProxy, 'trustProxy');
  const server = createServer((req, res) => res.end(addressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']) ?? '(none)'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return async (forwardedFor) => (await fetch(url, { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } })).text();
}

describe('clientAddress: no proxy (false or absent)', () => {
  it('is the socket address whatever the header says', async () => {
    for (const setting of [undefined, false] as const) {
      const key = await keyServer(setting);
      expect(await key('203.0.113.9')).toBe('127.0.0.1');
      expect(await key()).toBe('127.0.0.1');
    }
    expect(clientAddress(undefined, '203.0.113.9', false)).toBeUndefined();
  });
});

describe('clientAddress: true, exactly one proxy (as before)', () => {
  it("is the last hop (the proxy's own), never one the client wrote before it", async () => {
    const key = await keyServer(true);
    expect(await key('203.0.113.1, 198.51.100.7')).toBe('198.51.100.7');
    expect(await key(' 198.51.100.8 ')).toBe('198.51.100.8');
    // the proxy host itself, without the header: the socket
    expect(await key()).toBe('127.0.0.1');
    // not "trust every hop": a client writing the header gets no say in its key
    expect(clientAddress('10.0.0.1', '203.0.113.1, 198.51.100.7', true)).toBe('198.51.100.7');
  });
});

describe('clientAddress: a number of proxies', () => {
  it('behind two proxies, is the address two hops from the socket: two clients get two keys, a forged first hop none', async () => {
    // a load balancer (10.0.0.2) appended the client, then nginx (the socket, 127.0.0.1) appended the load balancer
    const key = await keyServer(2);
    expect(await key('198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    expect(await key('198.51.100.8, 10.0.0.2')).toBe('198.51.100.8');
    expect(await key('203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    expect(await key('203.0.113.1, 203.0.113.2, 198.51.100.8, 10.0.0.2')).toBe('198.51.100.8');
  });

  it('behind three proxies, three hops; a header shorter than the chain gives its furthest address', async () => {
    const key = await keyServer(3);
    expect(await key('203.0.113.1, 198.51.100.7, 10.0.0.3, 10.0.0.2')).toBe('198.51.100.7');
    expect(await key('10.0.0.2')).toBe('10.0.0.2');
    expect(await key()).toBe('127.0.0.1');
  });

  it('1 is the same as true', async () => {
    const key = await keyServer(1);
    expect(await key('203.0.113.1, 198.51.100.7')).toBe('198.51.100.7');
  });
});

describe('clientAddress: the proxies by address or subnet', () => {
  it('is the first address from the right that is not a trusted proxy, as a list or a comma-separated string', async () => {
    for (const setting of [['loopback', '10.0.0.0/8'], 'loopback, 10.0.0.0/8', ['127.0.0.1', '10.0.0.2', '10.0.0.3']] as const) {
      const key = await keyServer(setting);
      expect(await key('198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
      expect(await key('198.51.100.8, 10.0.0.3, 10.0.0.2')).toBe('198.51.100.8');
      // a forged first hop changes nothing
      expect(await key('203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
      // a hop from an address that is no trusted proxy is the client, whatever it wrote before
      expect(await key('198.51.100.7, 192.0.2.5')).toBe('192.0.2.5');
      expect(await key()).toBe('127.0.0.1');
    }
  });

  it('ignores the header when the socket peer is not one of the proxies (a client reaching the server directly)', async () => {
    const key = await keyServer(['10.0.0.0/8']);
    expect(await key('198.51.100.7, 10.0.0.2')).toBe('127.0.0.1');
    expect(await key('198.51.100.8')).toBe('127.0.0.1');
  });

  it('when every hop is a trusted proxy, is the furthest one', async () => {
    const key = await keyServer('loopback, 10.0.0.0/8');
    expect(await key('10.0.0.3, 10.0.0.2')).toBe('10.0.0.3');
  });
});

describe('clientAddress: settings refused when the rule is made', () => {
  /** The refusal of `setting`, both languages; fails the test when it is accepted. */
  function refusal(setting: unknown, name = 'trustProxy'): { en: string; it: string } {
    let thrown: unknown;
    try {
      clientAddressRule(setting as TrustProxy, name);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BilingualError);
    const messages = (thrown as BilingualError).messages;
    expect(messages).toBeDefined();
    return messages!;
  }

  it('refuses a count that is no whole number of at least 1, naming the option, in both languages', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const m = refusal(bad);
      expect(m.en).toMatch(/^trustProxy: .* is not a proxy setting: give true \(one proxy\), the number of proxies/);
      expect(m.it).toMatch(/^trustProxy: .* non è un'impostazione di proxy valida/);
    }
  });

  it('refuses an address or subnet proxy-addr cannot read, naming it', () => {
    const m = refusal(['loopback', '10.0.0.300']);
    expect(m.en).toBe('trustProxy: "10.0.0.300" is not an IP address, a subnet (CIDR, e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal');
    expect(m.it).toBe('trustProxy: "10.0.0.300" non è un indirizzo IP, una sottorete (CIDR, ad es. 10.0.0.0/8) né uno tra loopback, linklocal, uniquelocal');
    expect(refusal('10.0.0.0/33').en).toContain('"10.0.0.0/33"');
    expect(refusal('everything').en).toContain('"everything"');
    expect(refusal('loopback,,10.0.0.0/8').en).toMatch(/^trustProxy: .* is not a proxy setting/);
  });

  it('refuses an empty list, an empty string and other types', () => {
    for (const bad of [[], '', '  ', {}, null]) expect(refusal(bad).en).toMatch(/^trustProxy: .* is not a proxy setting/);
  });

  it('clientAddress itself refuses a bad setting', () => {
    expect(() => clientAddress('127.0.0.1', undefined, -1)).toThrow(BilingualError);
  });

  it('reads 0 proxies as none: the socket address, the header ignored', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.7', 0)).toBe('127.0.0.1');
  });
});

describe('trustProxyFromEnv', () => {
  it('reads 1 as one proxy, a whole number as a count, anything else as a comma-separated list; unset or empty as none', () => {
    expect(trustProxyFromEnv('1', 'STUDIO_TRUST_PROXY')).toBe(true);
    expect(trustProxyFromEnv('2', 'STUDIO_TRUST_PROXY')).toBe(2);
    expect(trustProxyFromEnv(' 10.0.0.0/8, loopback ', 'STUDIO_TRUST_PROXY')).toEqual(['10.0.0.0/8', 'loopback']);
    expect(trustProxyFromEnv(undefined, 'STUDIO_TRUST_PROXY')).toBeUndefined();
    expect(trustProxyFromEnv('', 'STUDIO_TRUST_PROXY')).toBeUndefined();
    expect(trustProxyFromEnv('0', 'STUDIO_TRUST_PROXY')).toBeUndefined();
  });

  it('refuses what it cannot use, naming the variable', () => {
    expect(() => trustProxyFromEnv('-1', 'STUDIO_TRUST_PROXY')).toThrow('STUDIO_TRUST_PROXY: "-1" is not an IP address');
    expect(() => trustProxyFromEnv('yes', 'STUDIO_TRUST_PROXY')).toThrow('STUDIO_TRUST_PROXY: "yes" is not an IP address');
    expect(() => trustProxyFromEnv('1.5', 'STUDIO_TRUST_PROXY')).toThrow('STUDIO_TRUST_PROXY: "1.5" is not an IP address');
  });
});
