import type { Command } from 'commander';
import { registerAccruals } from './accruals.js';
import { registerAudit } from './audit.js';
import { registerExplain } from './explain.js';
import { registerInvoices } from './invoices.js';
import { registerPeriod } from './period.js';
import { registerPost } from './post.js';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';
import { registerWhatif } from './whatif.js';

/**
 * Every sub-command lives in its own file and registers itself here, one line each.
 * Keep this list sorted by command name.
 */
export function registerCommands(program: Command): void {
  registerAccruals(program);
  registerAudit(program);
  registerExplain(program);
  registerInvoices(program);
  registerPeriod(program);
  registerPost(program);
  registerRun(program);
  registerValidate(program);
  registerWhatif(program);
}
