import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '@provvigo/core';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { startApprovedStudio } from './approvedStudio.js';
import { loginCookie } from './login.js';

/**
 * A credit note the studio cannot link to an original invoice (issue 13, "TD04 credit notes always linked"): the
 * studio keeps no e-invoice register, so the invoice PDF and FatturaPA of a negative statement are refused with a
 * 409 worded in the reader's language (it/en), naming partner and document — not a 500 from the renderer, and never
 * an unlinked TD04. The statement PDF stays available; a positive statement's invoice is unaffected.
 *
 * The negative statement, by hand: the sample's outbound plan with its MonthlyCap set to −100.00 (OUT-0001 keeps its
 * own cap of 40,000.00, an override in plans/outbound.json) gives OUT-0002 Adjusted = MIN(GrossFees × multiplier,
 * −100.00) = −100.00 and QualityAdjustment = −100.00 − GrossFees, so its period total is −100.00 and, with the fee
 * lines held until activation, its payable is below zero; `floorAtZero: false` invoices that balance back (TD04).
 */
const sample = loadSample();
const outbound = sample.plans.find((p) => p.id === 'outbound')!;
const PARAMS = outbound.parameters as Record<string, { value: unknown }>;
PARAMS['MonthlyCap'] = { ...PARAMS['MonthlyCap']!, value: '-100.00' };
sample.plans = [outbound];
sample.partners = sample.partners.filter((p) => p.id.startsWith('OUT-'));
sample.ledgerOptions = { floorAtZero: false };
const NEGATIVE = sample.partners.find((p) => p.id === 'OUT-0002')!;
const POSITIVE = 'OUT-0001';
const PASSWORD = 'test-password';
const period = sample.period.id;
let studio: StudioServer;
let finance: string;

const session = (username: string): Promise<string> => loginCookie(studio.url, username, PASSWORD);
const get = (cookie: string, path: string, headers: Record<string, string> = {}) => fetch(`${studio.url}${path}`, { headers: { cookie, ...headers } });

beforeAll(async () => {
  studio = await startApprovedStudio(sample, PASSWORD);
  finance = await session('finance');
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('a credit note the studio cannot link to an original invoice', () => {
  const base = `/api/periods/${period}/statements/${NEGATIVE.id}`;
  // the pro-forma number the studio gives the document: PRO-<period digits>-<partner id>
  const number = `PRO-${period.replace(/[^0-9A-Za-z]/g, '')}-${NEGATIVE.id}`;

  it('the statement is negative (the premise)', async () => {
    const body = (await (await get(finance, base)).json()) as { periodStatement: { payable: string } };
    expect(new Decimal(body.periodStatement.payable).isNegative()).toBe(true);
  });

  it.each(['invoice.xml', 'invoice.pdf'])('%s: 409 in Italian (the partner’s language by default), naming partner and document', async (file) => {
    const r = await get(finance, `${base}/${file}`);
    expect(r.status).toBe(409);
    const body = (await r.json()) as { error: string; message: string; partnerId: string; document: string };
    expect(body).toMatchObject({ error: 'credit_note_unlinked', partnerId: NEGATIVE.id, document: number, period });
    expect(body.message).toContain(`Nota di credito ${number} del partner ${NEGATIVE.id} (${NEGATIVE.name}), periodo ${period}`);
    expect(body.message).toContain('non è collegata a nessuna fattura originale');
  });

  it('in English when the reader asks for it (the studio’s ?lang=, else Accept-Language)', async () => {
    for (const [path, headers] of [
      [`${base}/invoice.xml?lang=en`, {}],
      [`${base}/invoice.pdf`, { 'accept-language': 'en-GB,en;q=0.9,it;q=0.5' }],
    ] as const) {
      const r = await get(finance, path, headers);
      expect(r.status, path).toBe(409);
      const { message } = (await r.json()) as { message: string };
      expect(message).toContain(`Credit note ${number} of partner ${NEGATIVE.id} (${NEGATIVE.name}), period ${period}: it is linked to no original invoice`);
      expect(message).not.toMatch(/Nota di credito|fattura/);
    }
    // ?lang= wins over the browser's preference
    const r = await get(finance, `${base}/invoice.xml?lang=it`, { 'accept-language': 'en' });
    expect(((await r.json()) as { message: string }).message).toMatch(/^Nota di credito /);
  });

  it('the partner itself gets the same refusal; the statement PDF and a positive statement’s invoice are still served', async () => {
    const own = await session(NEGATIVE.id.toLowerCase());
    expect((await get(own, `${base}/invoice.xml`)).status).toBe(409);
    const statementPdf = await get(own, `${base}/statement.pdf`);
    expect(statementPdf.status).toBe(200);
    expect(statementPdf.headers.get('content-type')).toBe('application/pdf');
    const positive = await get(finance, `/api/periods/${period}/statements/${POSITIVE}/invoice.xml`);
    expect(positive.status).toBe(200);
    expect(await positive.text()).toContain('<TipoDocumento>TD01</TipoDocumento>');
  });
});
