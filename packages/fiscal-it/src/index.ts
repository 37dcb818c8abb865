/**
 * `@provvigo/fiscal-it`: the Italian jurisdiction pack. Pure, no IO.
 *
 *   import { computeFiscal } from '@provvigo/core';
 *   import { itPack, explainFiscalItem } from '@provvigo/fiscal-it';
 *   const result = computeFiscal([itPack], { partner, period, lines, ytd });
 */
export { itPack } from './pack.js';
export { computeIt, CITATIONS, componentLabel } from './compute.js';
export { IT_PROFILES, PROFILE_DEFS, LEGAL_FORMS, profileDefaults } from './settings.js';
export type { ItSettings } from './settings.js';
export { IT_TABLES } from './tables.js';
export { explainFiscalItem, explainFiscalResult } from '@provvigo/core';
