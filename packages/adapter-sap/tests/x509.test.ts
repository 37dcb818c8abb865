import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SapAuthError, SapConfigError, MemoryPostingLog, SupplierInvoicePoster, redactConfig, resolveAuth, type SapConfigInput } from '../src/index.js';
import { FakeS4Hana } from '../src/testing/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';
import { makeTestPki, type TestPki } from './testCertificates.js';

// X.509 client certificates (mutual TLS) against a fake S/4HANA serving HTTPS with a test CA made by openssl.
let pki: TestPki;
let fake: FakeS4Hana;
beforeAll(async () => {
  pki = makeTestPki();
  fake = await FakeS4Hana.start({ password: PASSWORD, tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert } });
});
afterAll(async () => {
  await fake?.close();
  pki?.cleanup();
});

type Auth = SapConfigInput['connection']['auth'];
const env = () => ({ SAP_CERT_PASSPHRASE: pki.passphrase });
function poster(auth: Auth, over: { caFile?: string | undefined } = { caFile: pki.caFile }) {
  const config = makeConfig(fake.url, 10, { auth, ...(over.caFile ? { caFile: over.caFile } : {}) });
  const messages: string[] = [];
  const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth, env()), {
    log: new MemoryPostingLog(),
    sleep: async () => {},
    onExchange: (e) => void messages.push(JSON.stringify(e)),
  });
  return { p, config, messages };
}
/** The error a connection check ends with, for its type and message. */
const failure = (p: SupplierInvoicePoster) => p.checkConnection().then(() => undefined, (e: unknown) => e as Error);
const noSecrets = (text: string) => {
  expect(text).not.toContain(pki.passphrase);
  expect(text).not.toMatch(/PRIVATE KEY/);
};

describe('X.509 client certificate (mutual TLS)', () => {
  it('a certificate and key issued by the trusted CA (PEM files) post an invoice without any Authorization header', async () => {
    const { p } = poster({ type: 'x509', certFile: pki.clientCertFile, keyFile: pki.clientKeyFile });
    const before = fake.invoices.length;
    const report = await p.postAll([makeInvoice(1)]);
    expect(report.results.map((r) => r.outcome.status)).toEqual(['posted']);
    expect(fake.invoices.length).toBe(before + 1);
  });

  it('a PKCS#12 (PFX) file and an encrypted PEM key work with the passphrase from the environment', async () => {
    for (const auth of [
      { type: 'x509', pfxFile: pki.clientPfxFile, passphraseEnv: 'SAP_CERT_PASSPHRASE' },
      { type: 'x509', certFile: pki.clientCertFile, keyFile: pki.clientEncryptedKeyFile, passphraseEnv: 'SAP_CERT_PASSPHRASE' },
    ] as const) {
      await expect(poster(auth).p.checkConnection()).resolves.toMatchObject({ csrf: true });
    }
  });

  it('without a client certificate SAP refuses the logon: a SapAuthError that says so, and the batch stops', async () => {
    const refusals = fake.certificateRefusals;
    const { p } = poster({ type: 'basic', username: 'INTEGRATION', password: PASSWORD });
    const error = await failure(p);
    expect(error).toBeInstanceOf(SapAuthError);
    expect(error?.message).toMatch(/401 Unauthorized \(Logon failed: no client certificate was presented\)/);
    expect(fake.certificateRefusals).toBeGreaterThan(refusals); // HEAD, then GET for the logon message
    const before = fake.invoices.length;
    const report = await p.postAll([makeInvoice(2), makeInvoice(3)]);
    // both start concurrently (concurrency 4): each fails on auth, or is not attempted once the batch stopped
    for (const r of report.results) expect(r.outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^(auth|not-attempted)$/) });
    expect(fake.invoices.length).toBe(before);
  });

  it('a certificate from another CA is refused with a SapAuthError naming the untrusted issuer', async () => {
    const { p } = poster({ type: 'x509', certFile: pki.otherCaClientCertFile, keyFile: pki.otherCaClientKeyFile });
    const error = await failure(p);
    expect(error).toBeInstanceOf(SapAuthError);
    expect(error?.message).toMatch(/401 Unauthorized to the client certificate \(Logon failed: client certificate CN=PROVVIGO_COMM issued by CN=Some Other CA is not trusted/);
  });

  it("SAP's server certificate from an internal CA is refused unless connection.caFile trusts it", async () => {
    const { p } = poster({ type: 'x509', certFile: pki.clientCertFile, keyFile: pki.clientKeyFile }, { caFile: undefined });
    const error = await failure(p);
    expect(error).toBeInstanceOf(SapAuthError);
    expect(error?.message).toMatch(/connection\.caFile/);
  });

  it('a wrong passphrase or a missing file is a SapConfigError naming the field, never the secret', () => {
    const wrong = makeConfig(fake.url, 1, { auth: { type: 'x509', pfxFile: pki.clientPfxFile, passphrase: 'not-the-passphrase' } });
    expect(() => resolveAuth(wrong.connection.auth)).toThrow(SapConfigError);
    expect(() => resolveAuth(wrong.connection.auth)).toThrow(/passphrase is wrong/);
    const missing = makeConfig(fake.url, 1, { auth: { type: 'x509', certFile: `${pki.dir}/nope.crt`, keyFile: pki.clientKeyFile } });
    expect(() => resolveAuth(missing.connection.auth)).toThrow(/connection\.auth\.certFile: cannot read .*nope\.crt \(ENOENT\)/);
    const unset = makeConfig(fake.url, 1, { auth: { type: 'x509', pfxFile: pki.clientPfxFile, passphraseEnv: 'UNSET_VARIABLE' } });
    expect(() => resolveAuth(unset.connection.auth, {})).toThrow(/UNSET_VARIABLE is not set/);
    for (const config of [wrong, missing]) {
      const message = (() => {
        try {
          resolveAuth(config.connection.auth);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).not.toBe('');
      noSecrets(message);
    }
    // the printable copy hides an inline passphrase
    expect(JSON.stringify(redactConfig(wrong))).not.toContain('not-the-passphrase');
  });

  it('half a configuration is refused by the schema: a certificate without its key, or PEM files and a PFX together', () => {
    expect(() => makeConfig(fake.url, 1, { auth: { type: 'x509', certFile: pki.clientCertFile } })).toThrow(/certFile and keyFile/);
    expect(() => makeConfig(fake.url, 1, { auth: { type: 'x509', pfxFile: pki.clientPfxFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile } })).toThrow(
      /either pfxFile or certFile and keyFile/,
    );
  });

  it('no secret reaches an error message or the exchange log', async () => {
    const { p, messages } = poster({ type: 'x509', pfxFile: pki.clientPfxFile, passphraseEnv: 'SAP_CERT_PASSPHRASE' });
    await p.postAll([makeInvoice(4)]);
    const other = poster({ type: 'x509', certFile: pki.otherCaClientCertFile, keyFile: pki.otherCaClientKeyFile });
    const error = await failure(other.p);
    // something to search: the exchanges of both posters and the refusal's message
    expect(messages.length).toBeGreaterThan(0);
    expect(other.messages.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(SapAuthError);
    for (const text of [...messages, ...other.messages, error?.message ?? '']) noSecrets(text);
  });
});
