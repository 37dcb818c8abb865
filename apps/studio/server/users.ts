import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Partner, Role } from '@provvigo/core';

/** A studio user: staff (plan designer, calculator, approver) or a partner who sees only its own data. */
export interface StudioUser {
  id: string;
  name: string;
  roles: Role[];
  /** Set for partner users: the only partner whose data they may read. */
  partnerId?: string;
  /** `scrypt$<salt>$<hash>` (hex). */
  passwordHash: string;
}

export type PublicUser = Omit<StudioUser, 'passwordHash'>;

export function hashPassword(password: string, salt: string = randomBytes(16).toString('hex')): string {
  return `scrypt$${salt}$${scryptSync(password, salt, 32).toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(password, salt, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function publicUser(u: StudioUser): PublicUser {
  const { passwordHash: _omit, ...rest } = u;
  return rest;
}

/**
 * Demo accounts for the embedded sample: `designer` (designs plans and calculates), `approver` (approves: four eyes)
 * and one account per partner, named after the partner id in lower case. The demo password is the same for all and is
 * printed by `pnpm studio`; a real deployment passes its own users.
 */
export function demoUsers(partners: Partner[], password: string): StudioUser[] {
  return [
    { id: 'designer', name: 'Plan designer', roles: ['planDesigner', 'calculator'], passwordHash: hashPassword(password) },
    { id: 'approver', name: 'Approver', roles: ['approver'], passwordHash: hashPassword(password) },
    ...partners.map((p) => ({ id: p.id.toLowerCase(), name: p.name, roles: ['partner' as Role], partnerId: p.id, passwordHash: hashPassword(password) })),
  ];
}
