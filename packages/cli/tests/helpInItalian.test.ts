// `--help` and commander's usage errors in the CLI's language: `provvigo --help` and `provvigo run --help` run as
// processes in Italian and in English (headings, option descriptions, the help option, examples, exit codes), usage
// errors in Italian naming the option or command with the exit code they have in English, and a scan of the command
// declarations that fails on a description, option or help text not chosen by language.
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { provvigo, type CliResult } from './helpers/provvigoProcess.js';

const IT = { env: { PROVVIGO_LOCALE: 'it' } };
const EN = { env: { PROVVIGO_LOCALE: 'en' } };

/** Help text as one line: commander wraps descriptions to the terminal width. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

/** The help line of an option: its flags, then its description (the first line of it, when wrapped). */
const optionLine = (flags: string, description: string) => new RegExp(`^ {2}${flags.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${description}`, 'm');

describe('provvigo --help in the CLI language', () => {
  it('speaks Italian: headings, the help option and the help command', async () => {
    const r = await provvigo(['--help'], IT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Uso: provvigo \[options\] \[command\]$/m);
    expect(r.stdout).toMatch(/^Opzioni:$/m);
    expect(r.stdout).toMatch(/^Comandi:$/m);
    expect(r.stdout).toMatch(optionLine('-h, --help', "mostra l'aiuto del comando"));
    expect(r.stdout).toMatch(optionLine('help [command]', "mostra l'aiuto di un comando"));
    // a command's summary in the list, in Italian
    expect(r.stdout).toMatch(optionLine('import', 'importa fatti da file'));
    expect(r.stdout).not.toMatch(/^(Usage|Options|Commands):/m);
    expect(r.stdout).not.toContain('display help for command');
  });

  it('on an Italian system (LANG) too', async () => {
    const r = await provvigo(['--help'], { env: { PROVVIGO_LOCALE: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'it_IT.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Uso: provvigo/m);
  });

  it('stays English with PROVVIGO_LOCALE=en', async () => {
    const r = await provvigo(['--help'], EN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: provvigo \[options\] \[command\]$/m);
    expect(r.stdout).toMatch(/^Options:$/m);
    expect(r.stdout).toMatch(/^Commands:$/m);
    expect(r.stdout).toMatch(optionLine('-h, --help', 'display help for command'));
    expect(r.stdout).toMatch(optionLine('import', 'import facts from files'));
    expect(r.stdout).not.toMatch(/^(Uso|Opzioni|Comandi):/m);
  });
});

describe('provvigo run --help in the CLI language', () => {
  it('speaks Italian: headings, option descriptions, commander defaults, the example and the exit codes', async () => {
    const r = await provvigo(['run', '--help'], IT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Uso: provvigo run \[options\]$/m);
    expect(r.stdout).toMatch(/^Opzioni:$/m);
    expect(r.stdout).toMatch(optionLine('-q, --quiet', 'stampa solo i problemi'));
    expect(r.stdout).toMatch(optionLine('--partners <file>', 'JSON dei partner'));
    expect(flat(r.stdout)).toContain('cartella di uscita (creata se serve) (predefinito: "provvigo-out")');
    // the example's command line is the same in both languages, under an Italian heading
    expect(r.stdout).toMatch(/^Esempio:\n {2}provvigo run --plan plans\/ --schema factSchema\.json --partners partners\.json/m);
    expect(r.stdout).toContain('Codici di uscita: 0 ok, 1 problemi nei piani o nei dati, 2 errore di utilizzo o di I/O.');
    expect(r.stdout).not.toMatch(/^(Usage|Options|Example):/m);
    expect(r.stdout).not.toMatch(/print only issues|\(default:|Exit codes/);
  });

  it('stays English with PROVVIGO_LOCALE=en', async () => {
    const r = await provvigo(['run', '--help'], EN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: provvigo run \[options\]$/m);
    expect(r.stdout).toMatch(optionLine('-q, --quiet', 'print only issues'));
    expect(flat(r.stdout)).toContain('output folder (created if needed) (default: "provvigo-out")');
    expect(r.stdout).toMatch(/^Example:\n {2}provvigo run --plan plans\//m);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 plan or data issues, 2 usage or IO error.');
    expect(r.stdout).not.toMatch(/predefinito|Codici di uscita|^Opzioni:/m);
  });
});

/** The same command in Italian and in English. */
async function inBoth(args: string[]): Promise<{ it: CliResult; en: CliResult }> {
  const [it, en] = await Promise.all([provvigo(args, IT), provvigo(args, EN)]);
  return { it, en };
}

describe("commander's usage errors in the CLI language", () => {
  it('an unknown option: Italian, naming it, with the English exit code', async () => {
    const { it, en } = await inBoth(['validate', '--plan', 'x.json', '--frobnicate']);
    expect(en.stderr).toMatch(/^error: unknown option '--frobnicate'$/m);
    expect(it.stderr).toMatch(/^errore: opzione sconosciuta '--frobnicate'$/m);
    expect(it.stderr).not.toMatch(/^error:|unknown option/m);
    expect(it.code).toBe(2);
    expect(it.code).toBe(en.code);
  });

  it('an unknown option near a real one: the suggestion in Italian', async () => {
    const { it, en } = await inBoth(['validate', '--plan', 'x.json', '--schem']);
    expect(it.stderr).toMatch(/^errore: opzione sconosciuta '--schem'\n\(Forse intendevi --schema\?\)$/m);
    expect(it.stderr).not.toContain('Did you mean');
    expect(it.code).toBe(en.code);
  });

  it('an option without its value: Italian, naming the option', async () => {
    const { it, en } = await inBoth(['run', '--plan', 'plans', '--period']);
    expect(en.stderr).toMatch(/^error: option '--period <period>' argument missing$/m);
    expect(it.stderr).toMatch(/^errore: manca il valore dell'opzione '--period <period>'$/m);
    expect(it.stderr).not.toContain('argument missing');
    // the help shown after the error is Italian too
    expect(it.stderr).toMatch(/^Uso: provvigo run \[options\]$/m);
    expect(it.code).toBe(2);
    expect(it.code).toBe(en.code);
  });

  it('an unknown command: Italian, naming it', async () => {
    const { it, en } = await inBoth(['frobnicate']);
    expect(en.stderr).toMatch(/^error: unknown command 'frobnicate'$/m);
    expect(it.stderr).toMatch(/^errore: comando sconosciuto 'frobnicate'$/m);
    expect(it.code).toBe(2);
    expect(it.code).toBe(en.code);
  });

  it('a missing required option and argument: Italian, naming them', async () => {
    const [option, argument] = await Promise.all([inBoth(['run', '--plan', 'plans']), inBoth(['plan', 'save'])]);
    expect(option.it.stderr).toMatch(/^errore: manca l'opzione obbligatoria '-s, --schema <file>'$/m);
    expect(argument.it.stderr).toMatch(/^errore: manca l'argomento obbligatorio 'file'$/m);
    expect([option.it.code, argument.it.code]).toEqual([option.en.code, argument.en.code]);
  });

  it("a bad value refused by the CLI's own parser or by commander's choices: all of it in Italian", async () => {
    const [locale, format, verify] = await Promise.all([
      inBoth(['validate', '--plan', 'x.json', '--locale', 'fr']),
      inBoth(['accruals', '--format', 'xml']),
      inBoth(['run', '--plan', 'a', '--schema', 'b', '--partners', 'c', '--facts', 'd', '--period', '2026-10', '--verify', 'bogus']),
    ]);
    expect(locale.en.stderr).toMatch(/^error: option '--locale <locale>' argument 'fr' is invalid\. use it or en$/m);
    expect(locale.it.stderr).toMatch(/^errore: il valore 'fr' dell'opzione '--locale <locale>' non è valido\. usa it o en$/m);
    expect(format.it.stderr).toMatch(/^errore: il valore 'xml' dell'opzione '--format <format>' non è valido\. Valori ammessi: csv, json\.$/m);
    expect(verify.en.stderr).toContain('provvigo: --verify must be full, sample or off, not "bogus"');
    expect(verify.it.stderr).toContain('provvigo: --verify deve essere full, sample o off, non "bogus"');
    for (const r of [locale, format, verify]) expect(r.it.code).toBe(r.en.code);
  });
});

// ------------------------------------------------------------------------------------------------ source scan

const SRC = resolve(fileURLToPath(new URL('../src', import.meta.url)));

/** The calls that give commander a text for people, and which of their arguments is that text. */
const TEXT_ARGUMENT: Readonly<Record<string, number>> = { description: 0, summary: 0, command: 1, option: 1, requiredOption: 1, argument: 1, addHelpText: 1, Option: 1, Argument: 1 };
const TEXT_CALL = /(?:\.(description|summary|command|option|requiredOption|argument|addHelpText)|\bnew (Option|Argument))\(/g;

/** Where the string or template literal starting at `i` ends (a template's placeholders read as code). */
function literalEnd(source: string, i: number): number {
  const quote = source[i]!;
  let j = i + 1;
  while (j < source.length && source[j] !== quote) {
    if (source[j] === '\\') j += 2;
    else if (quote === '`' && source.startsWith('${', j)) j = codeEnd(source, j + 2, '}') + 1;
    else j++;
  }
  return j + 1;
}

/** Where the code from `i` reaches `close` outside brackets and literals (comments skipped). */
function codeEnd(source: string, i: number, close: string): number {
  let depth = 0;
  let j = i;
  while (j < source.length) {
    const c = source[j]!;
    if (c === "'" || c === '"' || c === '`') j = literalEnd(source, j);
    else if (source.startsWith('//', j)) j = source.includes('\n', j) ? source.indexOf('\n', j) : source.length;
    else if (source.startsWith('/*', j)) j = source.includes('*/', j) ? source.indexOf('*/', j) + 2 : source.length;
    else if (depth === 0 && c === close) return j;
    else {
      if ('({['.includes(c)) depth++;
      else if (')}]'.includes(c)) depth--;
      j++;
    }
  }
  return source.length;
}

/** The arguments of the call whose `(` is at `open`, split at its top-level commas. */
function callArguments(source: string, open: number): string[] {
  const args: string[] = [];
  let from = open + 1;
  for (;;) {
    const comma = codeEnd(source, from, ',');
    const paren = codeEnd(source, from, ')');
    const end = Math.min(comma, paren);
    const text = source.slice(from, end).trim();
    if (text) args.push(text);
    if (end === paren) return args;
    from = end + 1;
  }
}

/** Every text commander gets from `source`, with the method it is given to. */
function helpTexts(source: string): Array<{ method: string; text: string | undefined }> {
  const found: Array<{ method: string; text: string | undefined }> = [];
  for (const m of source.matchAll(TEXT_CALL)) {
    const method = (m[1] ?? m[2])!;
    const args = callArguments(source, m.index + m[0].length - 1);
    // `.description()` with no argument reads it; `.command(name)` has no text of its own
    if (args.length === 0 || (method === 'command' && args.length === 1)) continue;
    found.push({ method, text: args[TEXT_ARGUMENT[method]!] });
  }
  return found;
}

/** A text chosen by language when the program is built: `said({ en, it })` or `said(aBilingualConstant)`. */
const chosenByLanguage = (text: string | undefined): boolean => text !== undefined && /^said\(/.test(text);

/** The files that declare commands, their options and their help. */
async function declarationFiles(): Promise<string[]> {
  const commands = join(SRC, 'commands');
  const names = (await readdir(commands)).filter((n) => n.endsWith('.command.ts'));
  return [...names.map((n) => join(commands, n)), join(commands, 'storeOptions.ts'), join(commands, 'shared.ts'), join(SRC, 'program.ts')];
}

describe('every description, option and help text of the command declarations is chosen by language', () => {
  it('the scan flags an English-only text and passes one chosen by language', () => {
    // source text, its placeholders escaped
    const sample = `
      program.command('accruals').description('accruals per period (earned, held)')
        .option('--out <file>', 'write to a file, not stdout')
        .option('--db <folder|url>', \`store (default \${DEFAULT_DB_FOLDER})\`)
        .requiredOption('--plan <files...>', said({ en: 'plan files (or folders)', it: 'file dei piani (o cartelle)' }))
        .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']))
        .argument('[step]', said(STEP_TEXT))
        .option('--json')
        .addHelpText('after', '\\nExample:\\n  provvigo run, then more')
        .addHelpText('after', said({ en: \`\\nExample:\\n\${EXAMPLE}\`, it: \`\\nEsempio:\\n\${EXAMPLE}\` }))
        .description(said({ en: 'a, b (c', it: 'a, b (c' })); // a comma and a parenthesis inside the texts
      const name = cmd.description();`;
    const verdicts = helpTexts(sample).map((t) => `${t.method}: ${chosenByLanguage(t.text)}`);
    expect(verdicts).toEqual([
      'description: false',
      'option: false',
      'option: false',
      'requiredOption: true',
      'Option: false',
      'argument: true',
      'option: false',
      'addHelpText: false',
      'addHelpText: true',
      'description: true',
    ]);
  });

  it('finds every text of packages/cli/src chosen by language', async () => {
    const offenders: string[] = [];
    let count = 0;
    for (const file of await declarationFiles()) {
      for (const t of helpTexts(await readFile(file, 'utf8'))) {
        count++;
        if (!chosenByLanguage(t.text)) offenders.push(`${file}: .${t.method}(…, ${t.text?.slice(0, 80)})`);
      }
    }
    // the texts are there to scan (a scan that finds none passes for nothing)
    expect(count).toBeGreaterThanOrEqual(150);
    expect(offenders).toEqual([]);
  });
});
