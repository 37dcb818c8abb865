import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { validateMapping } from '../src/describe.js';
import { AuthError } from '../src/errors.js';
import { SalesforceConfigSchema, type SalesforceConfig } from '../src/mapping.js';
import { listQuarantine, loadFacts } from '../src/store.js';
import { syncSalesforce } from '../src/sync.js';
import { contractsMapping } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

/**
 * Field names that are also Object.prototype members, end to end: an org field the fake declares as `constructor`
 * (empty on every record) and a mapping column reading it. The fake read `row.constructor` (Object itself: dropped
 * from the REST JSON, printed as `function Object() { [native code] }` into the Bulk CSV) and readPath read the
 * inherited member of a REST record that lacked it, so every record was quarantined (REST) or stored a function's
 * source text (Bulk) instead of storing null.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The contracts mapping plus an optional column read from the org's `constructor` field. */
function withConstructorField(harnessed: Harness): SalesforceConfig {
  const contract = harnessed.fake.objects.get('Contract')!;
  // a new array: CONTRACT_FIELDS is shared by every test in the process
  contract.fields = [...contract.fields, { name: 'constructor', type: 'string' }];
  const mapping = harnessed.config.objects[0]!;
  return SalesforceConfigSchema.parse({
    ...harnessed.config,
    objects: [{ ...mapping, columns: { ...mapping.columns, note: { field: 'constructor', type: 'text', required: false } } }],
  });
}

describe('a field named constructor, synced', () => {
  for (const mode of ['rest', 'bulk'] as const) {
    it(`${mode}: records without a value store null, none is quarantined`, async () => {
      h = await harness(makeContracts(30), { mode, pageSize: 10, bulkPageSize: 10 });
      const config = withConstructorField(h);
      const [r] = await syncSalesforce(config, { db: h.db, client: h.client, now: NOW });
      expect(r!.error).toBeUndefined();
      expect(r!.soql).toContain('constructor');
      expect({ inserted: r!.inserted, quarantined: r!.quarantined }).toEqual({ inserted: 30, quarantined: 0 });
      expect(await listQuarantine(h.db)).toEqual([]);
      const facts = await loadFacts(h.db, 'contracts');
      expect(facts).toHaveLength(30);
      expect(facts.every((f) => Object.hasOwn(f, 'note') && f.note === null)).toBe(true);
    }, 60_000);
  }
});

describe('validateMapping with a column type named like an Object member', () => {
  it('reports the type as unreadable instead of crashing', async () => {
    h = await harness([]);
    const config = structuredClone(h.config);
    // a config built in code, not parsed: the schema only lets ValueType names through
    (config.objects[0]!.columns.product as { type: string }).type = 'constructor';
    expect(await validateMapping(h.client, config)).toEqual(['Contract.Product__c (column product): Salesforce type string cannot be read as constructor']);
  }, 60_000);
});

describe("the fake's JWT bearer flow knows only its own users", () => {
  it('refuses an assertion for the user "toString"', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    h = await harness([], { jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const auth = (username: string) =>
      SalesforceConfigSchema.parse(contractsMapping({ kind: 'jwt', loginUrl: h!.fake.loginUrl, clientId: 'test-client-id', username, privateKey: pem })).auth;
    await expect(SalesforceClient.connect(auth('toString'), { apiVersion: '64.0' })).rejects.toBeInstanceOf(AuthError);
    await expect(SalesforceClient.connect(auth('constructor'), { apiVersion: '64.0' })).rejects.toBeInstanceOf(AuthError);
    await expect(SalesforceClient.connect(auth('integration@example.com'), { apiVersion: '64.0' })).resolves.toBeInstanceOf(SalesforceClient);
  }, 60_000);
});
