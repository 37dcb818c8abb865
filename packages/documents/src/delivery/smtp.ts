import { maskUrl } from '@provvigo/core';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { DocumentError } from '../errors.js';

/** An SMTP server: its URL (`smtp://user:pass@host:port`, `smtps://…`) or nodemailer's SMTP options. */
export type SmtpServer = string | SMTPTransport.Options;

/**
 * A nodemailer transport to `smtp`, refused unless its URL is an smtp:// or smtps:// URL that parses. nodemailer would
 * quote a malformed one whole, password included: in its TypeError's message (no scheme), in the error's `input`, and
 * in Node's deprecation warning of `url.parse`. The refusal shows it through core's `maskUrl` (secrets are never
 * logged). Every e-mail Provvigo sends (invoices, notices of answers) goes through here; the caller closes it.
 */
export function smtpTransport(smtp: SmtpServer): Transporter<SMTPTransport.SentMessageInfo> {
  const url = typeof smtp === 'string' ? smtp : smtp.url;
  if (url !== undefined && !(/^smtps?:\/\//i.test(url) && URL.canParse(url))) {
    const shown = maskUrl(url);
    throw new DocumentError(
      {
        en: `the SMTP server is not an smtp:// or smtps:// URL: ${shown} (a password with / ? or # in it must be percent-encoded)`,
        it: `il server SMTP non è un URL smtp:// o smtps://: ${shown} (una password con / ? o # va codificata con la percentuale)`,
      },
      ['smtp'],
    );
  }
  return nodemailer.createTransport(smtp as SMTPTransport.Options);
}
