// Commander's usage errors in Italian, one per code commander raises them with: the English message exactly as
// commander words it (node_modules/commander/lib/command.js), the Italian keeping the option, argument or command named.
import { describe, expect, it } from 'vitest';
import { usageErrorIt } from '../src/io/commanderWords.js';

describe('usageErrorIt', () => {
  it.each([
    ['commander.unknownOption', "error: unknown option '--frobnicate'", "errore: opzione sconosciuta '--frobnicate'"],
    ['commander.unknownCommand', "error: unknown command 'frob'", "errore: comando sconosciuto 'frob'"],
    ['commander.missingArgument', "error: missing required argument 'file'", "errore: manca l'argomento obbligatorio 'file'"],
    ['commander.optionMissingArgument', "error: option '--period <period>' argument missing", "errore: manca il valore dell'opzione '--period <period>'"],
    ['commander.missingMandatoryOptionValue', "error: required option '-s, --schema <file>' not specified", "errore: manca l'opzione obbligatoria '-s, --schema <file>'"],
    ['commander.excessArguments', "error: too many arguments for 'diff'. Expected 3 arguments but got 4.", "errore: troppi argomenti per 'diff': al massimo 3, ricevuti 4."],
    ['commander.excessArguments', 'error: too many arguments. Expected 1 argument but got 2.', 'errore: troppi argomenti: al massimo 1, ricevuti 2.'],
    [
      'commander.invalidArgument',
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, json.",
      "errore: il valore 'xml' dell'opzione '--format <format>' non è valido. Valori ammessi: csv, json.",
    ],
    [
      'commander.invalidArgument',
      "error: command-argument value 'x' is invalid for argument 'step'. Allowed choices are issue.",
      "errore: il valore 'x' non è valido per l'argomento 'step'. Valori ammessi: issue.",
    ],
    [
      'commander.invalidArgument',
      "error: option '--db <url>' value 'x' from env 'PROVVIGO_DB' is invalid. Allowed choices are a, b.",
      "errore: il valore 'x' della variabile 'PROVVIGO_DB' per l'opzione '--db <url>' non è valido. Valori ammessi: a, b.",
    ],
    ['commander.conflictingOption', "error: option '--a' cannot be used with option '--b'", "errore: l'opzione '--a' non si può usare con l'opzione '--b'"],
  ])('%s: %s', (_code, english, italian) => {
    expect(usageErrorIt(english)).toBe(italian);
  });

  it("keeps the reason of the CLI's own parsers as they wrote it (already in the user's language)", () => {
    expect(usageErrorIt("error: option '--locale <locale>' argument 'fr' is invalid. usa it o en")).toBe("errore: il valore 'fr' dell'opzione '--locale <locale>' non è valido. usa it o en");
  });

  it("words commander's suggestions in Italian, one or several", () => {
    expect(usageErrorIt("error: unknown option '--schem'\n(Did you mean --schema?)")).toBe("errore: opzione sconosciuta '--schem'\n(Forse intendevi --schema?)");
    expect(usageErrorIt("error: unknown command 'pla'\n(Did you mean one of plan, post?)")).toBe("errore: comando sconosciuto 'pla'\n(Forse intendevi uno tra plan, post?)");
  });

  it('leaves a message it does not know as it is, rather than guess', () => {
    expect(usageErrorIt("error: option '--a' cannot be used with environment variable 'B'")).toBe("error: option '--a' cannot be used with environment variable 'B'");
    expect(usageErrorIt('error: something commander adds one day')).toBe('error: something commander adds one day');
  });
});
