import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { startApprovedStudio } from './approvedStudio.js';
import { loginCookie } from './login.js';

/**
 * The studio's FatturaPA download is a preview of the pro-forma (PRO-…), never transmitted: the e-invoice sent to SdI
 * is issued at payment by `provvigo invoices issue` with the next progressive of the transmitter's register. The
 * documents package no longer guesses an SdI file progressive from the number (it gave 10 characters where SdI's file
 * name allows 5, repeated across partners whose numbers end alike) and refuses a FatturaPA without one; the studio
 * passes the preview progressive 00000, which the register never hands out (its first is 00001). Every partner's
 * preview still downloads and is valid against the official XSD the documents tests use.
 */
const XSD = fileURLToPath(new URL('../../../packages/documents/tests/fixtures/xsd/Schema_VFPR12_v1.2.2.xsd', import.meta.url));
const run = promisify(execFile);
const sample = loadSample();
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

const leaf = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('the FatturaPA preview of the pro-forma', () => {
  it('every partner’s invoice.xml is served with the preview progressive 00000 and validates against the XSD', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'studio-xsd-'));
    try {
      const files: string[] = [];
      for (const p of sample.partners) {
        const r = await fetch(`${studio.url}/api/periods/${period}/statements/${p.id}/invoice.xml`, { headers: { cookie: finance } });
        const xml = await r.text();
        expect(r.status, `${p.id}: ${xml.slice(0, 300)}`).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
        expect(leaf(xml, 'ProgressivoInvio'), p.id).toBe('00000');
        // the pro-forma's number: PRO-, the period's digits (2026-10 → 202610), the partner id
        expect(leaf(xml, 'Numero'), p.id).toBe(`PRO-202610-${p.id}`);
        const file = join(dir, `${p.id}.xml`);
        await writeFile(file, xml);
        files.push(file);
      }
      expect(files).toHaveLength(20);
      const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, ...files], { maxBuffer: 16 << 20 });
      for (const f of files) expect(stderr).toContain(`${f} validates`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the pro-forma PDF, built from the same document, is still served', async () => {
    const r = await fetch(`${studio.url}/api/periods/${period}/statements/${sample.partners[0]!.id}/invoice.pdf`, { headers: { cookie: finance } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
  });
});
