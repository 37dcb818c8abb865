/**
 * `@provvigo/fiscal-it`: the Italian jurisdiction pack. Pure, no IO.
 *
 *   import { computeFiscal } from '@provvigo/core';
 *   import { itPack, settleQuarter, settleYear, explainFiscalItem } from '@provvigo/fiscal-it';
 *   const result = computeFiscal([itPack], { partner, period, lines, ytd });
 *   const q = settleQuarter({ partner, year: 2026, quarter: 2, ytd: result.ytdAfter });
 */
export { itPack } from './pack.js';
export { computeIt } from './compute.js';
export { CITATIONS } from './citations.js';
export { componentLabel } from './items/lines.js';
export { settleQuarter, settleYear } from './settle.js';
export type { SettleInput, SettlementResult } from './settle.js';
export { IT_PROFILES, PROFILE_DEFS, LEGAL_FORMS, profileDefaults, causaleOf } from './settings.js';
export type { ItSettings } from './settings.js';
export { IT_TABLES } from './tables.js';
export { explainFiscalItem, explainFiscalResult } from '@provvigo/core';
