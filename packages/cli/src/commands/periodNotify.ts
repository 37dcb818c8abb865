import { errorTexts, type Locale } from '@provvigo/core';
import { answerNoticeMail, noticeRecipient, sendAnswerNotices, smtpTransport } from '@provvigo/documents';
import { currentRun, dueAnswerNotices, recordInquiryNotice } from '@provvigo/store';
import { EXIT } from '../exitCodes.js';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { loadPeriod } from '../io/loadInputs.js';
import { actorFrom, refusalsAsIssues, withStore, type ActorOptions, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';
import { smtpServer } from './smtpServer.js';

/**
 * `provvigo period notify`: e-mails each partner the answers to its questions about a period's statements, so a
 * partner learns of an answer without watching the portal. A notice is sent once per answer: each sent message is an
 * `inquiry.notify` entry of the audit log naming the questions it carried (the store's `recordInquiryNotice`), and the
 * next run leaves those out (the store's `dueAnswerNotices`; documents' `sendAnswerNotices` sends, as the studio's
 * period page does). The address and language are the partner's as the run asked about
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

const OUT: Record<Locale, {
  sent: (partner: string, n: number, to: string, id: string) => string;
  failed: (partner: string, why: string) => string;
  noSnapshot: string;
  dryRun: (partner: string, to: string) => string;
  none: (period: string) => string;
}> = {
  en: {
    sent: (partner, n, to, id) => `notify: ${partner}: ${n} answer${n === 1 ? '' : 's'} sent to ${to} (message ${id})\n`,
    failed: (partner, why) => `notify: ${partner}: not sent: ${why}; its answers go out with the next run\n`,
    noSnapshot: 'the run asked about has no snapshot of its partners (calculated by an older version)',
    dryRun: (partner, to) => `notify: ${partner}: would be sent to ${to}\n`,
    none: (period) => `notify: period ${period}: no answer to notify\n`,
  },
  it: {
    sent: (partner, n, to, id) => `avvisi: ${partner}: ${n === 1 ? '1 risposta inviata' : `${n} risposte inviate`} a ${to} (messaggio ${id})\n`,
    failed: (partner, why) => `avvisi: ${partner}: non inviato: ${why}; le sue risposte partono con la prossima esecuzione\n`,
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
        const { due, missing } = await dueAnswerNotices(store, period.id);
        for (const partnerId of missing) io.out(o.failed(partnerId, o.noSnapshot));
        if (due.length === 0 && missing.length === 0) io.out(o.none(period.id));
        if (!transport) {
          const recipients = due.map((n) => [n, noticeRecipient(n)] as const);
          for (const [n, r] of recipients) io.out('to' in r ? `${o.dryRun(n.partner.id, r.to)}${answerNoticeMail(n, options).text}\n` : o.failed(n.partner.id, said(r.reason, locale)));
          return missing.length > 0 || recipients.some(([, r]) => 'reason' in r) ? EXIT.issues : EXIT.ok;
        }
        const record = (sent: { partnerId: string; inquiries: number[]; to: string; messageId: string }) =>
          recordInquiryNotice(store, { periodId: period.id, ...sent, by: actor.id, at });
        const results = await sendAnswerNotices(due, { transport, from: options.from!, portalUrl: options.portalUrl, record });
        for (const r of results) io.out(r.status === 'sent' ? o.sent(r.partnerId, r.inquiries.length, r.to!, r.messageId!) : o.failed(r.partnerId, said(r.reason!, locale)));
        return missing.length > 0 || results.some((r) => r.status === 'failed') ? EXIT.issues : EXIT.ok;
      }),
    );
  } finally {
    transport?.close();
  }
}
