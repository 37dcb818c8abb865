import { Help, type Command, type HelpConfiguration, type OutputConfiguration } from 'commander';
import type { Locale } from '@provvigo/core';

/**
 * Commander's own words (help headings, the built-in help option and command, its usage errors) in the CLI's language.
 * The commands' descriptions and options are worded where they are declared (`said` in `*.command.ts`); these are the
 * words commander writes itself. The English is commander's own text, so an English CLI prints exactly what commander
 * prints. Loads nothing but commander, like every command declaration (tests/startup.test.ts).
 */

const HELP_OPTION = { en: 'display help for command', it: "mostra l'aiuto del comando" } as const;
const HELP_COMMAND = { en: 'display help for command', it: "mostra l'aiuto di un comando" } as const;

/** The headings of a help page, by commander's English heading. */
const HEADINGS_IT: Readonly<Record<string, string>> = {
  'Usage:': 'Uso:',
  'Arguments:': 'Argomenti:',
  'Options:': 'Opzioni:',
  'Global Options:': 'Opzioni globali:',
  'Commands:': 'Comandi:',
};

/** The labels of what commander adds after a description: `(default: "csv")`, `(choices: "csv", "json")`. */
const EXTRAS_IT: Readonly<Record<string, string>> = { choices: 'valori', default: 'predefinito', preset: 'preimpostato', env: 'variabile' };

/**
 * Commander's usage errors, by the code it raises them with: its English message (stable text; `outputError` gets the
 * message only, not the code) and the Italian, keeping the option, argument or command it names as given.
 */
const ERRORS_IT: ReadonlyArray<{ code: string; english: RegExp; it: (m: string[]) => string }> = [
  { code: 'commander.unknownOption', english: /^error: unknown option '(.*)'$/, it: ([flag]) => `errore: opzione sconosciuta '${flag}'` },
  { code: 'commander.unknownCommand', english: /^error: unknown command '(.*)'$/, it: ([name]) => `errore: comando sconosciuto '${name}'` },
  { code: 'commander.missingArgument', english: /^error: missing required argument '(.*)'$/, it: ([name]) => `errore: manca l'argomento obbligatorio '${name}'` },
  { code: 'commander.optionMissingArgument', english: /^error: option '(.*)' argument missing$/, it: ([flags]) => `errore: manca il valore dell'opzione '${flags}'` },
  { code: 'commander.missingMandatoryOptionValue', english: /^error: required option '(.*)' not specified$/, it: ([flags]) => `errore: manca l'opzione obbligatoria '${flags}'` },
  {
    code: 'commander.excessArguments',
    english: /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    it: ([name, expected, got]) => `errore: troppi argomenti${name ? ` per '${name}'` : ''}: al massimo ${expected}, ricevuti ${got}.`,
  },
  {
    code: 'commander.invalidArgument',
    english: /^error: option '(.+?)' argument '(.*?)' is invalid\.(?: ([\s\S]*))?$/,
    it: ([flags, value, reason]) => `errore: il valore '${value}' dell'opzione '${flags}' non è valido.${why(reason)}`,
  },
  {
    code: 'commander.invalidArgument',
    english: /^error: option '(.+?)' value '(.*?)' from env '(.+?)' is invalid\.(?: ([\s\S]*))?$/,
    it: ([flags, value, env, reason]) => `errore: il valore '${value}' della variabile '${env}' per l'opzione '${flags}' non è valido.${why(reason)}`,
  },
  {
    code: 'commander.invalidArgument',
    english: /^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\.(?: ([\s\S]*))?$/,
    it: ([value, name, reason]) => `errore: il valore '${value}' non è valido per l'argomento '${name}'.${why(reason)}`,
  },
  { code: 'commander.conflictingOption', english: /^error: option '(.+?)' cannot be used with option '(.+?)'$/, it: ([a, b]) => `errore: l'opzione '${a}' non si può usare con l'opzione '${b}'` },
];

/**
 * The reason after an invalid value: commander's list of choices in Italian; a reason from our own parsers
 * (`parseLocale`…) is already in the user's language, since they word it with `said` when they throw.
 */
function why(reason: string | undefined): string {
  if (!reason) return '';
  const choices = /^Allowed choices are (.*)\.$/.exec(reason);
  return ` ${choices ? `Valori ammessi: ${choices[1]}.` : reason}`;
}

/** Commander's suggestion line, `(Did you mean --period?)`, in Italian. */
function suggestionIt(line: string): string {
  const m = /^\(Did you mean (one of )?(.*)\?\)$/.exec(line);
  if (!m) return line;
  return m[1] ? `(Forse intendevi uno tra ${m[2]}?)` : `(Forse intendevi ${m[2]}?)`;
}

/** A usage error of commander (`error: …`, maybe a suggestion line after it) in Italian; one it does not know stays as is. */
export function usageErrorIt(message: string): string {
  const [first = '', ...rest] = message.split('\n');
  const known = ERRORS_IT.map((e) => ({ e, m: e.english.exec(first) })).find((x) => x.m);
  const head = known ? known.e.it(known.m!.slice(1)) : first;
  return [head, ...rest.map(suggestionIt)].join('\n');
}

/** Relabels the parenthesis commander puts after a description (`(default: "csv")` → `(predefinito: "csv")`). */
function extrasIt(description: string): string {
  return description.replace(/\((?:choices|default|preset|env): .*\)$/, (extra) =>
    extra.replace(/(^\(|, )(choices|default|preset|env): /g, (_, before: string, label: string) => `${before}${EXTRAS_IT[label]}: `),
  );
}

/** Commander's help in Italian: headings (commander passes every one through `styleTitle`) and description extras. */
function italianHelp(): HelpConfiguration {
  const plain = new Help();
  return {
    styleTitle: (title) => HEADINGS_IT[title] ?? title,
    optionDescription: (option) => extrasIt(plain.optionDescription(option)),
    argumentDescription: (argument) => extrasIt(plain.argumentDescription(argument)),
  };
}

/** Usage errors in Italian: commander prints each through `outputError` (the help shown after it is already Italian). */
const italianOutput: OutputConfiguration = {
  outputError: (text, write) => write(text.endsWith('\n') ? `${usageErrorIt(text.slice(0, -1))}\n` : usageErrorIt(text)),
};

/**
 * Commander's words in `locale`, on `program` before its commands are added: sub-commands inherit the help option,
 * the help command, the help and output configuration when they are created (`copyInheritedSettings`).
 */
export function commanderWords(program: Command, locale: Locale): Command {
  program.helpOption('-h, --help', HELP_OPTION[locale]).helpCommand('help [command]', HELP_COMMAND[locale]);
  return locale === 'it' ? program.configureHelp(italianHelp()).configureOutput(italianOutput) : program;
}
