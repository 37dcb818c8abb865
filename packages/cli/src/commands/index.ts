import type { Command } from 'commander';
import { registerAccruals } from './accruals.command.js';
import { registerAudit } from './audit.command.js';
import { registerExplain } from './explain.command.js';
import { registerFiscal } from './fiscal.command.js';
import { registerFiscalOpenings } from './fiscalOpenings.command.js';
import { registerImport } from './import.command.js';
import { registerInvoices } from './invoices.command.js';
import { registerPeriod } from './period.command.js';
import { registerPlan } from './plan.command.js';
import { registerPost } from './post.command.js';
import { registerRun } from './run.command.js';
import { registerSync } from './sync.command.js';
import { registerValidate } from './validate.command.js';
import { registerWhatif } from './whatif.command.js';
import { registerWorker } from './worker.command.js';

/**
 * Every sub-command registers itself here, one line each. Keep this list sorted by command name.
 *
 * A command is two files: `<name>.command.ts` declares it (name, options, help) and loads only commander and small
 * local modules; `<name>.ts` does the work and is imported when the command runs, so `provvigo --help` and every
 * command start without loading core, the store, PGlite, HyperFormula, the documents or the adapters they don't use
 * (tests/startup.test.ts).
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
