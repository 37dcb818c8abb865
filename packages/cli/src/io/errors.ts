/** A failure the CLI reports as one clear line naming file, record and field, then exits with its code. */
export class CliError extends Error {
  readonly exitCode: 1 | 2;
  readonly file: string | undefined;
  readonly record: string | undefined;
  readonly field: string | undefined;
  constructor(message: string, options: { exitCode?: 1 | 2; file?: string; record?: string; field?: string } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 2;
    this.file = options.file;
    this.record = options.record;
    this.field = options.field;
  }

  /** `file.csv, record 12, field annualKwh: message` */
  format(): string {
    const where = [this.file, this.record && `record ${this.record}`, this.field && `field ${this.field}`].filter(Boolean).join(', ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}
