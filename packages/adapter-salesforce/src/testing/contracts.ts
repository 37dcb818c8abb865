import type { SalesforceConfigInput } from '../mapping.js';
import type { FakeObject } from './fake-salesforce.js';

/**
 * The sample utility's `contracts` table as it lives in Salesforce: the standard Contract object with custom fields
 * and a lookup to the partner's Account. Used by the tests, the README and host apps' own mapping tests.
 */
export const CONTRACT_FIELDS: FakeObject['fields'] = [
  { name: 'Id', type: 'id', nillable: false },
  { name: 'SystemModstamp', type: 'datetime', nillable: false },
  { name: 'IsDeleted', type: 'boolean', nillable: false },
  { name: 'ContractNumber', type: 'string' },
  { name: 'CustomerSignedDate', type: 'date' },
  { name: 'Partner__c', type: 'reference', relationshipName: 'Partner__r', referenceTo: ['Account'] },
  { name: 'Product__c', type: 'string' },
  { name: 'Category__c', type: 'picklist' },
  { name: 'Commodity__c', type: 'picklist' },
  { name: 'Territory__c', type: 'picklist' },
  { name: 'Annual_kWh__c', type: 'double' },
  { name: 'Annual_Smc__c', type: 'double' },
  { name: 'Offer__c', type: 'string' },
  { name: 'Energy_Efficiency__c', type: 'boolean' },
  { name: 'Customer_Type__c', type: 'picklist' },
  { name: 'Channel__c', type: 'picklist' },
  { name: 'Confirmation_Call__c', type: 'boolean' },
  { name: 'Quality_OK__c', type: 'boolean' },
  { name: 'Status', type: 'picklist' },
];

export const ACCOUNT_FIELDS: FakeObject['fields'] = [
  { name: 'Id', type: 'id', nillable: false },
  { name: 'Name', type: 'string' },
  { name: 'Partner_Code__c', type: 'string' },
];

/** A mapping configuration for the sample's `contracts` table (the README shows the same). */
export function contractsMapping(auth: SalesforceConfigInput['auth'], apiVersion = '64.0'): SalesforceConfigInput {
  return {
    apiVersion,
    auth,
    objects: [
      {
        object: 'Contract',
        table: 'contracts',
        keyColumn: 'id',
        partnerColumn: 'partnerId',
        columns: {
          id: { field: 'Id', type: 'text' },
          partnerId: { field: 'Partner__r.Partner_Code__c', type: 'text' },
          signedDate: { field: 'CustomerSignedDate', type: 'date' },
          product: { field: 'Product__c', type: 'text' },
          category: { field: 'Category__c', type: 'text' },
          commodity: { field: 'Commodity__c', type: 'text' },
          territory: { field: 'Territory__c', type: 'text' },
          annualKwh: { field: 'Annual_kWh__c', type: 'number', required: false },
          annualSmc: { field: 'Annual_Smc__c', type: 'number', required: false },
          offer: { field: 'Offer__c', type: 'text' },
          energyEfficiency: { field: 'Energy_Efficiency__c', type: 'boolean' },
          customerType: { field: 'Customer_Type__c', type: 'text' },
          channel: { field: 'Channel__c', type: 'text' },
          confirmationCall: { field: 'Confirmation_Call__c', type: 'boolean' },
          qualityOk: { field: 'Quality_OK__c', type: 'boolean' },
        },
        filter: { field: 'Status', op: 'in', values: ['Activated', 'Signed'] },
        deletes: true,
        mode: 'auto',
        bulkThreshold: 10_000,
      },
    ],
    sync: { overlapSeconds: 300, lagSeconds: 60 },
  };
}

/** An 18-character Salesforce-like Id with a 3-letter key prefix and a counter. */
export function fakeId(prefix: string, n: number): string {
  return `${prefix}XX${n.toString(36).toUpperCase().padStart(10, '0')}AAA`;
}

const CATEGORIES = ['LUCE_CASA', 'GAS_CASA', 'LUCE_BUSINESS', 'GAS_BUSINESS', 'FOTOVOLTAICO'] as const;

/**
 * Deterministic Contract records: the i-th has SystemModstamp base + i seconds (several share a second when
 * `perSecond` > 1), so cursor and overlap behaviour is reproducible.
 */
export function makeContracts(count: number, options: { base?: string; perSecond?: number; start?: number } = {}): Record<string, unknown>[] {
  const base = Date.parse(options.base ?? '2026-10-01T08:00:00.000Z');
  const perSecond = options.perSecond ?? 1;
  const start = options.start ?? 0;
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < count; k++) {
    const i = start + k;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const gas = category.startsWith('GAS');
    out.push({
      Id: fakeId('800', i + 1),
      SystemModstamp: new Date(base + Math.floor(i / perSecond) * 1000).toISOString().replace('Z', '+0000'),
      IsDeleted: false,
      ContractNumber: String(i + 1).padStart(8, '0'),
      CustomerSignedDate: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
      Partner__c: fakeId('001', (i % 7) + 1),
      Partner__r: { Id: fakeId('001', (i % 7) + 1), Partner_Code__c: `AGT-${String((i % 7) + 1).padStart(4, '0')}` },
      Product__c: gas ? 'Gas Flex Casa' : 'Luce Fix',
      Category__c: category,
      Commodity__c: gas ? 'gas' : category === 'FOTOVOLTAICO' ? 'service' : 'power',
      Territory__c: ['Lazio', 'Lombardia', 'Campania'][i % 3],
      Annual_kWh__c: gas ? null : 1500 + (i % 40) * 25.5,
      Annual_Smc__c: gas ? 600 + (i % 30) * 10 : null,
      Offer__c: i % 2 ? 'FIX12' : 'FLEX',
      Energy_Efficiency__c: i % 9 === 0,
      Customer_Type__c: category.endsWith('BUSINESS') ? 'business' : 'residential',
      Channel__c: ['door_to_door', 'shop', 'outbound', 'web_assisted'][i % 4],
      Confirmation_Call__c: true,
      Quality_OK__c: i % 11 !== 0,
      Status: 'Activated',
    });
  }
  return out;
}
