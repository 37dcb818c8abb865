// Typed fiscal profiles as an embedder gets them from the published types: with @provvigo/fiscal-it imported, its
// profile ids and settings are known to core's PartnerInput. Each @ts-expect-error fails tsc if the error it expects
// stops being one (a typo'd profile id compiling again).
import type { PartnerInput } from '@provvigo/core';
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
