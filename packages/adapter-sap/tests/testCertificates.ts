import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PKI made with the openssl CLI (Debian package openssl) for the mutual-TLS tests: a test CA, the fake
 * S/4HANA's server certificate for 127.0.0.1, a client certificate issued by the CA (as PEM, as an encrypted PEM key
 * and as a PKCS#12 file with a passphrase), and a client certificate from another CA.
 */
export interface TestPki {
  dir: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  /** files */
  clientCertFile: string;
  clientKeyFile: string;
  clientEncryptedKeyFile: string;
  clientPfxFile: string;
  otherCaClientCertFile: string;
  otherCaClientKeyFile: string;
  caFile: string;
  passphrase: string;
  cleanup(): void;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-sap-pki-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string, cn: string) => ssl('req', '-x509', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.crt`), '-days', '2', '-subj', `/CN=${cn}`);
  const leaf = (name: string, cn: string, issuer: string, ext: string) => {
    ssl('req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    writeFileSync(f(`${name}.ext`), ext);
    ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${issuer}.crt`), '-CAkey', f(`${issuer}.key`), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '2', '-extfile', f(`${name}.ext`));
  };
  ca('ca', 'Provvigo Test CA');
  ca('other-ca', 'Some Other CA');
  leaf('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'PROVVIGO_COMM', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf('stranger', 'PROVVIGO_COMM', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const passphrase = 'pfx-Pa55phrase!';
  ssl('pkcs12', '-export', '-inkey', f('client.key'), '-in', f('client.crt'), '-out', f('client.p12'), '-passout', `pass:${passphrase}`);
  ssl('pkey', '-in', f('client.key'), '-aes256', '-passout', `pass:${passphrase}`, '-out', f('client-encrypted.key'));
  return {
    dir,
    caCert: readFileSync(f('ca.crt'), 'utf8'),
    serverKey: readFileSync(f('server.key'), 'utf8'),
    serverCert: readFileSync(f('server.crt'), 'utf8'),
    clientCertFile: f('client.crt'),
    clientKeyFile: f('client.key'),
    clientEncryptedKeyFile: f('client-encrypted.key'),
    clientPfxFile: f('client.p12'),
    otherCaClientCertFile: f('stranger.crt'),
    otherCaClientKeyFile: f('stranger.key'),
    caFile: f('ca.crt'),
    passphrase,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
