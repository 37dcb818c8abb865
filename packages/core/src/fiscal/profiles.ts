/**
 * The fiscal profiles a partner can name, each with the type of its settings. Core declares the generic EU VAT
 * pack's; a jurisdiction pack adds its own by augmenting this interface (`declare module '@provvigo/core'`, as
 * @provvigo/fiscal-it does), so with the pack imported a typo in `fiscalProfile` does not compile and
 * `fiscalSettings` takes the profile's own settings. At run time the pack validates both (data read from files is
 * checked there, an unknown profile is an issue naming the partner).
 */
export interface FiscalProfileSettings {
  'eu-vat:standard': { exempt?: boolean; reverseCharge?: 'auto' | 'always' | 'never' };
}

/** A fiscal profile id known to the compiler: core's and those of the packs imported. */
export type FiscalProfileId = keyof FiscalProfileSettings & string;

/** A partner's fiscal profile with its settings typed per profile, or no profile (and no settings) at all. */
export type FiscalProfileChoice =
  | { [K in FiscalProfileId]: { fiscalProfile: K; fiscalSettings?: FiscalProfileSettings[K] } }[FiscalProfileId]
  | { fiscalProfile?: undefined; fiscalSettings?: undefined };
