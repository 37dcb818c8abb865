/**
 * `@provvigo/example-utility`: the embedded sample. An Italian energy utility's partners (agencies, agents,
 * call centres, installers, technicians), its fact schema, three commission plans and a seeded fact generator.
 */
export { createRng, mulberry32 } from './prng.js';
export type { Rng } from './prng.js';
export {
  REGIONS,
  REGION_NAMES,
  codiceFiscale,
  italianControlLetter,
  italianIban,
  isValidIban,
  isValidPartitaIva,
  partitaIva,
  partitaIvaCheckDigit,
} from './italy.js';
export type { City, Region } from './italy.js';
export { FISCAL_PROFILES, PARTNER_ID_PREFIX, generatePartners, partnerMix } from './partners.js';
export type { FiscalProfileId, PartnerOptions } from './partners.js';
export { CATEGORIES, SEASON, generateSample, seasonalLines } from './generate.js';
export type { Category, Sample, SampleOptions } from './generate.js';
export { addDays, monthPeriod, periodDays } from './period.js';
export { BAD_RECORDS, SMALL_OPTIONS, smallSample } from './fixtures.js';
export { EXAMPLE_ROOT, SAMPLE_FILES, loadFactSchema, loadPlans, writeCsv, writeJsonLines, writeSample } from './files.js';
export type { WrittenSample } from './files.js';
