// Secrets are never logged: `sendInvoices` takes the SMTP credentials in its URL (smtp://user:pass@host). Each case
// gives a real password and reads every character that comes back or is kept: the thrown error as it prints whole,
// the warnings the process emits, each partner's result and the delivery log. The servers are real: an SMTP server
// on 127.0.0.1 that refuses the password (smtp-server with AUTH), and a port where nothing listens.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildInvoiceDocumentOrThrow, JsonlDeliveryLog, sendInvoices, type InvoiceDocument } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement } from './helpers.js';

const SECRET = 'S3cr3t-Smtp-Pw';
const FROM = 'provvigioni@energiafutura.example';

function oneDocument(): InvoiceDocument {
  const p = partner('A1', { language: 'it' });
  p.billing = { ...p.billing, email: 'a1@partners.example' };
  const st = statement('A1', [['activation', 'Attivazioni', '1200.00']]);
  return buildInvoiceDocumentOrThrow({ principal, partner: p, period, statement: st, fiscal: fiscalFor('agentOrdinary', st.total), number: 'PV-2026/1', date: '2026-04-10', transmissionId: '00001' });
}

let dir: string;
let server: SMTPServer;
let port: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-secrets-'));
  server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
}, 60_000);

/** Runs one delivery and returns all it showed or kept: the error or the results, the log file, and process warnings. */
async function deliver(smtp: Parameters<typeof sendInvoices>[1]['smtp'], name: string): Promise<string> {
  const warnings = vi.spyOn(process, 'emitWarning');
  const logFile = join(dir, `${name}.jsonl`);
  try {
    const outcome = await sendInvoices([oneDocument()], { smtp, from: FROM, log: new JsonlDeliveryLog(logFile), now: () => new Date('2026-04-10T09:00:00Z') }).then(
      (report) => inspect(report, { depth: 10 }),
      (error: unknown) => inspect(error, { depth: 10 }),
    );
    const log = await readFile(logFile, 'utf8').catch(() => '');
    return [outcome, log, inspect(warnings.mock.calls, { depth: 5 })].join('\n');
  } finally {
    warnings.mockRestore();
  }
}

describe('an SMTP URL that is not one is refused without quoting its password', () => {
  it.each([
    ['no scheme', `mailer:${SECRET}@127.0.0.1:1`],
    ['a "/" in the password', `smtp://mailer:${SECRET}/x@127.0.0.1:1`],
    ['a port that is not one', `smtp://mailer:${SECRET}@127.0.0.1:notaport`],
  ])('%s', async (name, smtp) => {
    const shown = await deliver(smtp, name);
    expect(shown).not.toContain(SECRET);
    expect(shown).toMatch(/not an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it('the url of an options object too', async () => {
    const shown = await deliver({ url: `smtp://mailer:${SECRET}/x@127.0.0.1:1` }, 'options-url');
    expect(shown).not.toContain(SECRET);
    expect(shown).toMatch(/not an smtp:\/\/ or smtps:\/\/ URL/);
  });
});

describe('a delivery that fails records why without the password', () => {
  it.each([
    ['a wrong password', () => `smtp://mailer:${SECRET}@127.0.0.1:${port}`, /535 Invalid username or password/],
    ['no server', () => `smtp://mailer:${SECRET}@127.0.0.1:1`, /ECONNREFUSED/],
  ])('%s', async (name, smtp, why) => {
    const shown = await deliver(smtp(), name.replace(/ /g, '-'));
    expect(shown).toMatch(why);
    expect(shown).not.toContain(SECRET);
  });
});
