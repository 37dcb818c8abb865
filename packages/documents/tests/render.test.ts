import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocumentOrThrow, renderInvoicePdf, renderStatementPdf } from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement } from './helpers.js';

const run = promisify(execFile);
const artefacts = fileURLToPath(new URL('../../../test-artifacts/documents/', import.meta.url));

/** Renders every page of a PDF to a grey image with poppler's pdftoppm; returns each page's share of inked pixels. */
async function renderPages(pdf: Uint8Array, name: string): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-render-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', '50', '-gray', join(dir, 'doc.pdf'), join(dir, 'page')]);
    await run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', join(dir, 'doc.pdf'), join(artefacts, name)]);
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
    const ink: number[] = [];
    for (const page of pages) {
      // PGM (P5): a text header "P5 <width> <height> <max>" then one byte per pixel.
      const bytes = await readFile(join(dir, page));
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
      const pixels = bytes.subarray(header[0].length);
      let dark = 0;
      for (const p of pixels) if (p < 128) dark++;
      ink.push(dark / pixels.length);
    }
    return ink;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('PDFs rendered to images', () => {
  const st = statement('P1', [
    ['activation', 'Attivazioni luce e gas', '1840.00'],
    ['bonus', 'Bonus obiettivo trimestrale', '500.00'],
    ['clawback', 'Storno contratto cessato C-0099', '-120.00'],
  ]);

  it('every page of the invoice and the statement renders with content, and its text reads back (it and en)', async () => {
    await mkdir(artefacts, { recursive: true });
    for (const locale of ['it', 'en'] as const) {
      const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('agentOrdinary', st.total), number: 'PV-2026/0001', date: '2026-04-10', payment: { days: 30 }, locale });
      for (const [kind, pdf] of [['invoice', await renderInvoicePdf(doc)], ['statement', await renderStatementPdf(doc)]] as const) {
        const ink = await renderPages(pdf, `${kind}-${locale}`);
        expect(ink.length).toBeGreaterThan(0);
        // A blank or broken page has no ink; a page of text has a few per cent of dark pixels.
        for (const share of ink) expect(share).toBeGreaterThan(0.005);
        const text = await pdfText(pdf);
        expect(text).toContain('Storno contratto cessato C-0099');
        expect(text).toContain(locale === 'it' ? '1.840,00' : '1,840.00');
      }
    }
  });
});
