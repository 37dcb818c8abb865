/**
 * Writes the README samples: page 1 of a pro-forma invoice (Italian agent, real fiscal-it items) and of a statement
 * (English) as PNG, plus the invoice's FatturaPA XML. Run: pnpm --filter @provvigo/documents samples
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeFiscalOrThrow, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { buildInvoiceDocumentOrThrow, fiscalLinesFromSummary, renderFatturaPA, renderInvoicePdf, renderStatementPdf, summarizeStatement } from '../src/index.js';
import { partner as samplePartner, period, principal, statement } from '../tests/helpers.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
const tmp = mkdtempSync(join(tmpdir(), 'provvigo-samples-'));

const st = statement('AGT-0042', [
  ['activation', 'Attivazioni luce e gas', '1840.00'],
  ['activation', 'Attivazioni luce e gas', '310.50'],
  ['activation', 'Attivazioni luce e gas', '96.40'],
  ['bonus', 'Bonus obiettivo trimestrale', '500.00'],
  ['adjustment', 'Rettifica periodo 2026-02 (contratto C-0871 ricalcolato)', '-40.25'],
  ['clawback', 'Storno contratto C-0099 cessato entro 6 mesi', '-120.00'],
]);
const partner: Partner = { ...samplePartner('AGT-0042'), name: 'Niccolò Ferrè', fiscalProfile: 'it:agent-individual-mono' };
const summary = summarizeStatement(st, { payoutLabels: { activation: 'Provvigioni attivazioni', bonus: 'Bonus obiettivo' } });

function png(pdf: Uint8Array, name: string): void {
  const file = join(tmp, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, join(docs, name)]);
}

for (const locale of ['it', 'en'] as const) {
  const fiscal = computeFiscalOrThrow([itPack], { partner, period, currency: st.currency, lines: fiscalLinesFromSummary(summary) });
  // transmissionId: the SdI file progressive, from the transmitter's register (the first one nextProgressive hands out)
  const doc = buildInvoiceDocumentOrThrow({ principal, partner, period, statement: summary, fiscal, number: 'AF-2026/0042', date: '2026-04-10', transmissionId: '00001', payment: { days: 30 }, locale });
  if (locale === 'it') {
    png(await renderInvoicePdf(doc), 'invoice-it');
    writeFileSync(join(docs, 'invoice-it.xml'), renderFatturaPA(doc));
  } else png(await renderStatementPdf(doc), 'statement-en');
}
rmSync(tmp, { recursive: true, force: true });
console.log(`samples written to ${docs}`);
