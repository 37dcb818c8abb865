import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { startApprovedStudio } from './approvedStudio.js';
import { loginCookie } from './login.js';

/**
 * A document the studio cannot build from the run's data (a partner without an IBAN) is refused with a 422
 * `document_invalid` naming partner, period and field. The documents' refusals carry Italian and English, and the
 * answer now carries both (`messages`), as core's and the store's workflow refusals do: it carried the English only,
 * so an Italian reader was shown English.
 */
const sample = loadSample();
const plan = sample.plans.find((p) => p.id === 'outbound')!;
sample.plans = [plan];
sample.partners = sample.partners.filter((p) => p.id.startsWith('OUT-'));
const NO_IBAN = sample.partners[0]!;
delete (NO_IBAN.billing as { iban?: string }).iban;
const PASSWORD = 'test-password';
const period = sample.period.id;
let studio: StudioServer;
let finance: string;

beforeAll(async () => {
  studio = await startApprovedStudio(sample, PASSWORD);
  finance = await loginCookie(studio.url, 'finance', PASSWORD);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('a document refused for the run data', () => {
  it('answers 422 document_invalid with the refusal in Italian and English', async () => {
    const r = await fetch(`${studio.url}/api/periods/${period}/statements/${NO_IBAN.id}/invoice.pdf`, { headers: { cookie: finance } });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: string; message: string; path: string[]; messages?: { it: string; en: string } };
    expect(body.error).toBe('document_invalid');
    expect(body.path).toEqual(['partner', 'billing', 'iban']);
    expect(body.message).toMatch(new RegExp(`^partner ${NO_IBAN.id}, period ${period}: no IBAN \\(partner\\.billing\\.iban or payment\\.iban\\)$`));
    expect(body.messages?.en).toBe(body.message);
    expect(body.messages?.it).toMatch(new RegExp(`^partner ${NO_IBAN.id}, periodo ${period}: manca l'IBAN \\(partner\\.billing\\.iban o payment\\.iban\\)$`));
  });
});
