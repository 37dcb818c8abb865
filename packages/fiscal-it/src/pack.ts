import { computeFiscal, type FiscalInput, type FiscalInputInput, type FiscalOutcome, type FiscalTables, type JurisdictionPack } from '@provvigo/core';
import { computeItResult } from './compute.js';
import { IT_PROFILES } from './settings.js';
import { IT_TABLES } from './tables.js';

/** The Italian jurisdiction pack: profiles "it:*", tables "it.*". */
export const itPack: JurisdictionPack = {
  id: 'it',
  label: { it: 'Italia', en: 'Italy' },
  profiles: IT_PROFILES,
  defaultTables: IT_TABLES,
  compute: (input: FiscalInput, tables?: FiscalTables) => computeItResult(input, tables),
};

/** `computeFiscal([itPack], input, overrides)`: the same validated input and the same `{ ok, … }` outcome. */
export function computeIt(input: FiscalInputInput, overrides?: FiscalTables): FiscalOutcome {
  return computeFiscal([itPack], input, overrides);
}
