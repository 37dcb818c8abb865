import { FiscalTablesSchema, type FiscalTables } from '@provvigo/core';
import raw from './data/tables.json';

/**
 * The pack's effective-dated rates and thresholds (`src/data/tables.json`), validated on load. Next year's figures
 * are a new row in that file, or a table passed to `compute(input, tables)` that replaces the one with its id.
 */
export const IT_TABLES: FiscalTables = FiscalTablesSchema.parse(raw);
