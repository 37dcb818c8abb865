import type { BothLanguages } from '@provvigo/core';

/**
 * The text of a problem `verifyStore` or `checkRunIntegrity` finds: `message` is the English, as every caller read it
 * before the problems had both languages; `messages` is the text in Italian and English beside it. The verifiers word
 * every problem through `worded` (a source scan refuses a `message` written by hand, i.e. in English only).
 */
export interface ProblemText {
  message: string;
  messages?: BothLanguages;
}

/** A problem's text, written in both languages where the fact is known. */
export function worded(text: BothLanguages): { message: string; messages: BothLanguages } {
  return { message: text.en, messages: text };
}

/**
 * The text of an error met while checking (a stored row that no longer reads back), as the error words it: both
 * languages when it carries them (a `StoreError`'s `messages`), else its English alone, never translated back.
 */
export function relayed(error: Error): ProblemText {
  const messages = (error as { messages?: BothLanguages }).messages;
  return messages ? { message: error.message, messages } : { message: error.message };
}

/** How a problem names the audit entry that recorded something: `entry #12 (run.calculate by carla)`. */
export function entryNamed(entry: { seq: number; action: string; actor: string }): BothLanguages {
  return { en: `entry #${entry.seq} (${entry.action} by ${entry.actor})`, it: `voce n. ${entry.seq} (${entry.action} di ${entry.actor})` };
}
