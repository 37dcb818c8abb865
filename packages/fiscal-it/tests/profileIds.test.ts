// Typed profile ids and settings: `pnpm typecheck` compiles this file, so each `@ts-expect-error` below fails the
// typecheck the day the error it expects stops being one (a typo'd profile compiling again).
import type { PartnerInput } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { IT_PROFILE_IDS, PROFILE_DEFS } from '../src/index.js';

const base = { id: 'AG-1', name: 'Mario Rossi', kind: 'agent', territory: 'RM' } as const;

describe('typed fiscal profiles', () => {
  it('the literal profile ids are the pack’s profiles, in order', () => {
    expect(PROFILE_DEFS.map((p) => p.id)).toEqual([...IT_PROFILE_IDS]);
  });

  it('a known profile and its settings compile; a typo, a foreign setting or a wrong type does not', () => {
    const ok: PartnerInput[] = [
      { ...base, fiscalProfile: 'it:agent-individual-mono', fiscalSettings: { employeesDeclaration: true, tipoRitenuta: 'RT01' } },
      { ...base, fiscalProfile: 'eu-vat:standard', fiscalSettings: { reverseCharge: 'never' } },
      { ...base },
    ];
    const bad: PartnerInput[] = [
      // @ts-expect-error "agnet" is not a profile id
      { ...base, fiscalProfile: 'it:agnet-srl' },
      // @ts-expect-error tipoRitenuta is RT01 or RT02
      { ...base, fiscalProfile: 'it:agent-srl', fiscalSettings: { tipoRitenuta: 'RT09' } },
      // @ts-expect-error reverseCharge is a setting of the EU VAT profile, not of the Italian ones
      { ...base, fiscalProfile: 'it:agent-srl', fiscalSettings: { reverseCharge: 'never' } },
      // @ts-expect-error settings without a profile
      { ...base, fiscalSettings: { enasarco: false } },
    ];
    expect(ok).toHaveLength(3);
    expect(bad).toHaveLength(4);
  });
});
