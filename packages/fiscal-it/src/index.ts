/**
 * `@provvigo/fiscal-it`: the Italian jurisdiction pack. Pure, no IO.
 *
 *   import { computeFiscal } from '@provvigo/core';
 *   import { itPack, settleQuarter, settleYear } from '@provvigo/fiscal-it';   // explainFiscalItem: from core
 *   const result = computeFiscal([itPack], { partner, period, currency, lines, ytd });
 *   if (result.ok) settleQuarter({ partner, year: 2026, quarter: 2, ytd: result.fiscal.ytdAfter });
 */
export { itPack, computeIt } from './pack.js';
export { CITATIONS } from './citations.js';
export { componentLabel } from './items/lines.js';
export { settleQuarter, settleQuarterOrThrow, settleYear, settleYearOrThrow } from './settle.js';
export type { SettleInput, SettlementFields, SettlementResult } from './settle.js';
export { IT_PROFILES, PROFILE_DEFS, LEGAL_FORMS, profileDefaults, causaleOf } from './settings.js';
export type { ItSettings } from './settings.js';
export { IT_PROFILE_IDS } from './profileIds.js';
export type { ItProfileId, ItSettingsInput } from './profileIds.js';
export { IT_TABLES } from './tables.js';
