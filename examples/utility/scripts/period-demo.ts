/**
 * Three consecutive months through the period workflow on the embedded store (owned by the store engineer, H3b).
 *
 *   node --conditions=@provvigo/source --import tsx scripts/period-demo.ts [--db <folder|postgres://…>] [--out <folder>]
 *   or from another script: `await runPeriodDemo({ out, db })`
 *
 * It generates October, November and December 2026 with the sample generator (facts are cumulative: each month's
 * folder holds every record known by its end), adds the scenario the ledger rules must show, and then runs, as
 * users would, `provvigo period open | calculate (carla) | validate | approve (anna, four-eyes) | close` per month,
 * then `provvigo accruals` and `provvigo audit verify`:
 *   - activations and first payments (generator) release held commissions in the month they happen;
 *   - one October contract is terminated in December, inside the clawback window → a clawback line in December;
 *   - one agency signs an upfront agreement in October (advance recovered from later statements, ≤ 30% each);
 *   - one October contract's consumption is corrected in December → adjustment lines in December.
 */
import { rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Decimal, formatMoney } from '@provvigo/core';
import type { FactRecord, PartnerInput } from '@provvigo/core';
import { cliLocale, createProgram } from '@provvigo/cli';
import { EXAMPLE_ROOT, SAMPLE_FILES, addDays, generatePartners, generateSample } from '../src/index.js';

export interface PeriodDemoOptions {
  /** Folder for the generated facts (default <repo>/.provvigo/period-demo). */
  out?: string;
  /** Store: a PGlite folder (default <out>/db, recreated) or a postgres:// URL (use a fresh ?schema=). */
  db?: string;
  seed?: number;
  partners?: number;
  /** Commissionable records per month. */
  lines?: number;
  /** Print each command before running it. */
  echo?: (text: string) => void;
}

export interface PeriodDemoResult {
  out: string;
  db: string;
  months: string[];
  /** The scenario's records, for people and tests to look up. */
  scenario: { terminated: string; corrected: string; agreement: string; agency: string };
}

const MONTHS = ['2026-10', '2026-11', '2026-12'] as const;
const TABLES = ['contracts', 'serviceEvents', 'interventions'] as const;

/** Generated ids restart each month: give months 2 and 3 their own (contracts 800→801/802, events, work orders). */
function monthIds(k: number, facts: Record<(typeof TABLES)[number], FactRecord[]>): Record<(typeof TABLES)[number], FactRecord[]> {
  if (k === 0) return facts;
  const contract = (id: unknown): unknown => (typeof id === 'string' && id.startsWith('800') ? `80${k}${id.slice(3)}` : id);
  return {
    contracts: facts.contracts.map((r) => ({ ...r, id: contract(r.id) })),
    serviceEvents: facts.serviceEvents.map((r) => ({ ...r, id: `EV${k}${String(r.id).slice(2)}`, subject: contract(r.subject) })),
    interventions: facts.interventions.map((r) => ({ ...r, id: `WO${k}${String(r.id).slice(2)}` })),
  };
}

export async function runPeriodDemo(options: PeriodDemoOptions = {}): Promise<PeriodDemoResult> {
  const echo = options.echo ?? ((t: string) => void process.stdout.write(t));
  const repo = resolve(EXAMPLE_ROOT, '../..');
  const out = resolve(options.out ?? join(repo, '.provvigo', 'period-demo'));
  const db = options.db ?? join(out, 'db');
  if (!/^postgres(ql)?:\/\//.test(db)) rmSync(db, { recursive: true, force: true }); // a fresh embedded store
  const seed = options.seed ?? 2026;
  const partners: PartnerInput[] = generatePartners({ seed, count: options.partners ?? 16 });
  const lines = options.lines ?? 160;

  // 1. facts per month, cumulative
  const generated = MONTHS.map((m, k) => monthIds(k, generateSample({ seed: seed + k, partners, lines, period: m }).facts));
  const agentIds = new Set(partners.filter((p) => p.kind === 'agent' || p.kind === 'agency').map((p) => p.id));
  const october = generated[0]!;
  const activatedInOctober = new Set(
    october.serviceEvents.filter((e) => e.type === 'activated' && String(e.date) <= '2026-10-31').map((e) => String(e.subject)),
  );
  const sold = october.contracts.filter(
    (c) => agentIds.has(String(c.partnerId)) && activatedInOctober.has(String(c.id)) && c.commodity === 'power' && c.qualityOk === true && Number(c.annualKwh) > 0,
  );
  const terminated = sold[0];
  const corrected = sold[1];
  if (!terminated || !corrected) throw new Error('the generated October has too few activated agent contracts for the scenario');
  const terminationEvent: FactRecord = { id: 'EV-DEMO-TERMINATION', subject: terminated.id, partnerId: terminated.partnerId, type: 'terminated', date: '2026-12-09' };
  const agency = partners.find((p) => p.kind === 'agency')!;
  const agreement = {
    id: `UPF-${agency.id}`,
    partnerId: agency.id,
    currency: 'EUR',
    advance: '1500.00',
    signedOn: '2026-10-01',
    termMonths: 24,
    recovery: { maxShare: '0.30' },
  };

  // The generator only dates events inside their month: contracts still waiting at month end get their activation
  // (and usually a first paid invoice) 20–50 days after signing, decided by their id so the demo is reproducible.
  const late: FactRecord[] = [];
  for (const [k, g] of generated.entries()) {
    const activated = new Set(g.serviceEvents.filter((e) => e.type === 'activated').map((e) => String(e.subject)));
    for (const c of g.contracts) {
      const id = String(c.id);
      if (activated.has(id)) continue;
      const h = [...id].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) >>> 0, k + 7);
      if (h % 10 < 2) continue; // about one in five never activates: its commission lapses at the deadline
      const on = addDays(String(c.signedDate), 20 + (h % 31));
      late.push({ id: `EV-LATE-${id}`, subject: id, partnerId: c.partnerId, type: 'activated', date: on });
      if (h % 10 < 8) late.push({ id: `EV-PAID-${id}`, subject: id, partnerId: c.partnerId, type: 'first_invoice_paid', date: addDays(on, 30) });
    }
  }

  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'partners.json'), JSON.stringify(partners, null, 2));
  await writeFile(join(out, 'agreements.json'), JSON.stringify([agreement], null, 2));
  for (let k = 0; k < MONTHS.length; k++) {
    const dir = join(out, MONTHS[k]!, 'facts');
    await mkdir(dir, { recursive: true });
    for (const table of TABLES) {
      const monthEnd = `${MONTHS[k]}-31`;
      let records = generated.slice(0, k + 1).flatMap((g) => g[table]);
      if (table === 'serviceEvents') {
        // what billing knows by the end of the month
        records = [...records, ...late, ...(k === 2 ? [terminationEvent] : [])].filter((e) => String(e.date) <= monthEnd);
      }
      if (k === 2 && table === 'contracts') {
        // the retro correction: billing found the real annual consumption of an October contract
        records = records.map((c) => (c.id === corrected.id ? { ...c, annualKwh: Number(c.annualKwh) * 2 } : c));
      }
      await writeFile(join(dir, `${table}.json`), JSON.stringify(records));
    }
  }
  // in the CLI's language, as the commands that follow
  const locale = cliLocale();
  const folder = relative(process.cwd(), out) || '.';
  const advance = formatMoney(agreement.advance, agreement.currency, locale);
  const share = new Decimal(agreement.recovery.maxShare).times(100).toString();
  const [endedContract, fixedContract] = [`${String(terminated.id)} (${String(terminated.partnerId)})`, `${String(corrected.id)} (${String(corrected.partnerId)})`];
  echo(
    {
      en:
        `\nPeriod demo: ${partners.length} partners, ${MONTHS.join(', ')} in ${folder}\n` +
        `  upfront agreement ${agreement.id}: advance ${advance} to ${agency.id}, recovered ≤ ${share}% per statement\n` +
        `  contract ${endedContract} sold and activated in October, terminated 2026-12-09\n` +
        `  contract ${fixedContract}: annual kWh corrected in December (×2)\n`,
      it:
        `\nDimostrazione dei periodi: ${partners.length} partner, ${MONTHS.join(', ')} in ${folder}\n` +
        `  accordo di anticipo ${agreement.id}: anticipo di ${advance} a ${agency.id}, recuperato fino al ${share}% per estratto conto\n` +
        `  contratto ${endedContract} venduto e attivato a ottobre, cessato il 2026-12-09\n` +
        `  contratto ${fixedContract}: consumo annuo in kWh corretto a dicembre (×2)\n`,
    }[locale],
  );

  // 2. the workflow, month by month, with the CLI
  const cli = async (args: string[], okCodes: number[] = [0]): Promise<number> => {
    echo(`\n$ provvigo ${args.map((a) => (a.startsWith('/') ? relative(process.cwd(), a) || '.' : a)).join(' ')}\n`);
    process.exitCode = 0;
    await createProgram().parseAsync(args, { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    if (!okCodes.includes(code)) throw new Error(`provvigo ${args[0]} ${args[1] ?? ''} exited with ${code}`);
    return code;
  };
  for (const [k, month] of MONTHS.entries()) {
    const day = (d: number, h: number): string => `${month === '2026-12' ? '2027-01' : `2026-${String(Number(month.slice(5)) + 1).padStart(2, '0')}`}-0${d}T${String(h).padStart(2, "0")}:00:00.000Z`;
    await cli(['period', 'open', '--period', month, '--db', db, '--as', 'carla', '--at', day(1, 8)]);
    await cli(
      [
        'period', 'calculate', '--period', month, '--db', db, '--as', 'carla', '--at', day(1, 9),
        '--plan', ...SAMPLE_FILES.plans, '--schema', SAMPLE_FILES.factSchema, '--partners', join(out, 'partners.json'),
        '--facts', join(out, month, 'facts'), '--agreements', join(out, 'agreements.json'),
        // the paying company decides the fiscal items, which the run computes and approval covers
        '--principal', join(EXAMPLE_ROOT, 'principal.json'),
      ],
      [0, 1],
    );
    await cli(['period', 'validate', '--period', month, '--db', db, '--as', 'carla', '--at', day(1, 10)], [0, 1]);
    if (k === 0) await cli(['period', 'approve', '--period', month, '--db', db, '--as', 'carla', '--at', day(2, 9)], [1]); // four-eyes refusal, on purpose
    await cli(['period', 'approve', '--period', month, '--db', db, '--as', 'anna', '--at', day(2, 10)], [0, 1]);
    await cli(['period', 'close', '--period', month, '--db', db, '--as', 'anna', '--at', day(2, 11)]);
  }
  await cli(['period', 'status', '--db', db]);
  // December, where the scenario shows: the clawback and the correction, and the advance being recovered
  for (const partner of [...new Set([String(terminated.partnerId), String(corrected.partnerId), agency.id])]) {
    await cli(['period', 'statement', '--period', '2026-12', '--partner', partner, '--db', db]);
  }
  await cli(['accruals', '--db', db, '--format', 'csv', '--out', join(out, 'accruals.csv')]);
  await cli(['accruals', '--db', db, '--format', 'json', '--out', join(out, 'accruals.json')]);
  await cli(['audit', 'verify', '--db', db]);
  return {
    out,
    db,
    months: [...MONTHS],
    scenario: { terminated: String(terminated.id), corrected: String(corrected.id), agreement: agreement.id, agency: agency.id },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } } });
  runPeriodDemo({ ...(values.db ? { db: values.db } : {}), ...(values.out ? { out: values.out } : {}), ...(values.seed ? { seed: Number(values.seed) } : {}) }).catch(
    (e: unknown) => {
      process.stderr.write(`period demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
