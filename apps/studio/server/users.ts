import type { Partner, Role } from '@provvigo/core';
import { hashPassword } from './auth/passwords.js';

/**
 * What a studio user may do. The run roles of core (planDesigner, calculator, approver, partner) plus two read
 * roles of the studio: `finance` (every partner's statements and documents) and `auditor` (the same, plus the audit
 * log). Only the core roles are ever passed to core's run state machine.
 */
export type StudioRole = Role | 'finance' | 'auditor';
export const STUDIO_ROLES: readonly StudioRole[] = ['planDesigner', 'calculator', 'approver', 'partner', 'finance', 'auditor'];

/** A studio user: staff or a partner who sees only its own data. */
export interface StudioUser {
  id: string;
  name: string;
  roles: StudioRole[];
  /** Set for partner users: the only partner whose data they may read. */
  partnerId?: string;
  /** `scrypt$<salt>$<hash>` (hex); absent for users who log in through the identity provider. */
  passwordHash?: string;
}

export type PublicUser = Omit<StudioUser, 'passwordHash'>;

export function publicUser(u: StudioUser): PublicUser {
  const { passwordHash: _omit, ...rest } = u;
  return rest;
}

/** User ids compare after trimming and lower-casing, so "Anna " and "anna" are one person for four-eyes. */
export function normaliseUserId(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * Demo accounts for the embedded sample: `designer` (designs plans and calculates), `approver` (approves: four eyes),
 * `finance`, `auditor`, and one account per partner, named after the partner id in lower case. The demo password is
 * the same for all and is printed by `pnpm studio`; a company connects its identity provider instead (README).
 */
export async function demoUsers(partners: Partner[], password: string): Promise<StudioUser[]> {
  const passwordHash = await hashPassword(password);
  return [
    { id: 'designer', name: 'Plan designer', roles: ['planDesigner', 'calculator'], passwordHash },
    { id: 'approver', name: 'Approver', roles: ['approver'], passwordHash },
    { id: 'finance', name: 'Finance', roles: ['finance'], passwordHash },
    { id: 'auditor', name: 'Auditor', roles: ['auditor'], passwordHash },
    ...partners.map((p) => ({ id: p.id.toLowerCase(), name: p.name, roles: ['partner' as StudioRole], partnerId: p.id, passwordHash })),
  ];
}
