// A date written day first ("01/10/2026"), as Italian Excel exports it, is refused where a file's dates are ISO; the
// issue then says how dates are written and which setting reads such a file. The date is not guessed: "01/10/2026"
// is the first of October in Italy, the tenth of January in the United States. Checked through validateFacts.
import { describe, expect, it } from 'vitest';
import { validateFacts } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

const record = { id: 'C1', partnerId: 'P1', signedDate: '2026-10-03', category: 'LUCE_CASA', territory: 'Lombardia', kWh: 3200 };

function refused(value: string): { en: string; it: string } {
  const r = validateFacts({ factSchema: tiny.factSchema as never, partners: tiny.partners as never, facts: { contracts: [{ ...record, signedDate: value }] } });
  expect(r.issues).toHaveLength(1);
  const [issue] = r.issues;
  expect(issue).toMatchObject({ code: 'invalid_input', field: 'signedDate', value });
  return { en: issue!.message, it: issue!.messages!.it };
}

describe('a date written day first', () => {
  it.each(['01/10/2026', '1.10.2026', '01-10-2026'])('"%s": refused, and the issue names the form and the dateFormat setting', (value) => {
    const text = refused(value);
    expect(text.en.endsWith(`found "${value}" (dates are written 2026-10-01; a CSV file whose dates are day first declares "dateFormat": "dd/MM/yyyy" or "dd.MM.yyyy" in its table's format)`)).toBe(true);
    expect(text.it.endsWith(`(le date si scrivono 2026-10-01; un file CSV con le date nella forma giorno/mese/anno dichiara "dateFormat": "dd/MM/yyyy" o "dd.MM.yyyy" nel formato della sua tabella)`)).toBe(true);
  });

  it('a word, or a date in another order, gets no hint', () => {
    expect(refused('ieri').en).toMatch(/found "ieri"$/);
    expect(refused('2026/10/01').en).toMatch(/found "2026\/10\/01"$/);
  });
});
