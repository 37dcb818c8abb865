import type { ItSettings } from './settings.js';

/** The Italian pack's profile ids, as literal types: `PROFILE_DEFS` is checked against this list (tests). */
export const IT_PROFILE_IDS = [
  'it:agent-individual-mono',
  'it:agent-individual-pluri',
  'it:agent-forfettario',
  'it:agent-snc',
  'it:agent-srl',
  'it:call-centre-srl',
  'it:installer-srl',
  'it:technician-srl',
  'it:installer-forfettario',
  'it:technician-forfettario',
  'it:professional-inps',
  'it:professional-cassa',
  'it:occasional',
] as const;
export type ItProfileId = (typeof IT_PROFILE_IDS)[number];

/** What a partner's `fiscalSettings` may set under an Italian profile: any setting, each of its own type. */
export type ItSettingsInput = Partial<ItSettings>;

// Importing the pack makes its profile ids known to core's partner type: `fiscalProfile: 'it:agnet-srl'` does not
// compile, and `fiscalSettings` is typed as the profile's settings (see core's FiscalProfileSettings).
declare module '@provvigo/core' {
  interface FiscalProfileSettings extends Record<ItProfileId, ItSettingsInput> {}
}
