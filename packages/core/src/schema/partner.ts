import { z } from 'zod';
import type { FiscalProfileChoice } from '../fiscal/profiles.js';
import { LocaleSchema, PartnerKindSchema, ScalarSchema } from './common.js';
import { ownRecord } from './ownRecord.js';

export const AddressSchema = z
  .object({
    street: z.string().optional(),
    number: z.string().optional(),
    zip: z.string().optional(),
    city: z.string().optional(),
    province: z.string().optional(),
    country: z.string().length(2).default('IT'),
  })
  .strict();

/** Billing data printed on the pro-forma invoice and used by e-invoicing. */
export const BillingDataSchema = z
  .object({
    legalName: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    vatId: z.string().optional(),
    taxCode: z.string().optional(),
    address: AddressSchema.optional(),
    iban: z.string().optional(),
    sdiCode: z.string().optional(),
    pec: z.string().optional(),
    email: z.string().optional(),
  })
  .strict();
export type BillingData = z.infer<typeof BillingDataSchema>;

/** A payee: agency, agent, outbound call centre, installer or technician. */
export const PartnerSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    kind: PartnerKindSchema,
    territory: z.string().min(1),
    parent: z.string().nullable().optional(),
    /** Reference to a fiscal profile understood by a jurisdiction pack (e.g. "it:agent-individual-mono"). */
    fiscalProfile: z.string().optional(),
    /** Settings of that profile (regime, Enasarco, cassa…), interpreted by the pack. */
    fiscalSettings: ownRecord(z.string(), ScalarSchema).optional(),
    language: LocaleSchema.default('it'),
    billing: BillingDataSchema.optional(),
    attributes: ownRecord(z.string(), ScalarSchema).optional(),
  })
  .strict();
export type Partner = z.infer<typeof PartnerSchema>;
/**
 * A partner as a caller writes it: `fiscalProfile` one of the profile ids known to the compiler and `fiscalSettings`
 * that profile's settings (see FiscalProfileSettings), so a typo in either does not compile. `Partner`, what
 * `PartnerSchema` parses from data, keeps both as read: the pack checks them at run time.
 */
export type PartnerInput = Omit<z.input<typeof PartnerSchema>, 'fiscalProfile' | 'fiscalSettings'> & FiscalProfileChoice;
