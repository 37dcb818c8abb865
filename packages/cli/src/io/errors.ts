import type { Locale } from '@provvigo/core';
import { cliLocale } from './cliLocale.js';

/**
 * An error's text in the CLI's language: our packages' errors that a user reads (the queue's `QueueError`, the store's
 * and core's refusals) carry `messages` in both languages beside their English `message`; anything else as it says.
 * Core's `errorTexts` reads them the same way, but this file loads with `provvigo --help`, which must not load core.
 */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const messages = (e as { messages?: Partial<Record<Locale, string>> }).messages;
  return messages?.[cliLocale()] ?? e.message;
}

/** A CLI message in both of its languages: both are required, so no site can stay English only. */
export interface CliMessage {
  en: string;
  it: string;
}

interface Place {
  exitCode?: 1 | 2;
  file?: string;
  /** A record number or id. */
  record?: string;
  /** The line of `file`, for line-based files (CSV, JSON Lines, text). */
  line?: number;
  field?: string;
}

/** The words naming where a problem is. Italian keeps "record" (as core's Italian issues do) and says "riga" for a line. */
const PLACE_WORDS: Record<Locale, { record: string; line: string; field: string }> = {
  en: { record: 'record', line: 'record line', field: 'field' },
  it: { record: 'record', line: 'riga', field: 'campo' },
};

/**
 * A failure the CLI reports as one clear line naming file, record and field, then exits with its code. `message` is
 * the English text (as for any Error); `format` words the line in the user's language.
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;
  readonly messages: CliMessage;
  readonly file: string | undefined;
  readonly record: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(message: CliMessage, options: Place = {}) {
    super(message.en);
    this.name = 'CliError';
    this.messages = { en: message.en, it: message.it };
    this.exitCode = options.exitCode ?? 2;
    this.file = options.file;
    this.record = options.record;
    this.line = options.line;
    this.field = options.field;
  }

  /** `file.csv, record 12, field annualKwh: message`; in Italian `file.csv, record 12, campo annualKwh: messaggio`. */
  format(locale: Locale = cliLocale()): string {
    const words = PLACE_WORDS[locale];
    const where = [
      this.file,
      this.record && `${words.record} ${this.record}`,
      this.line !== undefined && `${words.line} ${this.line}`,
      this.field && `${words.field} ${this.field}`,
    ]
      .filter(Boolean)
      .join(', ');
    const message = this.messages[locale];
    return where ? `${where}: ${message}` : message;
  }
}
