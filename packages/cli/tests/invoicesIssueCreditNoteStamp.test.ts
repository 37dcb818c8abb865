/**
 * `provvigo invoices issue` of a period with a forfettario agent's credit note above €77.47, end to end.
 *
 * Art. 13 n. 1 Tariffa DPR 642/72 taxes "fatture, note, conti e simili documenti, recanti addebitamenti o
 * accreditamenti": a TD04 whose amount not subject to IVA exceeds €77.47 owes the €2 stamp as an invoice does. Before
 * fiscal-it tested the threshold on the absolute amount, a −100.00 forfettario clawback had no stamp, its TD04 had no
 * DatiBollo, the semantic check reported it and `invoices issue` held back the whole period (exit 1, nothing written),
 * the other partner's invoice included. The credit note never recharges the stamp (no N1 line: the sign of such a
 * recharge is the accountant's question), so the XML declares it only. Every figure below is worked out by hand.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, type InvoicesOptions } from '../src/commands/invoices.js';
import { invoicesIssue } from '../src/commands/invoicesIssue.js';
import { capture } from './helpers/capture.js';
import { monomandatario, principal } from './helpers/italianParties.js';
import { provvigo } from './helpers/provvigoProcess.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const XSD = join(root, 'packages/documents/tests/fixtures/xsd/Schema_VFPR12_v1.2.2.xsd');

/** A flat-rate agent (no IVA, Natura N2.2, RF19), with its own VAT number: two cedenti never share a number series. */
const forfettario = {
  ...monomandatario('AGT-FORF'),
  name: "Roberto D'Angelo",
  fiscalProfile: 'it:agent-forfettario',
  billing: {
    firstName: 'Roberto',
    lastName: "D'Angelo",
    vatId: 'IT05542100929',
    taxCode: 'DNGRRT92M25D612D',
    address: { street: 'Via Dante Alighieri', number: '46', zip: '50122', city: 'Firenze', province: 'FI', country: 'IT' },
    iban: 'IT54H0200829555000987411539',
    email: 'roberto.dangelo@partners.example',
  },
};

let dir: string;
let partnersFile: string;
let principalFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-cn-stamp-'));
  partnersFile = join(dir, 'partners.json');
  principalFile = join(dir, 'principal.json');
  await writeFile(partnersFile, JSON.stringify([forfettario, monomandatario('AGT-MONO')]));
  await writeFile(principalFile, JSON.stringify(principal));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (id: string, component: string, label: string, amount: string) => ({ id, component, label, amount, currency: 'EUR', source: { system: 'salesforce', table: 'contracts', id } });

/** The period's pro-formas (`provvigo invoices --statements`): the index `invoices issue` reads. */
async function proforma(period: string, statements: Array<{ partnerId: string; lines: unknown[] }>): Promise<string> {
  const file = join(dir, `statements-${period}.json`);
  await writeFile(file, JSON.stringify(statements.map((s) => ({ ...s, currency: 'EUR' }))));
  const out = join(dir, period);
  const options: InvoicesOptions = { period, partners: partnersFile, principal: principalFile, statements: file, out, date: `${period}-28`, numberPrefix: 'PF', paymentDays: 30, selfBilling: true, xml: true };
  const c = capture();
  expect(await invoices(options, c.io), c.errors()).toBe(0);
  return out;
}

interface Registered {
  partnerId: string;
  period: string;
  number: string;
  date: string;
  documentType: string;
  transmitter: string;
  progressive: string;
  file: string;
  related: Array<{ number: string; date: string }>;
  documentTotal: string;
  netToPay: string;
}

describe('provvigo invoices issue: a forfettario credit note of −100.00 carries the €2 stamp', () => {
  it("issues the TD04 with DatiBollo SI 2.00 and no N1 line next to the other partner's TD01, XSD-valid, consecutive progressives", async () => {
    const register = join(dir, 'e-invoice-register.json');
    // April: the forfettario agent's invoice the May clawback corrects, issued when paid on 10 May (progressive 00001).
    const april = await proforma('2026-04', [{ partnerId: 'AGT-FORF', lines: [line('C-0099', 'commission', 'Provvigioni', '500.00')] }]);
    const aprilIssue = capture();
    expect(await invoicesIssue({ period: '2026-04', paidOn: '2026-05-10', partners: partnersFile, principal: principalFile, out: april, numberPrefix: 'PV', register }, aprilIssue.io), aprilIssue.errors()).toBe(0);
    // the invoice recharges its stamp (500.00 > 77.47, stampDutyRecharged true by default): an N1 line of 2.00, the
    // line the credit note below must not have
    const aprilXml = await readFile(join(april, 'IT01234567897_00001.xml'), 'utf8');
    expect(aprilXml).toMatch(/<PrezzoTotale>2\.00<\/PrezzoTotale>\s*<AliquotaIVA>0\.00<\/AliquotaIVA>\s*<Natura>N1<\/Natura>/);

    // May: the agent's statement is only the clawback of April's contract C-0099, net −100.00 (a TD04 alone); the
    // monomandatario earns 1,000.00 (a TD01).
    const may = await proforma('2026-05', [
      { partnerId: 'AGT-FORF', lines: [line('C-0099', 'clawback', 'Storno provvigione C-0099 (periodo 2026-04)', '-100.00')] },
      { partnerId: 'AGT-MONO', lines: [line('C-0120', 'commission', 'Provvigioni', '1000.00')] },
    ]);
    // The step under test through the command line, as its own process: option parsing and the process's exit code.
    const issued = await provvigo(['invoices', 'issue', '--period', '2026-05', '--paid-on', '2026-06-10', '--partners', partnersFile, '--principal', principalFile, '--out', may, '--register', register, '--series', 'PV']);
    expect(issued.code, `stdout: ${issued.stdout}\nstderr: ${issued.stderr}`).toBe(0);
    expect(issued.stderr).toBe('');
    expect(issued.stdout).toMatch(/period 2026-05: 2 e-invoice\(s\) issued on 2026-06-10 \(1 credit note\(s\)\)/);

    // The register: April's invoice, then May's two documents (index order: partner ids sorted, AGT-FORF first), the
    // transmitter (the principal, IT + its codice fiscale) numbering its files 00001, 00002, 00003 with no gap; each
    // partner's own series: AGT-FORF's second document of 2026, AGT-MONO's first. Totals signed as the statements:
    // TD04 −100.00 + IVA 0.00 + stamp charged 0.00 = −100.00, nothing withheld (no positive Enasarco base this year
    // in May's computation) → −100.00 to pay; TD01 1,000.00 + 22% IVA 220.00 = 1,220.00, less ritenuta 23% × 50% ×
    // 1,000.00 = 115.00 and Enasarco 8.5% × 1,000.00 = 85.00 → 1,020.00.
    const reg = JSON.parse(await readFile(register, 'utf8')) as { invoices: Registered[] };
    expect(reg.invoices.map((i) => [i.partnerId, i.period, i.number, i.date, i.documentType, i.transmitter, i.progressive, i.documentTotal, i.netToPay])).toEqual([
      ['AGT-FORF', '2026-04', 'PV2026/0001', '2026-05-10', 'TD01', 'IT01234567897', '00001', '502.00', '459.50'],
      ['AGT-FORF', '2026-05', 'PV2026/0002', '2026-06-10', 'TD04', 'IT01234567897', '00002', '-100.00', '-100.00'],
      ['AGT-MONO', '2026-05', 'PV2026/0001', '2026-06-10', 'TD01', 'IT01234567897', '00003', '1220.00', '1020.00'],
    ]);
    const [, note, invoice] = reg.invoices as [Registered, Registered, Registered];
    expect(note.related).toEqual([{ number: 'PV2026/0001', date: '2026-05-10' }]);
    expect([note.file, invoice.file]).toEqual(['IT01234567897_00002.xml', 'IT01234567897_00003.xml']);
    const written = (await readdir(may)).filter((f) => f.endsWith('.xml'));
    expect(written.sort()).toEqual(['IT01234567897_00002.xml', 'IT01234567897_00003.xml']);

    // The credit note: TD04, RF19, amounts positive as on every TD04. |−100.00| = 100.00 > 77.47 → the €2 stamp is
    // due and declared (BolloVirtuale SI, ImportoBollo 2.00), not recharged: no N1 line (the clawback is the only
    // line) and no N1 summary, so the only summary is N2.2 on 100.00 and the document total is 100.00 + 0.00 IVA =
    // 100.00, all of it to pay.
    const noteXml = await readFile(join(may, note.file), 'utf8');
    expect(noteXml).toMatch(/<ProgressivoInvio>00002<\/ProgressivoInvio>/);
    expect(noteXml).toMatch(/<RegimeFiscale>RF19<\/RegimeFiscale>/);
    expect(noteXml).toMatch(/<TipoDocumento>TD04<\/TipoDocumento>/);
    expect(noteXml).toMatch(/<Numero>PV2026\/0002<\/Numero>/);
    expect(noteXml).toMatch(/<DatiBollo>\s*<BolloVirtuale>SI<\/BolloVirtuale>\s*<ImportoBollo>2\.00<\/ImportoBollo>\s*<\/DatiBollo>/);
    expect(noteXml).toMatch(/<ImportoTotaleDocumento>100\.00<\/ImportoTotaleDocumento>/);
    expect(noteXml).not.toMatch(/<Natura>N1<\/Natura>/);
    expect(noteXml.match(/<DettaglioLinee>/g)).toHaveLength(1);
    expect(noteXml.match(/<DatiRiepilogo>/g)).toHaveLength(1);
    expect(noteXml).toMatch(/<Natura>N2\.2<\/Natura>\s*<ImponibileImporto>100\.00<\/ImponibileImporto>/);
    expect(noteXml).not.toMatch(/<DatiRitenuta>/);
    expect(noteXml).toMatch(/<ImportoPagamento>100\.00<\/ImportoPagamento>/);
    expect(noteXml).toMatch(/<DatiFattureCollegate>\s*<IdDocumento>PV2026\/0001<\/IdDocumento>\s*<Data>2026-05-10<\/Data>/);

    // The other partner's invoice, issued in the same run: IVA charged, so no amount without IVA and no stamp.
    const invoiceXml = await readFile(join(may, invoice.file), 'utf8');
    expect(invoiceXml).toMatch(/<ProgressivoInvio>00003<\/ProgressivoInvio>/);
    expect(invoiceXml).toMatch(/<TipoDocumento>TD01<\/TipoDocumento>/);
    expect(invoiceXml).toMatch(/<ImportoTotaleDocumento>1220\.00<\/ImportoTotaleDocumento>/);
    expect(invoiceXml).toMatch(/<ImportoPagamento>1020\.00<\/ImportoPagamento>/);
    expect(invoiceXml).not.toMatch(/DatiBollo/);

    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, join(may, note.file), join(may, invoice.file)]);
    expect(stderr.match(/ validates$/gm)).toHaveLength(2);
  });
});
