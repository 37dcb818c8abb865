// Typed fiscal profiles as an embedder gets them from the published types: with @provvigo/fiscal-it imported, its
// profile ids and settings are known to core's PartnerInput. Each @ts-expect-error fails tsc if the error it expects
// stops being one (a typo'd profile id compiling again).
import { parsePartnersOrThrow, type Partner, type PartnerInput } from '@provvigo/core';
import type { ItProfileId } from '@provvigo/fiscal-it';

const base = { id: 'AG-1', name: 'Mario Rossi', kind: 'agent', territory: 'RM' } as const;
const profile: ItProfileId = 'it:agent-srl';

export const partners: PartnerInput[] = [
  { ...base, fiscalProfile: profile, fiscalSettings: { tipoRitenuta: 'RT02' } },
  { ...base, fiscalProfile: 'eu-vat:standard', fiscalSettings: { reverseCharge: 'auto' } },
  // @ts-expect-error "agnet" is not a profile id
  { ...base, fiscalProfile: 'it:agnet-srl' },
  // @ts-expect-error tipoRitenuta is RT01 or RT02
  { ...base, fiscalProfile: 'it:agent-srl', fiscalSettings: { tipoRitenuta: 'RT09' } },
];

// The parsed side has the same typed id: what parsePartners returns compares and assigns against profile ids, so a
// typo there does not compile either, and a parsed partner is accepted where the input type is expected.
export const parsed: Partner[] = parsePartnersOrThrow([{ ...base, fiscalProfile: 'it:agent-srl' }]);
export const isSrl = parsed.filter((p) => p.fiscalProfile === 'it:agent-srl');
// @ts-expect-error "it:agnet-srl" is no profile id, so the comparison cannot be true
export const typo = parsed.filter((p) => p.fiscalProfile === 'it:agnet-srl');
// @ts-expect-error a parsed partner's fiscalProfile is a profile id, not any string
export const wrong: Partner = { ...base, language: 'it', fiscalProfile: 'it:agnet-srl' };
export const asInput: ItProfileId | 'eu-vat:standard' | undefined = parsed[0]?.fiscalProfile;
