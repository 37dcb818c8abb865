/**
 * The documents step of `pnpm demo`, for every month of the period demo: `provvigo invoices` (pro-forma and
 * statement PDFs from the approved run in the store), then, once the payment is confirmed (simulated on the 10th of
 * the next month), `provvigo invoices issue --paid-on` (the FatturaPA e-invoices, each partner's own sequence, SdI
 * file names, TD04 credit notes linked to the invoices they correct). Every month is issued in order, so December's
 * clawback of an October contract links October's invoice. Used by `scripts/demo.ts` and by the demo-output test.
 */
import { join, relative } from 'node:path';
import { createProgram } from '@provvigo/cli';
import { EXAMPLE_ROOT } from '../src/index.js';

export interface InvoiceDemoOptions {
  /** The months, oldest first (the period demo's). */
  months: readonly string[];
  /** The store of the period demo. */
  db: string;
  /** The partners file of the period demo (billing data for the issue step). */
  partners: string;
  /** Where each month's documents go: <out>/<month>/; the e-invoice register is <out>/e-invoice-register.json. */
  out: string;
  echo?: (text: string) => void;
}

export interface InvoiceDemoResult {
  /** Per month, its documents folder. */
  dirs: Record<string, string>;
  register: string;
  /** The highest exit code of the commands (0 = every document written). */
  exitCode: number;
}

/** The payment day of a month's invoices: the 10th of the next month. */
export function paidOn(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-10` : `${y}-${String(m + 1).padStart(2, '0')}-10`;
}

export async function runInvoiceDemo(options: InvoiceDemoOptions): Promise<InvoiceDemoResult> {
  const echo = options.echo ?? ((t: string) => void process.stdout.write(t));
  const show = (a: string) => (a.startsWith('/') ? relative(process.cwd(), a) || '.' : a);
  const cli = async (args: string[]): Promise<number> => {
    echo(`\n$ provvigo ${args.map(show).join(' ')}\n`);
    process.exitCode = 0;
    await createProgram().parseAsync(args, { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return code;
  };
  const dirs: Record<string, string> = {};
  const register = join(options.out, 'e-invoice-register.json');
  let exitCode = 0;
  for (const month of options.months) {
    const dir = join(options.out, month);
    dirs[month] = dir;
    const principal = join(EXAMPLE_ROOT, 'principal.json');
    // no --partners: the approved run carries the partners, fiscal items and net to pay it was approved with
    exitCode = Math.max(exitCode, await cli(['invoices', '--period', month, '--principal', principal, '--db', options.db, '--out', dir, '--date', `${month}-28`, '--as', 'anna', '--at', `${month}-28T12:00:00Z`]));
    // payment confirmed (simulated): the e-invoices, dated the payment day
    exitCode = Math.max(exitCode, await cli(['invoices', 'issue', '--period', month, '--paid-on', paidOn(month), '--partners', options.partners, '--principal', principal, '--out', dir, '--register', register]));
  }
  return { dirs, register, exitCode };
}
