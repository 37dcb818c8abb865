/** A partner's Italian profile and validated settings, or the error issue saying why there are none. */
import { fiscalIssue, type FiscalPartner, type Issue } from '@provvigo/core';
import { IT_PROFILES, type ItSettings } from './settings.js';

export function parseSettings(partner: Pick<FiscalPartner, 'id' | 'fiscalProfile' | 'fiscalSettings'>): { settings: ItSettings } | { issue: Issue } {
  const partnerId = partner.id;
  const profileId = partner.fiscalProfile ?? '';
  const profile = IT_PROFILES.find((p) => p.id === profileId);
  if (!profile) {
    return {
      issue: fiscalIssue('error', 'unknown_reference', `partner "${partnerId}": unknown Italian fiscal profile "${profileId}" (known: ${IT_PROFILES.map((p) => p.id).join(', ')})`, partnerId, ['partners', partnerId, 'fiscalProfile'], 'fiscalProfile'),
    };
  }
  const parsed = profile.settings.safeParse(partner.fiscalSettings ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { issue: fiscalIssue('error', 'invalid_input', `partner "${partnerId}": fiscalSettings invalid for profile "${profileId}": ${detail}`, partnerId, ['partners', partnerId, 'fiscalSettings']) };
  }
  return { settings: parsed.data as unknown as ItSettings };
}
