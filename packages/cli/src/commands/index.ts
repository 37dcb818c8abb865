import type { Command } from 'commander';
import { registerAccruals } from './accruals.js';
import { registerAudit } from './audit.js';
import { registerExplain } from './explain.js';
import { registerFiscal } from './fiscal.js';
import { registerFiscalOpenings } from './fiscalOpenings.js';
import { registerImport } from './import.js';
import { registerInvoices } from './invoices.js';
import { registerPeriod } from './period.js';
import { registerPlan } from './plan.js';
import { registerPost } from './post.js';
import { registerRun } from './run.js';
import { registerSync } from './sync.js';
import { registerValidate } from './validate.js';
import { registerWhatif } from './whatif.js';
import { registerWorker } from './worker.js';

/**
 * Every sub-command lives in its own file and registers itself here, one line each.
 * Keep this list sorted by command name.
 */
export function registerCommands(program: Command): void {
  registerAccruals(program);
  registerAudit(program);
  registerExplain(program);
  registerFiscal(program);
  registerFiscalOpenings(program);
  registerImport(program);
  registerInvoices(program);
  registerPeriod(program);
  registerPlan(program);
  registerPost(program);
  registerRun(program);
  registerSync(program);
  registerValidate(program);
  registerWhatif(program);
  registerWorker(program);
}
