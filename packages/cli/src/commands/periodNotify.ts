import { errorTexts, formatMoney, formatMoneyChange, type Locale, type Partner } from '@provvigo/core';
import { smtpTransport } from '@provvigo/documents';
import { currentRun, getRunSnapshot, inquiryCorrections, inquiryNotices, listInquiries, recordInquiryNotice, type Inquiry, type InquiryCorrection, type Store } from '@provvigo/store';
import { EXIT } from '../exitCodes.js';
import { cliLocale } from '../io/cliLocale.js';
import { CliError, errorText } from '../io/errors.js';
import { loadPeriod } from '../io/loadInputs.js';
import { actorFrom, refusalsAsIssues, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';
import { smtpServer } from './smtpServer.js';

/**
 * `provvigo period notify`: e-mails each partner the answers to its questions about a period's statements, so a
 * partner learns of an answer without watching the portal. A notice is sent once per answer: each sent message is an
 * `inquiry.notify` entry of the audit log naming the questions it carried (the store's `recordInquiryNotice`), and the
 * next run leaves those out (`inquiryNotices`). The address and language are the partner's as the run asked about
 * stored them (its snapshot), never today's files. A partner whose mailbox refuses, or who has no address, is reported
 * and does not stop the others (exit 1); its answers go out with the next run.
 */

export interface PeriodNotifyOptions extends StoreOptions, ActorOptions {
  period: string;
  smtp?: string;
  from?: string;
  /** The partner portal's address, written in each notice. */
  portalUrl?: string;
  /** Print the notices instead of sending them. */
  dryRun?: boolean;
}

interface Notice {
  partner: Partner;
  inquiries: Inquiry[];
  subject: string;
  text: string;
}

const MAIL: Record<Locale, {
  subject: (period: string) => string;
  greeting: (name: string) => string;
  intro: (period: string) => string;
  whole: string;
  line: (label: string) => string;
  answer: string;
  outcomes: Record<'explained' | 'toCorrect', string>;
  corrected: (period: string) => string;
  awaitingCorrection: string;
  portal: (url: string) => string;
}> = {
  en: {
    subject: (period) => `Answers to your questions on your commission statement – period ${period}`,
    greeting: (name) => `Dear ${name},`,
    intro: (period) => `we have answered your questions on your commission statement for period ${period}:`,
    whole: 'the whole statement',
    line: (label) => `the line "${label}"`,
    answer: 'Answer',
    outcomes: { explained: 'the statement stands', toCorrect: 'it will be corrected' },
    corrected: (period) => `Corrected in period ${period}`,
    awaitingCorrection: 'The correction will appear in a later statement.',
    portal: (url) => `You can read them, with your statements, in the portal: ${url}`,
  },
  it: {
    subject: (period) => `Risposte alle sue domande sull'estratto conto provvigioni – periodo ${period}`,
    greeting: (name) => `Gentile ${name},`,
    intro: (period) => `abbiamo risposto alle sue domande sull'estratto conto provvigioni del periodo ${period}:`,
    whole: "l'estratto conto nel suo insieme",
    line: (label) => `la riga «${label}»`,
    answer: 'Risposta',
    outcomes: { explained: "l'estratto conto è confermato", toCorrect: 'sarà corretto' },
    corrected: (period) => `Corretto nel periodo ${period}`,
    awaitingCorrection: 'La correzione comparirà in un prossimo estratto conto.',
    portal: (url) => `Può leggerle, con i suoi estratti conto, nel portale: ${url}`,
  },
};

/** Each line of a text indented under its heading (a question or an answer can hold several lines). */
const indented = (text: string): string => text.split('\n').map((l) => `   ${l}`).join('\n');

/** One answered question in the partner's language: what was asked about, the question, the answer and its corrections. */
function answeredText(q: Inquiry, labels: ReadonlyMap<string, string>, corrections: readonly InquiryCorrection[], locale: Locale): string {
  const w = MAIL[locale];
  const about = q.lineId === null ? w.whole : w.line(labels.get(q.lineId) ?? q.lineId);
  const parts = [`- ${about}:`, indented(q.question), `  ${w.answer} (${w.outcomes[q.answer!.outcome]}):`, indented(q.answer!.text)];
  for (const c of corrections) {
    const money = (amount: string) => formatMoney(amount, c.currency, locale);
    parts.push(`  ${w.corrected(c.periodId)}: ${c.label} ${money(c.previousAmount)} → ${money(c.newAmount)} (${formatMoneyChange(c.delta, c.currency, locale)})`);
  }
  if (q.answer!.outcome === 'toCorrect' && corrections.length === 0) parts.push(`  ${w.awaitingCorrection}`);
  return parts.join('\n');
}

/**
 * One notice per partner with answers not yet notified: in the partner's language, as the snapshot of the run asked
 * about holds the partner (a run calculated before snapshots has none: that partner is skipped with a reason).
 */
async function notices(store: Store, periodId: string, pending: readonly Inquiry[], portalUrl: string | undefined): Promise<{ notices: Notice[]; missing: string[] }> {
  const corrections = await inquiryCorrections(store, pending, { visibleOnly: true });
  const byPartner = new Map<string, Inquiry[]>();
  for (const q of pending) byPartner.set(q.partnerId, [...(byPartner.get(q.partnerId) ?? []), q]);
  const out: Notice[] = [];
  const missing: string[] = [];
  // each run's partners read once: a period's questions were asked about one run or a few
  const partnersOf = new Map<string, Promise<Map<string, Partner>>>();
  const partnerIn = (runId: string, partnerId: string) => {
    if (!partnersOf.has(runId)) partnersOf.set(runId, getRunSnapshot(store, runId).then((s) => new Map((s?.partners ?? []).map((p) => [p.id, p]))));
    return partnersOf.get(runId)!.then((partners) => partners.get(partnerId));
  };
  for (const [partnerId, asked] of byPartner) {
    const partner = await partnerIn(asked[0]!.runId, partnerId);
    if (!partner) {
      missing.push(partnerId);
      continue;
    }
    const locale = partner.language;
    const labels = new Map<string, string>();
    for (const runId of new Set(asked.map((q) => q.runId))) for (const l of (await store.statementLines(runId, partnerId)) ?? []) labels.set(l.id, l.label);
    const w = MAIL[locale];
    const body = asked.map((q) => answeredText(q, labels, corrections.get(q.id) ?? [], locale));
    const text = [w.greeting(partner.name), '', w.intro(periodId), '', ...body.flatMap((b) => [b, '']), ...(portalUrl ? [w.portal(portalUrl), ''] : [])].join('\n');
    out.push({ partner, inquiries: asked, subject: w.subject(periodId), text });
  }
  return { notices: out, missing };
}

const OUT: Record<Locale, {
  sent: (partner: string, n: number, to: string, id: string) => string;
  failed: (partner: string, why: string) => string;
  noAddress: string;
  noSnapshot: string;
  dryRun: (partner: string, to: string) => string;
  none: (period: string) => string;
}> = {
  en: {
    sent: (partner, n, to, id) => `notify: ${partner}: ${n} answer${n === 1 ? '' : 's'} sent to ${to} (message ${id})\n`,
    failed: (partner, why) => `notify: ${partner}: not sent: ${why}; its answers go out with the next run\n`,
    noAddress: 'no e-mail address (partner.billing.email in the run asked about)',
    noSnapshot: 'the run asked about has no snapshot of its partners (calculated by an older version)',
    dryRun: (partner, to) => `notify: ${partner}: would be sent to ${to}\n`,
    none: (period) => `notify: period ${period}: no answer to notify\n`,
  },
  it: {
    sent: (partner, n, to, id) => `avvisi: ${partner}: ${n === 1 ? '1 risposta inviata' : `${n} risposte inviate`} a ${to} (messaggio ${id})\n`,
    failed: (partner, why) => `avvisi: ${partner}: non inviato: ${why}; le sue risposte partono con la prossima esecuzione\n`,
    noAddress: "nessun indirizzo e-mail (partner.billing.email nell'esecuzione a cui si riferiscono le domande)",
    noSnapshot: "l'esecuzione a cui si riferiscono le domande non ha l'istantanea dei partner (calcolata da una versione precedente)",
    dryRun: (partner, to) => `avvisi: ${partner}: sarebbe inviato a ${to}\n`,
    none: (period) => `avvisi: periodo ${period}: nessuna risposta da notificare\n`,
  },
};

/**
 * The SMTP transport, made before the store is opened: the server (`--smtp` or `PROVVIGO_SMTP_URL`) and the sender
 * are needed unless `--dry-run`, and a server that is not an smtp:// or smtps:// URL is refused naming `--smtp` (its
 * password masked).
 */
function transportFor(options: PeriodNotifyOptions): ReturnType<typeof smtpTransport> | undefined {
  if (options.dryRun) return undefined;
  const smtp = smtpServer(options);
  const needed = (field: string, en: string, it: string) =>
    new CliError({ en: `${en} is needed to send the notices (or --dry-run to print them)`, it: `${it} serve per inviare gli avvisi (oppure --dry-run per stamparli)` }, { field, exitCode: 2 });
  if (!smtp) throw needed('--smtp', '--smtp (or PROVVIGO_SMTP_URL)', '--smtp (o PROVVIGO_SMTP_URL)');
  if (!options.from) throw needed('--from', '--from', '--from');
  try {
    return smtpTransport(smtp!);
  } catch (e) {
    throw new CliError(errorTexts(e), { field: '--smtp', exitCode: 2 });
  }
}

/** E-mails every partner the answers to its questions on `--period` that no earlier notice carried; see the file's comment. */
export async function periodNotify(options: PeriodNotifyOptions, io: Io = processIo): Promise<number> {
  const period = await loadPeriod(options.period);
  const { actor, at } = actorFrom(options);
  const transport = transportFor(options);
  const locale = cliLocale();
  const o = OUT[locale];
  try {
    return await refusalsAsIssues('period notify', io, () =>
      withStore(options, async (store) => {
        await currentRun(store, period.id); // an unknown period is refused, not reported as having no answers
        const sent = await inquiryNotices(store, period.id);
        const pending = (await listInquiries(store, { periodId: period.id })).filter((q) => q.answer !== null && !sent.has(q.id));
        const { notices: ready, missing } = await notices(store, period.id, pending, options.portalUrl);
        for (const partnerId of missing) io.out(o.failed(partnerId, o.noSnapshot));
        if (ready.length === 0 && missing.length === 0) io.out(o.none(period.id));
        // one partner's missing address or refused mailbox never stops the others
        const deliver = async (n: Notice): Promise<boolean> => {
          const to = n.partner.billing?.email;
          if (!to) {
            io.out(o.failed(n.partner.id, o.noAddress));
            return false;
          }
          if (!transport) {
            io.out(`${o.dryRun(n.partner.id, to)}${n.text}\n`);
            return true;
          }
          return sendNotice(store, transport, n, { to, from: options.from!, period: period.id, actor: actor.id, at }, io, o);
        };
        let exit: number = missing.length > 0 ? EXIT.issues : EXIT.ok;
        for (const n of ready) if (!(await deliver(n))) exit = EXIT.issues;
        return exit;
      }),
    );
  } finally {
    transport?.close();
  }
}

/** Sends one notice and records it in the audit log; a refusal is reported with the server's reason. True when sent. */
async function sendNotice(
  store: Store,
  transport: ReturnType<typeof smtpTransport>,
  n: Notice,
  m: { to: string; from: string; period: string; actor: string; at: string },
  io: Io,
  o: (typeof OUT)[Locale],
): Promise<boolean> {
  const inquiries = n.inquiries.map((q) => q.id);
  let messageId: string;
  try {
    const info = await transport.sendMail({ from: m.from, to: m.to, subject: n.subject, text: n.text, headers: { 'X-Provvigo-Notice': `${m.period}/${n.partner.id}/${inquiries.join(',')}` } });
    messageId = info.messageId ?? '';
  } catch (e) {
    io.out(o.failed(n.partner.id, (e as { response?: string }).response ?? errorText(e)));
    return false;
  }
  // after the send: a crash in between sends these answers again with the next run, never loses them
  await recordInquiryNotice(store, { periodId: m.period, partnerId: n.partner.id, inquiries, to: m.to, messageId, by: m.actor, at: m.at });
  io.out(o.sent(n.partner.id, inquiries.length, m.to, messageId));
  return true;
}

