// A number typed the way a person writes it ("12,5", "1.234,56") is refused, as files hold numbers with a point and no
// grouping; the issue then says what to write, with the number the reader meant. Checked through validateFacts, as a
// run or the studio's import reads a record.
import { describe, expect, it } from 'vitest';
import { parseFactSchemaOrThrow, validateFacts, type FactSchemaInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

const contracts = tiny.factSchema.tables.contracts!;
const factSchema = parseFactSchemaOrThrow({
  tables: { contracts: { ...contracts, columns: { ...contracts.columns, fee: { type: 'money', required: false, label: { it: 'Compenso', en: 'Fee' } } } } },
} as FactSchemaInput);
const record = { id: 'C1', partnerId: 'P1', signedDate: '2026-10-03', category: 'LUCE_CASA', territory: 'Lombardia', kWh: 3200 };

/** The issue of a record whose `column` holds `value`, in both languages. */
function refused(column: string, value: string): { en: string; it: string } {
  const r = validateFacts({ factSchema, partners: tiny.partners as never, facts: { contracts: [{ ...record, [column]: value }] } });
  expect(r.issues).toHaveLength(1);
  const [issue] = r.issues;
  expect(issue).toMatchObject({ code: 'invalid_input', field: column, value });
  return { en: issue!.message, it: issue!.messages!.it };
}

describe('a number written with a decimal comma or thousands separators', () => {
  it.each([
    ['kWh', '12,5', '12.5'],
    ['kWh', '0,25', '0.25'],
    ['kWh', '3,1416', '3.1416'],
    ['kWh', '-7,5', '-7.5'],
    ['kWh', '1.234,56', '1234.56'],
    ['kWh', '12.345.678,9', '12345678.9'],
    ['kWh', '1,234.56', '1234.56'],
    ['fee', '99,90', '99.90'],
  ])('%s = "%s": refused, and the issue says to write %s', (column, value, meant) => {
    const text = refused(column, value);
    expect(text.en).toMatch(new RegExp(`found "${value.replace(/\./g, '\\.')}" \\(decimals take a point and no thousands separator: ${meant.replace(/\./g, '\\.')}\\)$`));
    expect(text.it).toContain(`"${value}" non è `);
    expect(text.it.endsWith(` (i decimali vanno con il punto e senza separatore delle migliaia: ${meant})`)).toBe(true);
  });

  it('"12,500" could be twelve and a half or twelve thousand five hundred: the rule, and no number guessed', () => {
    const text = refused('kWh', '12,500');
    expect(text.en).toMatch(/found "12,500" \(decimals take a point and no thousands separator: is it a decimal comma or thousands\?\)$/);
    expect(text.en).not.toMatch(/12\.5\b|12500/);
    expect(text.it).toMatch(/\(i decimali vanno con il punto e senza separatore delle migliaia: è una virgola decimale o delle migliaia\?\)$/);
  });

  it('a word gets no hint', () => {
    expect(refused('kWh', 'tremila').en).toMatch(/found "tremila"$/);
    expect(refused('kWh', 'tremila').it).toMatch(/"tremila" non è un numero$/);
  });

  it.each([
    ['fee', '12,50 €', '12.50'],
    ['fee', '€ 1.234,56', '1234.56'],
    ['fee', 'EUR 99.90', '99.90'],
    ['fee', '-7,5€', '-7.5'],
  ])('%s = "%s", an amount with its currency sign: refused, and the issue says to write %s', (column, value, meant) => {
    const text = refused(column, value);
    expect(text.en.endsWith(`found "${value}" (write the amount without its currency sign, with a point for decimals: ${meant})`)).toBe(true);
    expect(text.it.endsWith(`(scrivi l'importo senza il simbolo della valuta, con il punto per i decimali: ${meant})`)).toBe(true);
  });

  it('"12,500 €" and "1.234 €" could group thousands: the sign named, no number guessed', () => {
    expect(refused('fee', '12,500 €').en).toMatch(/found "12,500 €" \(write the amount without its currency sign\)$/);
    expect(refused('fee', '1.234 €').en).toMatch(/found "1\.234 €" \(write the amount without its currency sign\)$/);
  });
});

