import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeS4Hana } from '@provvigo/adapter-sap/testing';
import { postSapCommand } from '../src/commands/post.js';
import { createProgram } from '../src/program.js';
import { capture } from './helpers/capture.js';
import { inItalian } from './helpers/inItalian.js';

// `provvigo post sap --accruals` against the fake S/4HANA over HTTP, with the journal log in a PGlite store: what the
// command prints must let finance find every journal entry in SAP's Message Dashboard (its state and message id), and
// an entry whose outcome is unknown must come with what to do.

const PASSWORD = 'accruals-Pa55';
const env = { SAP_TEST_PASSWORD: PASSWORD };
const now = () => new Date('2026-12-01T06:00:00.000Z');
let dir: string;
let fake: FakeS4Hana;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-accruals-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await fake.close();
});

/** A fake SAP that queues accepted messages until `processJournalQueue`, and its config with the read-back service. */
async function sapConfig(): Promise<string> {
  fake = await FakeS4Hana.start({ password: PASSWORD, journalProcessing: 'manual' });
  const config = {
    connection: {
      baseUrl: fake.url,
      journalEntryPath: '/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques',
      journalEntryReadPath: '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
      auth: { type: 'basic', username: 'INTEGRATION', passwordEnv: 'SAP_TEST_PASSWORD' },
      retryBaseDelayMs: 0,
      timeoutMs: 30000,
    },
    posting: { companyCode: 'IT01' },
    suppliers: { P1: '17300001' },
    glAccounts: { default: '0061010000' },
    taxCodes: [{ rate: '22', taxCode: 'V2' }],
    accruals: { accruedLiabilityGlAccount: '0021900000' },
  };
  const file = join(dir, `sap-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}

/** An accruals file (adapter-sap AccrualSet) for partner P1: the accrual, and its reversal when `reversal` is set. */
async function accrualsFile(accrualId: string, amount: string, reversal = true): Promise<string> {
  const file = join(dir, `${accrualId}.json`);
  const set = { accrualId, periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR', lines: [{ partnerId: 'P1', amount }] };
  await writeFile(file, JSON.stringify(reversal ? { ...set, reversalDate: '2026-12-01' } : set));
  return file;
}

/** The WS-Addressing message ids of the SOAP messages SAP stored, in order (a duplicate id is not stored again). */
const storedIds = () => fake.soapMessages.map((xml) => /<wsa:MessageID>urn:uuid:([^<]+)<\/wsa:MessageID>/.exec(xml)![1]!);
const soapCalls = () => fake.requests.filter((r) => r.op === 'soap').length;

const todoEn = (id: string, refs: string) =>
  `accruals: message ${id}: what to do: SAP may hold it; look it up in SAP's Message Dashboard, then run this command again: ` +
  `what SAP has posted is recorded as posted, the rest goes again under message ${id}, which SAP does not process twice. ` +
  `If the accruals changed since, the run refuses to send them under that id: settle message ${id} in SAP first, then use --resend ${refs}\n`;
const todoIt = (id: string, refs: string) =>
  `ratei: messaggio ${id}: cosa fare: SAP potrebbe averlo; cercalo nel Message Dashboard di SAP, poi esegui di nuovo questo comando: ` +
  `ciò che SAP ha registrato risulta registrato, il resto riparte con il messaggio ${id}, che SAP non elabora due volte. ` +
  `Se i ratei sono cambiati nel frattempo, l'esecuzione rifiuta di inviarli con quell'ID: sistema prima il messaggio ${id} in SAP, poi usa --resend ${refs}\n`;

describe('provvigo post sap --accruals tells what happened to each journal entry', () => {
  it('an unanswered send lists its entries as unknown with what to do; the re-run says they went again under the same id', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, accruals: await accrualsFile('ACC-UNK', '10.00'), db: join(dir, 'db') };
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    const first = capture();
    expect(await postSapCommand(opts, first.io, { env, fetch: fake.fetch, now })).toBe(1);
    const [held] = storedIds();
    expect(first.errors()).toMatch(/^accruals: /);
    expect(first.text()).toBe(`accruals: message ${held}: 2 journal entries (ACC-UNK, ACC-UNKR) with outcome unknown\n${todoEn(held!, 'ACC-UNK,ACC-UNKR')}`);

    const second = capture();
    expect(await postSapCommand(opts, second.io, { env, fetch: fake.fetch, now })).toBe(0);
    expect(second.text()).toBe(
      `accruals: message ${held}: 2 journal entries (ACC-UNK, ACC-UNKR) sent again under the same message id (the first send had no answer) and accepted by SAP, which processes a message id once\n`,
    );
    // the second message reached SAP and was dropped as a duplicate of the first
    expect(soapCalls()).toBe(2);
    expect(storedIds()).toEqual([held]);

    const third = capture();
    expect(await postSapCommand(opts, third.io, { env, fetch: fake.fetch, now })).toBe(0);
    expect(third.text()).toBe(`accruals: message ${held}: 2 journal entries (ACC-UNK, ACC-UNKR) already accepted by SAP, not sent again (--resend ACC-UNK,ACC-UNKR to send again)\n`);
    expect(soapCalls()).toBe(2);
  });

  it('a run that sends two messages names both ids with their entries, not only the last', async () => {
    const config = await sapConfig();
    const db = join(dir, 'db');
    // the accrual alone first, unanswered: recorded unknown under the message SAP holds
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    const first = capture();
    const opts = { period: '2026-11', config, db };
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-TWO', '20.00', false) }, first.io, { env, fetch: fake.fetch, now })).toBe(1);
    const [held] = storedIds();
    // the same accrual with its reversal: the accrual goes again under its id, the reversal in a new message
    const second = capture();
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-TWO', '20.00') }, second.io, { env, fetch: fake.fetch, now })).toBe(0);
    const fresh = storedIds()[1];
    expect(storedIds()).toEqual([held, fresh]);
    expect(second.text()).toBe(
      `accruals: message ${held}: 1 journal entry (ACC-TWO) sent again under the same message id (the first send had no answer) and accepted by SAP, which processes a message id once\n` +
        `accruals: message ${fresh}: 1 journal entry (ACC-TWOR) accepted by SAP; results in the SAP Message Dashboard\n`,
    );
  });

  it('an entry SAP posted meanwhile is reported posted with its document; an entry SAP refused with its reason', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, accruals: await accrualsFile('ACC-POST', '30.00'), db: join(dir, 'db') };
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    expect(await postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now })).toBe(1);
    const [held] = storedIds();
    // SAP's AIF run posts the message: the accrual gets the fake's first document number, the reversal the next
    fake.processJournalQueue();
    const posted = capture();
    expect(await postSapCommand(opts, posted.io, { env, fetch: fake.fetch, now })).toBe(0);
    expect(posted.text()).toBe(
      `accruals: message ${held}: 1 journal entry (ACC-POST) posted in SAP as document 100000001\n` +
        `accruals: message ${held}: 1 journal entry (ACC-POSTR) posted in SAP as document 100000002\n`,
    );

    fake.inject({ op: 'soap', action: 'status-500' });
    const refused = capture();
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-FAULT', '40.00') }, refused.io, { env, fetch: fake.fetch, now })).toBe(1);
    const why = 'accruals ACC-FAULT: SAP 500 SOAP_FAULT: Web service processing error (fault injected)';
    expect(refused.errors()).toBe(`accruals: ${why}\n`);
    const id = /^accruals: message ([0-9a-f-]{36}): /.exec(refused.text())?.[1];
    expect(refused.text()).toBe(`accruals: message ${id}: 2 journal entries (ACC-FAULT, ACC-FAULTR) refused by SAP: ${why}\n`);
  });

  it('refuses changed accruals under the old message id, naming the file, each entry, the message and the Message Dashboard', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-CHG', '50.00');
    const opts = { period: '2026-11', config, accruals: file, db: join(dir, 'db') };
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    expect(await postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now })).toBe(1);
    const [held] = storedIds();
    // the period is re-run before the next post: P1's accrual is 55.00 now
    await accrualsFile('ACC-CHG', '55.00');
    const c = capture();
    expect(await postSapCommand(opts, c.io, { env, fetch: fake.fetch, now })).toBe(1);
    const issue = (kind: string, ref: string) =>
      `ACC-CHG: JournalEntry[${ref}]: the ${kind} ${ref} changed after message ${held} carried it (sent 2026-12-01T06:00:00.000Z without an answer): ` +
      `SAP drops a message id it already holds, so sent again under ${held} it would keep the first amounts; nothing was sent. ` +
      `Look message ${held} up in SAP's Message Dashboard: if SAP posted it, reverse that document; if it is still waiting, cancel it; ` +
      'then send the entry with a new message id (resend)';
    expect(c.errors()).toBe(`accruals: ${file}: ${issue('accrual', 'ACC-CHG')}; ${issue('reversal', 'ACC-CHGR')}\n`);
    expect(c.text()).toBe(`accruals: message ${held}: 2 journal entries (ACC-CHG, ACC-CHGR) with outcome unknown\n${todoEn(held!, 'ACC-CHG,ACC-CHGR')}`);
    // nothing went to SAP: the one SOAP call is the first send
    expect(soapCalls()).toBe(1);

    // settled in SAP, --resend sends the new amounts under a new message id
    const resent = capture();
    expect(await postSapCommand({ ...opts, resend: true }, resent.io, { env, fetch: fake.fetch, now })).toBe(0);
    const fresh = storedIds()[1];
    expect(fresh).not.toBe(held);
    expect(fake.soapMessages[1]).toContain('>55.00<');
    expect(resent.text()).toBe(`accruals: message ${fresh}: 2 journal entries (ACC-CHG, ACC-CHGR) accepted by SAP; results in the SAP Message Dashboard\n`);
  });

  it('says it all in Italian', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-IT', '60.00');
    const opts = { period: '2026-11', config, accruals: file, db: join(dir, 'db') };
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    const first = capture();
    expect(await inItalian(() => postSapCommand(opts, first.io, { env, fetch: fake.fetch, now }))).toBe(1);
    const [held] = storedIds();
    expect(first.text()).toBe(`ratei: messaggio ${held}: 2 scritture contabili (ACC-IT, ACC-ITR) con esito sconosciuto\n${todoIt(held!, 'ACC-IT,ACC-ITR')}`);

    await accrualsFile('ACC-IT', '66.00');
    const changed = capture();
    expect(await inItalian(() => postSapCommand(opts, changed.io, { env, fetch: fake.fetch, now }))).toBe(1);
    const issue = (which: string, ref: string) =>
      `ACC-IT: JournalEntry[${ref}]: ${which} ${ref} è cambiato dopo che il messaggio ${held} lo ha portato (inviato 2026-12-01T06:00:00.000Z senza risposta): ` +
      `SAP scarta un ID messaggio che ha già, quindi rinviato con ${held} terrebbe gli importi del primo invio; non è stato inviato nulla. ` +
      `Cerca il messaggio ${held} nel Message Dashboard di SAP: se SAP lo ha registrato, storna quel documento; se è ancora in attesa, annullalo; ` +
      'poi invia la scrittura con un nuovo ID messaggio (resend)';
    expect(changed.errors()).toBe(`ratei: ${file}: ${issue('il rateo', 'ACC-IT')}; ${issue('lo storno', 'ACC-ITR')}\n`);

    // back to the amounts first sent: they go again under the held id
    await accrualsFile('ACC-IT', '60.00');
    const again = capture();
    expect(await inItalian(() => postSapCommand(opts, again.io, { env, fetch: fake.fetch, now }))).toBe(0);
    expect(again.text()).toBe(
      `ratei: messaggio ${held}: 2 scritture contabili (ACC-IT, ACC-ITR) inviate di nuovo con lo stesso ID messaggio (il primo invio era rimasto senza risposta) e accettate da SAP, che elabora un ID messaggio una volta sola\n`,
    );
    const accepted = capture();
    // accepted before, not yet processed by SAP: read back, still accepted
    expect(await inItalian(() => postSapCommand(opts, accepted.io, { env, fetch: fake.fetch, now }))).toBe(0);
    expect(accepted.text()).toBe(`ratei: messaggio ${held}: 2 scritture contabili (ACC-IT, ACC-ITR) già accettate da SAP, non inviate di nuovo (--resend ACC-IT,ACC-ITR per un nuovo invio)\n`);
    fake.processJournalQueue(); // 100000001 (ACC-IT), 100000002 (ACC-ITR)
    const posted = capture();
    // the next run reads them back: posted, each with its document
    expect(await inItalian(() => postSapCommand(opts, posted.io, { env, fetch: fake.fetch, now }))).toBe(0);
    expect(posted.text()).toBe(
      `ratei: messaggio ${held}: 1 scrittura contabile (ACC-IT) registrata in SAP con il documento 100000001\n` +
        `ratei: messaggio ${held}: 1 scrittura contabile (ACC-ITR) registrata in SAP con il documento 100000002\n`,
    );
    expect(soapCalls()).toBe(2);
  });
});

// An entry SAP accepted or posted holds the amounts of the message that carried it. Accruals changed after that (a
// re-run of the period, a correction) used to be reported "already accepted … (--resend to send again)" with exit 0:
// finance had no sign that SAP holds other amounts than the approved ones.
describe('provvigo post sap --accruals: entries changed since SAP accepted or posted them', () => {
  /** The command finance is told to run once SAP is settled: this run's accruals options, the changed entries only. */
  const resendCommand = (config: string, file: string, refs: string) =>
    `provvigo post sap --period 2026-11 --config ${config} --accruals ${file} --db ${join(dir, 'db')} --resend ${refs}`;
  const todoChangedEn = (command: string) =>
    "what to do: look the message up in SAP's Message Dashboard: if SAP posted it, reverse that document; if it is still waiting, cancel it; " +
    `then send the new amounts under a new message id, these entries only: ${command}\n`;

  it('reports an accepted entry changed since, with what to do, exit 1; the entry that did not change is still sent', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, db: join(dir, 'db') };
    // the accrual alone, accepted
    const first = capture();
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-TKN', '70.00', false) }, first.io, { env, fetch: fake.fetch, now })).toBe(0);
    const [taken] = storedIds();
    expect(first.text()).toBe(`accruals: message ${taken}: 1 journal entry (ACC-TKN) accepted by SAP; results in the SAP Message Dashboard\n`);

    // the period is re-run: P1's accrual is 77.00 now, and the set carries its reversal, never sent
    const file = await accrualsFile('ACC-TKN', '77.00');
    const changed = capture();
    expect(await postSapCommand({ ...opts, accruals: file }, changed.io, { env, fetch: fake.fetch, now })).toBe(1);
    const fresh = storedIds()[1];
    expect(storedIds()).toEqual([taken, fresh]);
    expect(fresh).not.toBe(taken);
    const changedLine =
      `accruals: message ${taken}: 1 journal entry (ACC-TKN) changed since SAP accepted it: SAP holds the amounts this message carried, not the ones in the file; not sent\n` +
      `accruals: message ${taken}: ${todoChangedEn(resendCommand(config, file, 'ACC-TKN'))}`;
    expect(changed.text()).toBe(`${changedLine}accruals: message ${fresh}: 1 journal entry (ACC-TKNR) accepted by SAP; results in the SAP Message Dashboard\n`);
    expect(changed.errors()).toBe(
      `accruals: ${file}: ACC-TKN: JournalEntry[ACC-TKN]: the accrual ACC-TKN changed after SAP accepted it (message ${taken}): SAP holds other amounts than these; not sent\n`,
    );
    // the second message carried the reversal alone, with the new amounts
    expect(fake.soapMessages[1]).not.toContain('<OriginalReferenceDocument>ACC-TKN</OriginalReferenceDocument>');
    expect(fake.soapMessages[1]).toContain('<OriginalReferenceDocument>ACC-TKNR</OriginalReferenceDocument>');
    expect(fake.soapMessages[1]).toContain('>77.00<');

    // a third run says it again rather than letting the change pass: nothing more goes to SAP
    const third = capture();
    expect(await postSapCommand({ ...opts, accruals: file }, third.io, { env, fetch: fake.fetch, now })).toBe(1);
    expect(third.text()).toBe(`${changedLine}accruals: message ${fresh}: 1 journal entry (ACC-TKNR) already accepted by SAP, not sent again (--resend ACC-TKNR to send again)\n`);
    expect(soapCalls()).toBe(2);
  });

  it('when SAP refuses the entry that did not change, the changed one is still reported as changed', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, db: join(dir, 'db') };
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-TKF', '90.00', false) }, capture().io, { env, fetch: fake.fetch, now })).toBe(0);
    const [taken] = storedIds();
    const file = await accrualsFile('ACC-TKF', '99.00');
    fake.inject({ op: 'soap', action: 'status-500' });
    const c = capture();
    expect(await postSapCommand({ ...opts, accruals: file }, c.io, { env, fetch: fake.fetch, now })).toBe(1);
    const why = 'accruals ACC-TKF: SAP 500 SOAP_FAULT: Web service processing error (fault injected)';
    const id = /accruals: message ([0-9a-f-]{36}): 1 journal entry \(ACC-TKFR\) refused/.exec(c.text())?.[1];
    expect(id).not.toBe(taken);
    expect(c.text()).toBe(
      `accruals: message ${taken}: 1 journal entry (ACC-TKF) changed since SAP accepted it: SAP holds the amounts this message carried, not the ones in the file; not sent\n` +
        `accruals: message ${taken}: ${todoChangedEn(resendCommand(config, file, 'ACC-TKF'))}` +
        `accruals: message ${id}: 1 journal entry (ACC-TKFR) refused by SAP: ${why}\n`,
    );
    expect(c.errors()).toBe(
      `accruals: ${why}\n` +
        `accruals: ${file}: ACC-TKF: JournalEntry[ACC-TKF]: the accrual ACC-TKF changed after SAP accepted it (message ${taken}): SAP holds other amounts than these; not sent\n`,
    );
  });

  it('in Italian: entries SAP posted, named with their documents; --resend then sends the new amounts', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-REG', '80.00');
    const opts = { period: '2026-11', config, accruals: file, db: join(dir, 'db') };
    // the first send has no answer, SAP's AIF run posts it, the next run finds both entries posted (100000001, 100000002)
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    expect(await inItalian(() => postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now }))).toBe(1);
    const [held] = storedIds();
    fake.processJournalQueue();
    expect(await inItalian(() => postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now }))).toBe(0);

    await accrualsFile('ACC-REG', '88.00');
    const c = capture();
    expect(await inItalian(() => postSapCommand(opts, c.io, { env, fetch: fake.fetch, now }))).toBe(1);
    const entry = (ref: string, doc: string) =>
      `ratei: messaggio ${held}: 1 scrittura contabile (${ref}) cambiata dopo che SAP l'ha registrata con il documento ${doc}: ` +
      'SAP ha gli importi portati da questo messaggio, non quelli del file; non inviata\n' +
      `ratei: messaggio ${held}: cosa fare: in SAP, storna il documento ${doc}; poi invia i nuovi importi con un nuovo ID messaggio, solo di queste scritture: ` +
      `${resendCommand(config, file, ref)}\n`;
    expect(c.text()).toBe(entry('ACC-REG', '100000001') + entry('ACC-REGR', '100000002'));
    const issue = (which: string, ref: string, doc: string) =>
      `ACC-REG: JournalEntry[${ref}]: ${which} ${ref} è cambiato dopo che SAP lo ha registrato con il documento ${doc} (messaggio ${held}): SAP ha importi diversi da questi; non inviato`;
    expect(c.errors()).toBe(`ratei: ${file}: ${issue('il rateo', 'ACC-REG', '100000001')}; ${issue('lo storno', 'ACC-REGR', '100000002')}\n`);
    expect(soapCalls()).toBe(1);

    // reversed in SAP, --resend sends the new amounts under a new message id
    const resent = capture();
    expect(await inItalian(() => postSapCommand({ ...opts, resend: true }, resent.io, { env, fetch: fake.fetch, now }))).toBe(0);
    const fresh = storedIds()[1];
    expect(fresh).not.toBe(held);
    expect(fake.soapMessages[1]).toContain('>88.00<');
    expect(resent.text()).toBe(`ratei: messaggio ${fresh}: 2 scritture contabili (ACC-REG, ACC-REGR) accettate da SAP; esiti nel Message Dashboard di SAP\n`);
  });

  // `--resend` used to send every entry of the file again under a new message id: the reversal SAP accepted in the
  // run that reported the changed accrual went again too, and SAP posted it twice. It now takes the references the
  // report prints, and the report prints the command with them.
  it('a changed accrual reported while its new reversal is accepted, then --resend <accrual ref>: SAP holds each entry once, with the new amounts', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, db: join(dir, 'db') };
    expect(await postSapCommand({ ...opts, accruals: await accrualsFile('ACC-ONCE', '70.00', false) }, capture().io, { env, fetch: fake.fetch, now })).toBe(0);
    fake.processJournalQueue(); // SAP posts the accrual, 70.00, as document 100000001

    // re-run: 77.00 now, with its reversal; the accrual is reported changed, the reversal goes
    const file = await accrualsFile('ACC-ONCE', '77.00');
    const changed = capture();
    expect(await postSapCommand({ ...opts, accruals: file }, changed.io, { env, fetch: fake.fetch, now })).toBe(1);
    const [taken, reversal] = storedIds();
    // read back first: SAP posted it, so the report names the document to reverse
    expect(changed.text()).toBe(
      `accruals: message ${taken}: 1 journal entry (ACC-ONCE) changed since SAP posted it as document 100000001: SAP holds the amounts this message carried, not the ones in the file; not sent\n` +
        `accruals: message ${taken}: what to do: in SAP, reverse document 100000001; then send the new amounts under a new message id, these entries only: ${resendCommand(config, file, 'ACC-ONCE')}\n` +
        `accruals: message ${reversal}: 1 journal entry (ACC-ONCER) accepted by SAP; results in the SAP Message Dashboard\n`,
    );
    fake.processJournalQueue(); // the reversal, 77.00, as document 100000002

    // finance reverses document 100000001 in SAP, then runs the printed command
    fake.reverseJournalEntry('100000001');
    const resent = capture();
    expect(await postSapCommand({ ...opts, accruals: file, resend: 'ACC-ONCE' }, resent.io, { env, fetch: fake.fetch, now })).toBe(0);
    const fresh = storedIds()[2];
    expect(storedIds()).toEqual([taken, reversal, fresh]);
    expect(resent.text()).toBe(
      `accruals: message ${fresh}: 1 journal entry (ACC-ONCE) accepted by SAP; results in the SAP Message Dashboard\n` +
        `accruals: message ${reversal}: 1 journal entry (ACC-ONCER) posted in SAP as document 100000002\n`,
    );
    expect(fake.soapMessages[2]).not.toContain('<OriginalReferenceDocument>ACC-ONCER</OriginalReferenceDocument>');
    fake.processJournalQueue();

    // the ledger: each entry once, not reversed, every item 77.00 (debit and credit)
    const live = fake.journalEntries.filter((e) => !e.reversed);
    expect(live.map((e) => e.originalReferenceDocument).sort()).toEqual(['ACC-ONCE', 'ACC-ONCER']);
    expect(live.flatMap((e) => e.items.map((i) => i.amount.replace(/^-/, '')))).toEqual(['77.00', '77.00', '77.00', '77.00']);
    expect(fake.journalEntries).toHaveLength(3);

    // nothing is left to do: the next plain run sends nothing and exits 0
    const after = capture();
    expect(await postSapCommand({ ...opts, accruals: file }, after.io, { env, fetch: fake.fetch, now })).toBe(0);
    expect(soapCalls()).toBe(3);
  });

  it('refuses a --resend reference that is not in the file, naming it and the file, before anything is sent; in Italian too', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-REF', '10.00');
    const opts = { period: '2026-11', config, accruals: file, db: join(dir, 'db') };
    const deps = { env, fetch: fake.fetch, now };
    const en = await postSapCommand({ ...opts, resend: 'ACC-REF,ACC-NOPE' }, capture().io, deps).catch((e: unknown) => e);
    expect((en as { format(l: string): string }).format('en')).toBe(
      `${file}: ACC-NOPE: resend: no journal entry of these accruals has the reference ACC-NOPE (theirs: ACC-REF, ACC-REFR); nothing was sent`,
    );
    expect(en).toMatchObject({ exitCode: 2 });
    const it = await inItalian(() => postSapCommand({ ...opts, resend: 'ACC-NOPE' }, capture().io, deps).catch((e: unknown) => e));
    expect((it as { format(l: string): string }).format('it')).toBe(
      `${file}: ACC-NOPE: resend: nessuna scrittura contabile di questi ratei ha il riferimento ACC-NOPE (i loro: ACC-REF, ACC-REFR); non è stato inviato nulla`,
    );
    // not even the read-back: SAP saw no request
    expect(fake.requests).toHaveLength(0);
  });

  /** A dry run of `provvigo post sap --accruals <file>` with `options` as typed: what it wrote to stderr, and its exit code. */
  async function dryRunOnCommandLine(file: string, options: string[]): Promise<{ stderr: string; exitCode: unknown }> {
    const config = await sapConfig();
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await createProgram().parseAsync(['post', 'sap', '--period', '2026-11', '--config', config, '--accruals', file, '--dry-run', ...options], { from: 'user' });
      return { stderr: err.mock.calls.map(([t]) => String(t)).join(''), exitCode: process.exitCode };
    } finally {
      err.mockRestore();
      process.exitCode = undefined;
    }
  }

  it('takes the references on the command line: `--resend ACC-X,ACC-Y` as the report prints it', async () => {
    const file = await accrualsFile('ACC-ARG', '10.00');
    expect(await dryRunOnCommandLine(file, ['--resend', 'ACC-ARG,ACC-ARGX'])).toEqual({
      stderr: `provvigo post sap: ${file}: ACC-ARGX: resend: no journal entry of these accruals has the reference ACC-ARGX (theirs: ACC-ARG, ACC-ARGR); nothing was sent\n`,
      exitCode: 2,
    });
  });

  it('takes `--adopt-reversed ACC-X` on the command line and checks it even on a dry run', async () => {
    const file = await accrualsFile('ACC-ADA', '10.00');
    expect(await dryRunOnCommandLine(file, ['--adopt-reversed', 'ACC-ADAX'])).toEqual({
      stderr: `provvigo post sap: ${file}: ACC-ADAX: adoptReversed: no journal entry of these accruals has the reference ACC-ADAX (theirs: ACC-ADA, ACC-ADAR); nothing was sent\n`,
      exitCode: 2,
    });
  });

  it('in Italian: --resend of the changed entry sends it alone under a new id and says so', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, db: join(dir, 'db') };
    const deps = { env, fetch: fake.fetch, now };
    const first = await accrualsFile('ACC-SEL', '40.00', false);
    expect(await inItalian(() => postSapCommand({ ...opts, accruals: first }, capture().io, deps))).toBe(0);
    const file = await accrualsFile('ACC-SEL', '44.00');
    const changed = capture();
    expect(await inItalian(() => postSapCommand({ ...opts, accruals: file }, changed.io, deps))).toBe(1);
    const [taken, reversal] = storedIds();
    expect(changed.text()).toBe(
      `ratei: messaggio ${taken}: 1 scrittura contabile (ACC-SEL) cambiata dopo che SAP l'ha accettata: SAP ha gli importi portati da questo messaggio, non quelli del file; non inviata\n` +
        `ratei: messaggio ${taken}: cosa fare: cerca il messaggio nel Message Dashboard di SAP: se SAP lo ha registrato, storna quel documento; se è ancora in attesa, annullalo; ` +
        `poi invia i nuovi importi con un nuovo ID messaggio, solo di queste scritture: ${resendCommand(config, file, 'ACC-SEL')}\n` +
        `ratei: messaggio ${reversal}: 1 scrittura contabile (ACC-SELR) accettata da SAP; esiti nel Message Dashboard di SAP\n`,
    );
    // the message is cancelled in SAP's Message Dashboard, then the printed command
    const resent = capture();
    expect(await inItalian(() => postSapCommand({ ...opts, accruals: file, resend: 'ACC-SEL' }, resent.io, deps))).toBe(0);
    const fresh = storedIds()[2];
    expect(fresh).not.toBe(taken);
    expect(resent.text()).toBe(
      `ratei: messaggio ${fresh}: 1 scrittura contabile (ACC-SEL) accettata da SAP; esiti nel Message Dashboard di SAP\n` +
        `ratei: messaggio ${reversal}: 1 scrittura contabile (ACC-SELR) già accettata da SAP, non inviata di nuovo (--resend ACC-SELR per un nuovo invio)\n`,
    );
    expect(soapCalls()).toBe(3);
  });
});


// Reversing an accrual is its normal lifecycle: finance reverses each period's accrual when the next one opens (or when
// the supplier's invoice posts). A later run of the accruals post for that period must not post it a second time: an
// entry the log records posted is left alone, and one the log does not hold but SAP shows posted and reversed is
// reported with what to do, not sent; `--resend <ref>` is finance's decision to post it again.
describe('provvigo post sap --accruals: entries finance reversed in SAP', () => {
  const lostDb = () => join(dir, `db-${Math.random().toString(36).slice(2)}`);

  /**
   * The accrual `accrualId` alone (no reversal entry) posted as document 100000001 from a store since lost, and
   * reversed by finance (100000002): the options of a run on a new store, and its dependencies.
   */
  async function postedReversedLogLost(accrualId: string, amount: string) {
    const config = await sapConfig();
    const file = await accrualsFile(accrualId, amount, false);
    const deps = { env, fetch: fake.fetch, now };
    expect(await postSapCommand({ period: '2026-11', config, accruals: file, db: lostDb() }, capture().io, deps)).toBe(0);
    fake.processJournalQueue(); // 100000001
    fake.reverseJournalEntry('100000001'); // 100000002
    return { file, deps, opts: { period: '2026-11', config, accruals: file, db: lostDb() } };
  }

  it('a posted accrual finance reversed is not sent again by the next run', async () => {
    const config = await sapConfig();
    const opts = { period: '2026-11', config, accruals: await accrualsFile('ACC-RVP', '15.00', false), db: join(dir, 'db') };
    // unanswered, posted by SAP's AIF run, then found posted by the next run: recorded posted as 100000001
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    expect(await postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now })).toBe(1);
    const [held] = storedIds();
    fake.processJournalQueue();
    expect(await postSapCommand(opts, capture().io, { env, fetch: fake.fetch, now })).toBe(0);
    fake.reverseJournalEntry('100000001'); // the next period opens
    const c = capture();
    expect(await postSapCommand(opts, c.io, { env, fetch: fake.fetch, now })).toBe(0);
    expect(c.text()).toBe(`accruals: message ${held}: 1 journal entry (ACC-RVP) posted in SAP as document 100000001\n`);
    expect(c.errors()).toBe('');
    expect(soapCalls()).toBe(1); // the first send, nothing since
  });

  it('an entry the log does not hold but SAP shows posted and reversed: reported, not sent, exit 1; --resend <ref> sends it', async () => {
    const { file, deps, opts } = await postedReversedLogLost('ACC-RVS', '25.00');
    const c = capture();
    expect(await postSapCommand(opts, c.io, deps)).toBe(1);
    expect(c.text()).toBe(
      'accruals: ACC-RVS: SAP shows this reference posted and then reversed (document 100000001); not sent again — ' +
        "to post the current amounts, run again with --resend ACC-RVS; if the reversal is finance's own, --adopt-reversed ACC-RVS records it as posted and later runs leave it\n",
    );
    expect(c.errors()).toBe(`accruals: ${file}: ACC-RVS: JournalEntry[ACC-RVS]: SAP shows the accrual ACC-RVS posted as document 100000001 and then reversed; not sent again\n`);
    expect(soapCalls()).toBe(1);

    const resent = capture();
    expect(await postSapCommand({ ...opts, resend: 'ACC-RVS' }, resent.io, deps)).toBe(0);
    const fresh = storedIds()[1];
    expect(resent.text()).toBe(`accruals: message ${fresh}: 1 journal entry (ACC-RVS) accepted by SAP; results in the SAP Message Dashboard\n`);
    expect(soapCalls()).toBe(2);
  });

  it('a send that fails after the read-back found an entry reversed in SAP still reports that entry', async () => {
    const { deps, opts } = await postedReversedLogLost('ACC-RVF', '45.00');
    // the file now holds its reversal entry too: that one goes out, and SAP answers 500
    const file = await accrualsFile('ACC-RVF', '45.00');
    fake.inject({ op: 'soap', action: 'status-500' });
    const c = capture();
    expect(await postSapCommand(opts, c.io, deps)).toBe(1);
    const why = 'accruals ACC-RVF: SAP 500 SOAP_FAULT: Web service processing error (fault injected)';
    const id = /accruals: message ([0-9a-f-]{36}): 1 journal entry \(ACC-RVFR\) refused/.exec(c.text())?.[1];
    // both streams in one assertion: when the report is not the expected one, the failure shows the error that says why
    // (seen once, in a CI run on an overloaded machine: both entries "not sent", the cause not printed)
    expect({ out: c.text(), err: c.errors() }).toEqual({
      out:
        'accruals: ACC-RVF: SAP shows this reference posted and then reversed (document 100000001); not sent again — ' +
        "to post the current amounts, run again with --resend ACC-RVF; if the reversal is finance's own, --adopt-reversed ACC-RVF records it as posted and later runs leave it\n" +
        `accruals: message ${id}: 1 journal entry (ACC-RVFR) refused by SAP: ${why}\n`,
      err: `accruals: ${why}\n` + `accruals: ${file}: ACC-RVF: JournalEntry[ACC-RVF]: SAP shows the accrual ACC-RVF posted as document 100000001 and then reversed; not sent again\n`,
    });
    expect(soapCalls()).toBe(2);
  });

  it('--adopt-reversed <ref>: recorded as posted with the reversed document, not sent, exit 0; later runs say posted and send nothing', async () => {
    // finance's own reversal of the accrual
    const { deps, opts } = await postedReversedLogLost('ACC-ADP', '55.00');
    const adopted = capture();
    expect(await postSapCommand({ ...opts, adoptReversed: 'ACC-ADP' }, adopted.io, deps)).toBe(0);
    expect(adopted.text()).toBe('accruals: ACC-ADP: recorded as posted as document 100000001, which SAP shows reversed (--adopt-reversed); not sent\n');
    expect(adopted.errors()).toBe('');
    const later = capture();
    expect(await postSapCommand(opts, later.io, deps)).toBe(0);
    expect(later.text()).toBe('accruals: 1 journal entry (ACC-ADP) posted in SAP as document 100000001\n');
    expect(soapCalls()).toBe(1);
  });

  it('--adopt-reversed is refused, exit 2 and nothing sent, for a reference of no entry, no reference, or one --resend names too; in Italian too', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-ADX', '65.00', false);
    const opts = { period: '2026-11', config, accruals: file, db: lostDb() };
    const deps = { env, fetch: fake.fetch, now };
    const both = 'ACC-ADX: adoptReversed: ACC-ADX is named both to send again (resend) and to record as posted and reversed in SAP (adoptReversed): choose one; nothing was sent';
    const cases: Array<[{ adoptReversed: string; resend?: boolean | string }, string]> = [
      [{ adoptReversed: 'ACC-ADY' }, 'ACC-ADY: adoptReversed: no journal entry of these accruals has the reference ACC-ADY (theirs: ACC-ADX); nothing was sent'],
      [{ adoptReversed: ' , ' }, 'field --adopt-reversed: --adopt-reversed was given no reference: name the journal entries SAP shows reversed, as the report does'],
      [{ adoptReversed: 'ACC-ADX', resend: 'ACC-ADX' }, both],
      [{ adoptReversed: 'ACC-ADX', resend: true }, both],
    ];
    for (const [options, message] of cases) {
      const refused = await postSapCommand({ ...opts, ...options }, capture().io, deps).catch((e: unknown) => e);
      expect(refused).toMatchObject({ exitCode: 2 });
      // a refusal of the option itself names it as the field; one of a reference names the reference and the field
      const where = message.startsWith('field ') ? `${file}, ` : `${file}: `;
      expect((refused as { format(l: string): string }).format('en')).toBe(`${where}${message}`);
    }
    const it = await inItalian(() => postSapCommand({ ...opts, adoptReversed: 'ACC-ADX', resend: 'ACC-ADX' }, capture().io, deps).catch((e: unknown) => e));
    expect((it as { format(l: string): string }).format('it')).toBe(
      `${file}: ACC-ADX: adoptReversed: ACC-ADX è indicato sia da inviare di nuovo (resend) sia da registrare come registrato e stornato in SAP (adoptReversed): scegline uno; non è stato inviato nulla`,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('says it in Italian', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-RVI', '35.00');
    const deps = { env, fetch: fake.fetch, now };
    expect(await inItalian(() => postSapCommand({ period: '2026-11', config, accruals: file, db: lostDb() }, capture().io, deps))).toBe(0);
    fake.processJournalQueue(); // 100000001 (ACC-RVI), 100000002 (ACC-RVIR)
    fake.reverseJournalEntry('100000001');
    fake.reverseJournalEntry('100000002');
    const c = capture();
    expect(await inItalian(() => postSapCommand({ period: '2026-11', config, accruals: file, db: lostDb() }, c.io, deps))).toBe(1);
    const line = (ref: string, doc: string) =>
      `ratei: ${ref}: SAP mostra questo riferimento registrato e poi stornato (documento ${doc}); non inviato di nuovo — ` +
      `per registrare gli importi attuali, esegui di nuovo con --resend ${ref}; ` +
      `se lo storno è quello della contabilità, --adopt-reversed ${ref} lo fa risultare registrato e le esecuzioni successive non lo toccano più\n`;
    expect(c.text()).toBe(line('ACC-RVI', '100000001') + line('ACC-RVIR', '100000002'));
    const issue = (which: string, ref: string, doc: string) =>
      `ACC-RVI: JournalEntry[${ref}]: SAP mostra ${which} ${ref} registrato con il documento ${doc} e poi stornato; non inviato di nuovo`;
    expect(c.errors()).toBe(`ratei: ${file}: ${issue('il rateo', 'ACC-RVI', '100000001')}; ${issue('lo storno', 'ACC-RVIR', '100000002')}\n`);
    expect(soapCalls()).toBe(1);
  });
});

// `--status` used to show the invoices only: what SAP did with the period's accruals could be seen only by sending them
// again. It now lists the journal log's rows too, and exits 1 while one is failed or unknown.
describe('provvigo post sap --status shows the accrual journal entries', () => {
  it('failed with SAP reason, then accepted, then posted with its document; in Italian too', async () => {
    const config = await sapConfig();
    const file = await accrualsFile('ACC-STS', '12.00');
    const opts = { period: '2026-11', config, accruals: file, db: join(dir, 'db-status') };
    const deps = { env, fetch: fake.fetch, now };
    const status = async () => {
      const c = capture();
      const code = await postSapCommand({ period: '2026-11', config, db: opts.db, status: true }, c.io, { env });
      return { code, text: c.text() };
    };
    const invoices = 'period 2026-11: 0 invoice(s): posted 0, pending 0, unknown 0, failed 0\n';

    fake.inject({ op: 'soap', action: 'status-500' });
    expect(await postSapCommand(opts, capture().io, deps)).toBe(1);
    const why = 'accruals ACC-STS: SAP 500 SOAP_FAULT: Web service processing error (fault injected)';
    const failedId = /failed +ACC-STS +accrual +- +([0-9a-f-]{36}) /.exec((await status()).text)?.[1];
    expect(await status()).toEqual({
      code: 1,
      text:
        invoices +
        `failed   ACC-STS              accrual  -          ${failedId}  ${why}\n` +
        `failed   ACC-STS              reversal -          ${failedId}  ${why}\n` +
        'period 2026-11: 2 accrual journal entries: posted 0, accepted 0, unknown 0, failed 2\n',
    });

    expect(await postSapCommand(opts, capture().io, deps)).toBe(0);
    const [sent] = storedIds();
    expect(sent).not.toBe(failedId);
    expect(await status()).toEqual({
      code: 0,
      text:
        invoices +
        `accepted ACC-STS              accrual  -          ${sent}\n` +
        `accepted ACC-STS              reversal -          ${sent}\n` +
        'period 2026-11: 2 accrual journal entries: posted 0, accepted 2, unknown 0, failed 0\n',
    });

    fake.processJournalQueue(); // 100000001 (ACC-STS), 100000002 (ACC-STSR)
    expect(await postSapCommand(opts, capture().io, deps)).toBe(0); // reads them back
    expect(await status()).toEqual({
      code: 0,
      text:
        invoices +
        `posted   ACC-STS              accrual  100000001  ${sent}\n` +
        `posted   ACC-STS              reversal 100000002  ${sent}\n` +
        'period 2026-11: 2 accrual journal entries: posted 2, accepted 0, unknown 0, failed 0\n',
    });
    const it = capture();
    expect(await inItalian(() => postSapCommand({ period: '2026-11', config, db: opts.db, status: true }, it.io, { env }))).toBe(0);
    expect(it.text().split('\n').slice(1).join('\n')).toBe(
      `registrata   ACC-STS              rateo    100000001  ${sent}\n` +
        `registrata   ACC-STS              storno   100000002  ${sent}\n` +
        'periodo 2026-11: scritture dei ratei: 2; registrate 2, accettate 0, esito sconosciuto 0, non riuscite 0\n',
    );
    expect(soapCalls()).toBe(2);
  });
});
