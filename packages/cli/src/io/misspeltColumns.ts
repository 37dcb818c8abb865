import { misspeltKeys, type FactTable } from '@provvigo/core';
import { CliError } from './errors.js';

/**
 * Refuses a file whose column looks like a declared column that the file lacks ("annualKWh" where the schema declares
 * "annualKwh"): an undeclared column is not read, so every value of it would be silently lost and the records read as
 * if the declared column were blank, which for an optional column changes what is paid. Other undeclared columns (an
 * export's extra fields) are still ignored. `header` is a CSV's header, or a JSON record's keys. Core's `misspeltKeys`
 * decides, as it does for a record a caller hands a run (which rejects that record).
 */
export function refuseMisspeltColumns(header: readonly string[], table: FactTable, tableName: string, place: { file: string; line?: number; record?: string }): void {
  const first = misspeltKeys(header, table)[0];
  if (!first) return;
  const { key: name, meant } = first;
  throw new CliError(
    {
      en: `column "${name}" is not in the fact schema of table ${tableName}, and its column "${meant}" is missing: rename "${name}" to "${meant}" (or declare "${name}" in the fact schema); as it is, none of its values would be read`,
      it: `la colonna "${name}" non è nello schema dei dati della tabella ${tableName}, e la sua colonna "${meant}" manca: rinomina "${name}" in "${meant}" (oppure dichiara "${name}" nello schema dei dati); così com'è, nessuno dei suoi valori verrebbe letto`,
    },
    place,
  );
}
