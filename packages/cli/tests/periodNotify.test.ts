// `provvigo period notify` against a real SMTP server (the `smtp-server` package, as the invoice delivery tests): each
// partner gets the answers to its questions once, in its own language, at the address the run asked about stored; a
// refused mailbox or a missing address is reported and retried by the next run, never lost, never sent twice.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatementLine } from '@provvigo/core';
import { answerInquiry, INQUIRY_NOTIFY_ACTION, inquiryNotices, openDatabase, openInquiry, Store, type Inquiry } from '@provvigo/store';
import { startSmtp } from '../../documents/tests/smtp.js';
import { periodApprove, periodCalculate, periodOpen, periodValidate } from '../src/commands/period.js';
import { periodNotify } from '../src/commands/periodNotify.js';
import { capture } from './helpers/capture.js';
import { removeFolders, sampleInputs, tempStore } from './helpers/tempStore.js';

let dir: string;
let db: string;
/** The sample's partners as the run stored them: AGT-0002 reads English, AGT-0003 has no e-mail address. */
let emails: Map<string, string>;
let q: { whole: Inquiry; line: Inquiry; noAddress: Inquiry; open: Inquiry };
let line: StatementLine;
const base = () => ({ db, period: '2026-10', as: 'franca', at: '2026-11-05T08:00:00Z' });
const PORTAL = 'https://provvigioni.example.com/portal';

async function withStoreOpen<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(await openDatabase(db));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-notify-cli-'));
  const partners = JSON.parse(await readFile(sampleInputs.partners, 'utf8')) as Array<{ id: string; language?: string; billing?: { email?: string } }>;
  for (const p of partners) {
    if (p.id === 'AGT-0002') p.language = 'en';
    if (p.id === 'AGT-0003') delete p.billing!.email;
  }
  emails = new Map(partners.filter((p) => p.billing?.email).map((p) => [p.id, p.billing!.email!]));
  const partnersFile = join(dir, 'partners.json');
  await writeFile(partnersFile, JSON.stringify(partners));
  const period = { db, period: '2026-10' };
  expect(await periodOpen({ ...period, as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);
  // the fixture's 3 bad contracts make calculate exit 1; the run is stored all the same
  expect(await periodCalculate({ ...period, ...sampleInputs, partners: partnersFile, as: 'carla', at: '2026-11-01T09:00:00Z' }, capture().io)).toBe(1);
  expect(await periodValidate({ ...period, as: 'carla', at: '2026-11-01T10:00:00Z' }, capture().io)).toBe(0);
  expect(await periodApprove({ ...period, as: 'anna', at: '2026-11-02T10:00:00Z' }, capture().io)).toBe(0);
  q = await withStoreOpen(async (store) => {
    const runId = (await store.listRuns('2026-10')).at(-1)!.record.id;
    line = (await store.getEvaluated(runId, 'AGT-0002'))[0]!.lines.find((l) => l.source?.table === 'contracts')!;
    const ask = (partnerId: string, lineId: string | null, question: string) =>
      openInquiry(store, { periodId: '2026-10', runId, partnerId, lineId, question, actor: partnerId.toLowerCase(), at: '2026-11-03T09:00:00Z' });
    const asked = { whole: await ask('AGT-0001', null, 'Perché il bonus è più basso?'), line: await ask('AGT-0002', line.id, 'Why is this line held?'), noAddress: await ask('AGT-0003', null, 'E il bonus?'), open: await ask('AGY-0001', null, 'Quando pagate?') };
    const answer = (i: Inquiry, text: string, outcome: 'explained' | 'toCorrect') => answerInquiry(store, { id: i.id, periodId: '2026-10', answer: text, outcome, actor: 'franca', at: '2026-11-04T15:00:00Z' });
    return {
      whole: await answer(asked.whole, 'Due contratti erano già contati a settembre.', 'toCorrect'),
      line: await answer(asked.line, 'The contract is paid once it is activated.', 'explained'),
      noAddress: await answer(asked.noAddress, 'Il bonus scatta oltre 20 contratti.', 'explained'),
      open: asked.open,
    };
  });
}, 180_000);
afterAll(() => removeFolders(dir, db));

const notices = () => withStoreOpen(async (store) => (await store.auditLog()).filter((e) => e.action === INQUIRY_NOTIFY_ACTION));

describe('provvigo period notify', () => {
  it('--dry-run prints each partner its notice in its language and sends and records nothing', async () => {
    const c = capture();
    expect(await periodNotify({ ...base(), dryRun: true, portalUrl: PORTAL }, c.io)).toBe(1);
    const text = c.text();
    expect(text).toContain(`notify: AGT-0001: would be sent to ${emails.get('AGT-0001')}\nGentile `);
    expect(text).toContain("abbiamo risposto alle sue domande sull'estratto conto provvigioni del periodo 2026-10:");
    expect(text).toContain("- l'estratto conto nel suo insieme:\n   Perché il bonus è più basso?\n  Risposta (sarà corretto):\n   Due contratti erano già contati a settembre.\n  La correzione comparirà in un prossimo estratto conto.");
    // the English reader, about a line named by its label
    expect(text).toContain(`notify: AGT-0002: would be sent to ${emails.get('AGT-0002')}\nDear `);
    expect(text).toContain(`- the line "${line.label}":\n   Why is this line held?\n  Answer (the statement stands):\n   The contract is paid once it is activated.`);
    expect(text).toContain(`You can read them, with your statements, in the portal: ${PORTAL}`);
    expect(text).toContain('notify: AGT-0003: not sent: no e-mail address (partner.billing.email in the run asked about); its answers go out with the next run\n');
    // a question not answered yet has nothing to notify
    expect(text).not.toContain('AGY-0001');
    expect(await notices()).toEqual([]);
    // the command's own lines in the operator's language
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    try {
      const it = capture();
      expect(await periodNotify({ ...base(), dryRun: true }, it.io)).toBe(1);
      expect(it.text()).toContain(`avvisi: AGT-0001: sarebbe inviato a ${emails.get('AGT-0001')}\n`);
      expect(it.text()).toContain("avvisi: AGT-0003: non inviato: nessun indirizzo e-mail (partner.billing.email nell'esecuzione a cui si riferiscono le domande); le sue risposte partono con la prossima esecuzione\n");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('sends each answer once: a refused mailbox is reported and sent by the next run, which sends nothing twice', async () => {
    const refusing = await startSmtp(emails.get('AGT-0002')!.replace(/[.]/g, '\\.'));
    let c = capture();
    try {
      expect(await periodNotify({ ...base(), smtp: refusing.url, from: '"Energia Futura" <provvigioni@example.com>' }, c.io)).toBe(1);
      const mails = await refusing.received();
      expect(mails.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject])).toEqual([
        [emails.get('AGT-0001'), "Risposte alle sue domande sull'estratto conto provvigioni – periodo 2026-10"],
      ]);
      expect(mails[0]!.text).toContain('Due contratti erano già contati a settembre.');
      expect(mails[0]!.from?.text).toBe('"Energia Futura" <provvigioni@example.com>');
    } finally {
      await refusing.stop();
    }
    expect(c.text()).toMatch(new RegExp(`^notify: AGT-0001: 1 answer sent to ${emails.get('AGT-0001')!.replace(/[.]/g, '\\.')} \\(message <.+>\\)$`, 'm'));
    expect(c.text()).toMatch(/^notify: AGT-0002: not sent: 550 5\.1\.1 .*mailbox unavailable; its answers go out with the next run$/m);
    expect(c.text()).toContain('notify: AGT-0003: not sent: no e-mail address');
    // the audit log holds what was sent: the period, the partner, the questions, the address, the message id
    const [first, ...others] = await notices();
    expect(others).toEqual([]);
    expect(first!.actor).toBe('franca');
    expect(first!.details).toMatchObject({ period: '2026-10', partnerId: 'AGT-0001', inquiries: [q.whole.id], to: emails.get('AGT-0001') });

    // the next run: only what the first did not send; then the open question is answered, and only it goes out
    const accepting = await startSmtp();
    try {
      c = capture();
      // the server from the environment: a password never typed on the command line
      vi.stubEnv('PROVVIGO_SMTP_URL', accepting.url);
      try {
        expect(await periodNotify({ ...base(), from: 'provvigioni@example.com' }, c.io)).toBe(1);
      } finally {
        vi.unstubAllEnvs();
      }
      expect(c.text()).toMatch(/^notify: AGT-0002: 1 answer sent to /m);
      expect(c.text()).not.toMatch(/AGT-0001/);
      await withStoreOpen((store) => answerInquiry(store, { id: q.open.id, periodId: '2026-10', answer: 'Il 15 del mese.', outcome: 'explained', actor: 'franca', at: '2026-11-06T09:00:00Z' }));
      c = capture();
      expect(await periodNotify({ ...base(), smtp: accepting.url, from: 'provvigioni@example.com' }, c.io)).toBe(1);
      expect(c.text().split('\n').filter((l) => l.includes(' sent to '))).toEqual([expect.stringMatching(/^notify: AGY-0001: 1 answer sent to /)]);
      const mails = await accepting.received();
      expect(mails.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([emails.get('AGT-0002'), emails.get('AGY-0001')]);
      expect(mails[0]!.subject).toBe('Answers to your questions on your commission statement – period 2026-10');
    } finally {
      await accepting.stop();
    }
    expect((await notices()).map((e) => e.details['inquiries'])).toEqual([[q.whole.id], [q.line.id], [q.open.id]]);
    // as the store reads them back for staff: each question with the notice that carried its answer
    const read = await withStoreOpen((store) => inquiryNotices(store, '2026-10'));
    expect([...read].map(([id, n]) => [id, n.partnerId, n.to, n.by])).toEqual([
      [q.whole.id, 'AGT-0001', emails.get('AGT-0001'), 'franca'],
      [q.line.id, 'AGT-0002', emails.get('AGT-0002'), 'franca'],
      [q.open.id, 'AGY-0001', emails.get('AGY-0001'), 'franca'],
    ]);
    expect(await withStoreOpen((store) => inquiryNotices(store, '2026-11'))).toEqual(new Map());
  });

  it('refuses to send without a server and a sender, or to a server that is not an SMTP URL (password masked), before opening the store', async () => {
    const nowhere = { ...base(), db: join(dir, 'no-such-store') };
    vi.stubEnv('PROVVIGO_SMTP_URL', ''); // whatever the machine running the test has set
    try {
      await expect(periodNotify({ ...nowhere, from: 'a@example.com' }, capture().io)).rejects.toMatchObject({ exitCode: 2, field: '--smtp' });
    } finally {
      vi.unstubAllEnvs();
    }
    await expect(periodNotify({ ...nowhere, smtp: 'smtp://127.0.0.1:1' }, capture().io)).rejects.toMatchObject({ exitCode: 2, field: '--from' });
    const refused = periodNotify({ ...nowhere, smtp: 'http://user:s3cret@mail.example.com', from: 'a@example.com' }, capture().io);
    await expect(refused).rejects.toMatchObject({ exitCode: 2, field: '--smtp' });
    await expect(refused).rejects.not.toThrow(/s3cret/);
    vi.stubEnv('PROVVIGO_SMTP_URL', 'http://user:s3cret@mail.example.com');
    try {
      const fromEnv = periodNotify({ ...nowhere, from: 'a@example.com' }, capture().io);
      await expect(fromEnv).rejects.toMatchObject({ exitCode: 2, field: '--smtp' });
      await expect(fromEnv).rejects.not.toThrow(/s3cret/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
