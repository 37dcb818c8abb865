import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { didYouMean, formatMoney, readStatement, type Locale, type RunInput, type Statement, type StatementLine } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { evaluateStreaming, explainLine } from '../core.js';
import { createProgress } from '../io/progress.js';
import { nativeSha256 } from '@provvigo/pool';
import { loadRunInputs, type InputOptions } from './run.js';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { jsonSyntaxMessages } from '../io/jsonSyntax.js';
import { refuseFolder } from '../io/refuseFolder.js';
import { readJsonFile } from '../io/readFacts.js';
import { OUTPUT_FILES } from '../io/writeResults.js';
import { EXIT } from '../exitCodes.js';
import { processIo, type Io } from './shared.js';

export interface ExplainOptions extends Partial<InputOptions> {
  results?: string;
  partner?: string;
  line?: string;
  /** The language of the explanation; by default the CLI's (PROVVIGO_LOCALE, else the system's), as every command. */
  locale?: Locale;
  json?: boolean;
}

/**
 * Streams the statements of a run's `statements.json` (written one statement per line by `provvigo run`), stopping at
 * the first match; other JSON layouts are parsed whole.
 */
export async function findStatements(file: string, match: (s: Statement) => boolean): Promise<Statement[]> {
  await stat(file).catch(() => {
    const name = OUTPUT_FILES.statementsJson;
    throw new CliError({ en: `no ${name} here: pass the output folder of provvigo run`, it: `qui non c'è ${name}: indica la cartella dei risultati di provvigo run` }, { file });
  });
  await refuseFolder(file);
  const found: Statement[] = [];
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let streamed = true;
  for await (const raw of rl) {
    lineNo += 1;
    const text = raw.trim().replace(/,$/, '');
    if (lineNo === 1 && text !== '[') {
      streamed = false;
      break;
    }
    if (text === '[' || text === ']' || text === '') continue;
    const s = statementOf(lineJson(text, file, lineNo), file, { line: lineNo });
    if (match(s)) found.push(s);
  }
  rl.close();
  if (streamed) return found;
  const all = await readJsonFile(file);
  if (!Array.isArray(all)) throw new CliError({ en: 'expected an array of statements', it: 'atteso un array di estratti conto' }, { file });
  return (all as unknown[]).map((x, i) => statementOf(x, file, { record: `#${i + 1}` })).filter(match);
}

function lineJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { en, it } = jsonSyntaxMessages(text, true);
    throw new CliError({ en, it }, { file, line });
  }
}

/** A statement read by core, or one line naming file and record (JSON that is no statement is not "not valid JSON"). */
function statementOf(value: unknown, file: string, at: { line: number } | { record: string }): Statement {
  // checked here: core's readStatement would parse a JSON string value as JSON text once more
  if (typeof value !== 'object' || value === null) {
    const found = value === null ? 'null' : typeof value;
    throw new CliError({ en: `not a statement: expected a JSON object, found ${found}`, it: `non è un estratto conto: atteso un oggetto JSON, trovato ${found}` }, { file, ...at });
  }
  try {
    return readStatement(value);
  } catch (e) {
    // core's reason is English only: the place (file, line or record) is the CLI's and is translated
    const reason = (e as Error).message.replace(/^\[provvigo\] /, '');
    throw new CliError({ en: reason, it: reason }, { file, ...at });
  }
}

function renderLine(line: StatementLine, locale: Locale): string {
  const source = line.source ? ` · ${line.source.table} ${line.source.id}` : '';
  const head = `${line.label}${source}: ${formatMoney(line.amount, line.currency, locale, line.trace.rounding[0]?.scale)}  [${line.id}]`;
  const sentences = explainLine(line, locale);
  const issues = line.issues.map((i) => `  ! ${i.messages?.[locale] ?? i.message}`);
  return [head, ...sentences.map((s) => `  ${s}`), ...issues].join('\n');
}

/** Calculates one partner from the run inputs (only that partner's records are handed to the engine). */
async function computePartner(inputs: InputOptions, partnerId: string, io: Io): Promise<Statement[] | number> {
  const loaded = await loadRunInputs(inputs, io, createProgress({ enabled: false }));
  if (typeof loaded === 'number') return loaded;
  const partner = loaded.partners.find((p) => p.id === partnerId);
  if (!partner) return [];
  const facts: RunInput['facts'] = {};
  for (const [table, records] of Object.entries(loaded.input.facts)) {
    const key = loaded.input.factSchema.tables[table]?.partner;
    facts[table] = key ? records.filter((r) => String(r[key]) === partnerId) : [];
  }
  const out: Statement[] = [];
  evaluateStreaming({ ...loaded.input, partners: [partner], facts }, { formulaEngine: hyperFormulaEngine({ licenseKey: inputs.licenseKey ?? 'gpl-v3' }), createHash: nativeSha256 }, (s) => out.push(s));
  return out;
}

/** `provvigo explain`: one partner's statement, or one line, as readable derivations in Italian or English. */
export async function explainCommand(options: ExplainOptions, io: Io = processIo): Promise<number> {
  const locale = options.locale ?? cliLocale();
  let statements: Statement[];
  let file: string;
  // every partner of the results read, for a hint when the one asked for is not among them
  const partnerIds: string[] = [];
  if (options.results) {
    if (!options.partner === !options.line) throw new CliError({ en: 'give exactly one of --partner <id> or --line <lineId>', it: 'indica uno solo tra --partner <id> e --line <lineId>' });
    file = options.results.endsWith('.json') ? options.results : join(options.results, OUTPUT_FILES.statementsJson);
    statements = await findStatements(file, (s) => {
      partnerIds.push(s.partnerId);
      return options.partner ? s.partnerId === options.partner : s.lines.some((l) => l.id === options.line);
    });
  } else {
    const { plan, schema, partners, facts, period, partner } = options;
    if (!plan || !schema || !partners || !facts || !period || !partner)
      throw new CliError({
        en: 'give --results <dir> of a run, or the run inputs (--plan, --schema, --partners, --facts, --period) with --partner <id>',
        it: "indica --results <dir> di un'esecuzione, oppure gli input dell'esecuzione (--plan, --schema, --partners, --facts, --period) con --partner <id>",
      });
    file = partners;
    const computed = await computePartner({ plan, schema, partners, facts, period }, partner, io);
    if (typeof computed === 'number') return computed;
    statements = computed.filter((s) => !options.line || s.lines.some((l) => l.id === options.line));
  }
  if (statements.length === 0) {
    // the partner of the results it most likely meant (AGT-001 for AGT-0001): ids are typed by hand
    const hint = options.partner ? didYouMean(options.partner, partnerIds) : { en: '', it: '' };
    const missing = options.line
      ? { en: `no line "${options.line}"`, it: `nessuna riga "${options.line}"` }
      : { en: `no statement for partner "${options.partner}"${hint.en}`, it: `nessun estratto conto per il partner "${options.partner}"${hint.it}` };
    throw new CliError({ en: missing.en, it: missing.it }, { file });
  }
  if (options.line) {
    const line = statements.flatMap((s) => s.lines).find((l) => l.id === options.line) as StatementLine;
    if (options.json) io.out(JSON.stringify({ line, explanation: explainLine(line, locale) }, null, 2) + '\n');
    else io.out(renderLine(line, locale) + '\n');
    return EXIT.ok;
  }
  for (const s of statements) {
    if (options.json) {
      io.out(JSON.stringify({ ...s, lines: s.lines.map((l) => ({ ...l, explanation: explainLine(l, locale) })) }, null, 2) + '\n');
      continue;
    }
    const total = formatMoney(s.total, s.currency, locale, s.scale);
    io.out(
      said(
        {
          en: `Partner ${s.partnerId} · period ${s.period} · total ${total}${s.blocked ? ' · BLOCKED (lines with errors)' : ''}\n`,
          it: `Partner ${s.partnerId} · periodo ${s.period} · totale ${total}${s.blocked ? ' · BLOCCATO (righe con errori)' : ''}\n`,
        },
        locale,
      ),
    );
    for (const [component, total] of Object.entries(s.byComponent)) io.out(`  ${component}: ${formatMoney(total, s.currency, locale, s.scale)}\n`);
    io.out('\n');
    for (const line of s.lines) io.out(renderLine(line, locale) + '\n\n');
    for (const i of s.issues) io.out(`! ${i.messages?.[locale] ?? i.message}\n`);
  }
  return EXIT.ok;
}
