import type { FiscalInput, FiscalTables, JurisdictionPack } from '@provvigo/core';
import { computeIt } from './compute.js';
import { IT_PROFILES } from './settings.js';
import { IT_TABLES } from './tables.js';

/** The Italian jurisdiction pack: profiles "it:*", tables "it.*". */
export const itPack: JurisdictionPack = {
  id: 'it',
  label: { it: 'Italia', en: 'Italy' },
  profiles: IT_PROFILES,
  defaultTables: IT_TABLES,
  compute: (input: FiscalInput, tables?: FiscalTables) => computeIt(input, tables),
};
