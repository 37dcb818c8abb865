/**
 * The SMTP server of the commands that send e-mail (`invoices --send`, `period notify`): `--smtp`, else the
 * environment's `PROVVIGO_SMTP_URL`. A URL with its password typed on the command line stays in the shell's history
 * and shows in the process list; the environment keeps it out of both.
 */
export function smtpServer(options: { smtp?: string | undefined }): string | undefined {
  return options.smtp ?? (process.env['PROVVIGO_SMTP_URL'] || undefined);
}
