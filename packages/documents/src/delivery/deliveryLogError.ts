/**
 * A delivery log file that cannot be read as delivery records: names the file, the line (from 1, blank lines counted)
 * and the field, so the caller can say exactly what to fix. A bad line is never skipped: a "sent" record skipped would
 * send that partner's documents again.
 */
export class DeliveryLogError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, without the place (the message has both). */
    readonly reason: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(`${[file, line === undefined ? undefined : `line ${line}`, field && `field ${field}`].filter(Boolean).join(', ')}: ${reason}`);
    this.name = 'DeliveryLogError';
  }
}
