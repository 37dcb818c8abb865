/** A partner's Italian profile and validated settings, or the error issue saying why there are none. */
import { fiscalIssue, schemaIssuesJoined, type FiscalPartner, type Issue } from '@provvigo/core';
import { IT_PROFILES, SETTINGS_MESSAGES_IT, type ItSettings } from './settings.js';

export function parseSettings(partner: Pick<FiscalPartner, 'id' | 'fiscalProfile' | 'fiscalSettings'>): { settings: ItSettings } | { issue: Issue } {
  const partnerId = partner.id;
  const profileId = partner.fiscalProfile ?? '';
  const profile = IT_PROFILES.find((p) => p.id === profileId);
  if (!profile) {
    const known = IT_PROFILES.map((p) => p.id).join(', ');
    return {
      issue: fiscalIssue(
        'error',
        'unknown_reference',
        {
          en: `partner "${partnerId}": unknown Italian fiscal profile "${profileId}" (known: ${known})`,
          it: `partner "${partnerId}": profilo fiscale italiano sconosciuto "${profileId}" (quelli disponibili: ${known})`,
        },
        partnerId,
        ['partners', partnerId, 'fiscalProfile'],
        'fiscalProfile',
      ),
    };
  }
  const parsed = profile.settings.safeParse(partner.fiscalSettings ?? {});
  if (!parsed.success) {
    // both languages worded by core, the Italian with our own messages; settings are always an object (the partner's
    // schema holds them to a record), so every issue has a path and the English reads as it always did
    const detail = schemaIssuesJoined(parsed.error.issues, SETTINGS_MESSAGES_IT);
    return {
      issue: fiscalIssue(
        'error',
        'invalid_input',
        {
          en: `partner "${partnerId}": fiscalSettings invalid for profile "${profileId}": ${detail.en}`,
          it: `partner "${partnerId}": impostazioni fiscali (fiscalSettings) non valide per il profilo "${profileId}": ${detail.it}`,
        },
        partnerId,
        ['partners', partnerId, 'fiscalSettings'],
      ),
    };
  }
  return { settings: parsed.data as unknown as ItSettings };
}
