import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// the CLI run from source as its own process (the repository's end-to-end helper) and the store's test locations
import { provvigo } from '../../../tests/helpers.js';
import { newLocation, postgresAvailable } from '../../store/tests/helpers/engines.js';
import type { SalesforceConfigInput } from '../src/mapping.js';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts } from '../src/testing/index.js';

/** `provvigo sync salesforce` in Italian (PROVVIGO_LOCALE=it): the adapter's errors and findings are printed in Italian. */
const location = await newLocation((await postgresAvailable()) ? 'postgres' : 'pglite');
afterAll(() => location.dispose(), 120_000);

/** The real CLI in Italian in its own process; proxies cleared so jsforce talks to the local fake directly. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  provvigo(args, { ...env, PROVVIGO_LOCALE: 'it', http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' });

let fake: FakeSalesforce | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** A fake org with `records` contracts, and a configuration file for it (written with `edit` applied). */
async function org(records: Record<string, unknown>[], edit: (c: SalesforceConfigInput) => SalesforceConfigInput = (c) => c) {
  fake = new FakeSalesforce({ pageSize: 200 });
  const url = await fake.start();
  fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records });
  fake.addObject({ name: 'Account', fields: ACCOUNT_FIELDS, records: [] });
  const config = join(mkdtempSync(join(tmpdir(), 'provvigo-sf-it-')), 'salesforce.json');
  writeFileSync(config, JSON.stringify(edit(contractsMapping({ kind: 'accessToken', instanceUrl: url, accessToken: { env: 'SF_ACCESS_TOKEN' } }))));
  return { fake, config, token: fake.issueToken() };
}

describe('provvigo sync salesforce in Italian', () => {
  it('a secret whose environment variable is not set', async () => {
    const { config } = await org([]);
    const r = await cli(['sync', 'salesforce', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `provvigo sync salesforce: ${config}, campo auth: la variabile d'ambiente SF_ACCESS_TOKEN non è impostata (dovrebbe contenere un segreto Salesforce)\n`,
    );
  }, 60_000);

  it('--objects naming an object the mapping does not hold: refused before Salesforce is called', async () => {
    const { config, token } = await org(makeContracts(3));
    const r = await cli(['sync', 'salesforce', '--config', config, '--objects', 'Contrat'], { SF_ACCESS_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`provvigo sync salesforce: ${config}: --objects: Contrat non è un oggetto mappato; forse intendevi "Contract"?\n`);
    expect(fake!.log).toEqual([]);
  }, 60_000);

  it("a configuration's defects and the mapping's problems against the org", async () => {
    const old = await org([], (c) => ({ ...c, apiVersion: '39.0' }));
    const refused = await cli(['sync', 'salesforce', '--config', old.config], { SF_ACCESS_TOKEN: old.token });
    expect(refused.stderr).toBe(
      `provvigo sync salesforce: ${old.config}: configurazione non valida:\n  apiVersion: le versioni API precedenti alla 41.0 sono state ritirate o lo saranno; usa la 41.0 o una successiva\n`,
    );
    await fake!.stop();
    const { config, token } = await org([], (c) => ({
      ...c,
      objects: [{ ...c.objects[0]!, columns: { ...c.objects[0]!.columns, offer: { field: 'Offer_Code__c', type: 'text' } } }],
    }));
    const described = await cli(['sync', 'salesforce', '--config', config, '--describe'], { SF_ACCESS_TOKEN: token });
    expect(described.code).toBe(1);
    expect(described.stderr).toBe(
      `${config}: Contract.Offer_Code__c (colonna offer): campo non trovato; controlla il nome API e la sicurezza a livello di campo per l'utente di integrazione\n` +
        'problemi nella mappatura: 1\n',
    );
  }, 120_000);

  it('an expired session', async () => {
    const { config } = await org([]);
    const r = await cli(['sync', 'salesforce', '--config', config], { SF_ACCESS_TOKEN: 'expired' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'provvigo sync salesforce: describe di Contract: HTTP 401 INVALID_SESSION_ID (Session expired or invalid); ' +
        'la sessione non è valida e non è stato possibile rinnovarla: controlla le credenziali e la connected app\n',
    );
  }, 60_000);

  it('a retried failure and the daily API limit that stops the sync', async () => {
    const { config, token } = await org(makeContracts(400));
    fake!.inject({ match: /\/query\/01g/, fault: { kind: 'status', status: 503 }, times: 1 });
    fake!.inject({ match: /\/query\/01g/, fault: { kind: 'daily-limit' }, times: 1 });
    const r = await cli(['sync', 'salesforce', '--config', config, '--db', location.target], { SF_ACCESS_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^ {2}tentativo 1 tra \d+ ms: queryAll, pagina 2: HTTP 503; Salesforce ha continuato a rispondere con un errore anche dopo i nuovi tentativi$/m,
    );
    expect(r.stderr).toContain(
      "Contract: RateLimitError: queryAll, pagina 2: HTTP 403 REQUEST_LIMIT_EXCEEDED (TotalRequests Limit exceeded.); limite giornaliero di API dell'org esaurito: " +
        'la sincronizzazione si ferma e riprende dal suo cursore la prossima volta\n',
    );
    expect(r.stdout).toMatch(/^Contract → contracts \(rest\): ricevuti 200 = salvati 200 /);
  }, 120_000);
});
