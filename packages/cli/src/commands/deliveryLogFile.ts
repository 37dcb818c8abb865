import { DeliveryLogError, JsonlDeliveryLog } from '@provvigo/documents';
import { CliError } from '../io/errors.js';

/**
 * The `--delivery-log` file of `provvigo invoices --send`, checked whole before any document is written or the store's
 * run moves: a bad line stops the command naming file, line and field (documents' JsonlDeliveryLog reads it strictly).
 */
export async function deliveryLogFile(file: string): Promise<JsonlDeliveryLog> {
  const log = new JsonlDeliveryLog(file);
  try {
    await log.list();
  } catch (e) {
    if (!(e instanceof DeliveryLogError)) throw e;
    // the reason in both languages from documents; the place (file, line, field) is worded by the CLI's own format
    throw new CliError({ en: e.reasons.en, it: e.reasons.it }, { file: e.file, line: e.line, ...(e.field === undefined ? {} : { field: e.field }) });
  }
  return log;
}
