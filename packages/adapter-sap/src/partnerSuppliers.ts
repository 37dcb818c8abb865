import type { SapConfig, SupplierMapping } from './config.js';
import { SupplierIdSchema } from './config.js';

/** The part of `@provvigo/core`'s Partner read here. */
export interface PartnerLike {
  id: string;
  attributes?: Record<string, unknown> | undefined;
}

/**
 * Supplier mapping from partner master data: each partner's `attributes[attribute]` (default `sapSupplier`) is its SAP
 * supplier number. Entries already in `config.suppliers` win (explicit configuration over master data). Returns the
 * new config and the partners whose attribute is not a valid supplier id.
 */
export function withSuppliersFromPartners(
  config: SapConfig,
  partners: readonly PartnerLike[],
  attribute = 'sapSupplier',
): { config: SapConfig; invalid: { partnerId: string; value: unknown }[] } {
  // Entries, made an object by Object.fromEntries: a partner id "__proto__" must be an entry, not set the prototype.
  const suppliers: Array<[string, SupplierMapping]> = [];
  const invalid: { partnerId: string; value: unknown }[] = [];
  for (const p of partners) {
    const value = p.attributes?.[attribute];
    if (value === undefined || value === null || value === '') continue;
    const parsed = SupplierIdSchema.safeParse(typeof value === 'number' ? String(value) : value);
    if (parsed.success) suppliers.push([p.id, parsed.data]);
    else invalid.push({ partnerId: p.id, value });
  }
  return { config: { ...config, suppliers: { ...Object.fromEntries(suppliers), ...config.suppliers } }, invalid };
}
