import type { Bilingual } from './messages.js';

/**
 * What to do about a date written day first (`01/10/2026`, `1.10.2026`, `01-10-2026`), as Italian Excel exports it:
 * a file's dates are ISO unless its table declares `dateFormat`. The date is not guessed (`01/10/2026` is the first
 * of October in Italy and the tenth of January in the United States), so the hint names the rule and the setting.
 * Empty for anything else.
 */
export function dateHint(value: unknown): Bilingual {
  if (typeof value !== 'string' || !/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(value.trim())) return { en: '', it: '' };
  return {
    en: ' (dates are written 2026-10-01; a CSV file whose dates are day first declares "dateFormat": "dd/MM/yyyy" or "dd.MM.yyyy" in its table\'s format)',
    it: ' (le date si scrivono 2026-10-01; un file CSV con le date nella forma giorno/mese/anno dichiara "dateFormat": "dd/MM/yyyy" o "dd.MM.yyyy" nel formato della sua tabella)',
  };
}
