import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Decimal from 'decimal.js';
import type { Partner, Statement } from '@provvigo/core';
import type { DocumentFiscalInput, PrincipalInput } from '../src/index.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
export const XSD = join(here, 'fixtures', 'xsd', 'Schema_VFPR12_v1.2.2.xsd');

/** Validates XML against the official FatturaPA XSD with libxml2's xmllint; returns xmllint's verdict. */
export async function validateXsd(xml: string): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-xsd-'));
  try {
    const file = join(dir, 'invoice.xml');
    await writeFile(file, xml);
    try {
      const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, file]);
      return { ok: true, output: stderr };
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      return { ok: false, output: e.stderr ?? e.message };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Validates many XML documents against the FatturaPA XSD in one xmllint process (the schema is read once, where
 * `validateXsd` reads it for each document); returns, for each document that does not validate, its name and what
 * xmllint says.
 */
export async function xsdFailures(docs: Array<{ name: string; xml: string }>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-xsd-'));
  try {
    const files = docs.map((_, i) => join(dir, `doc${i}.xml`));
    await Promise.all(docs.map((d, i) => writeFile(files[i]!, d.xml)));
    const output = await run('xmllint', ['--noout', '--schema', XSD, ...files], { maxBuffer: 64 << 20 }).then(
      (r) => r.stderr,
      (e: { stderr?: string; message: string }) => e.stderr || e.message,
    );
    const lines = output.split('\n');
    return files.flatMap((f, i) => (lines.includes(`${f} validates`) ? [] : [`${docs[i]!.name}: ${lines.filter((l) => l.startsWith(f)).join('\n') || output}`]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Text of a PDF as poppler's pdftotext reads it (layout kept, so a row stays on one line). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const principal: PrincipalInput = {
  legalName: 'Energia Futura S.p.A.',
  vatId: 'IT01234567897',
  taxCode: '01234567897',
  address: { street: 'Corso Buenos Aires', number: '12', zip: '20124', city: 'Milano', province: 'MI', country: 'IT' },
  sdiCode: 'ABC1234',
  email: 'provvigioni@energiafutura.example',
};

export function partner(id: string, overrides: Partial<Partner> = {}): Partner {
  return {
    id,
    name: `Agenzia ${id}`,
    kind: 'agent',
    territory: 'Lombardia',
    language: 'it',
    billing: {
      legalName: `Agenzia ${id} di Niccolò Ferrè`,
      vatId: 'IT09876543217',
      taxCode: 'FRRNCC80A01F205X',
      address: { street: 'Via Verdi', number: '3', zip: '20121', city: 'Milano', province: 'MI', country: 'IT' },
      iban: 'IT60X0542811101000000123456',
      email: `${id.toLowerCase()}@partners.example`,
    },
    ...overrides,
  };
}

/** A core statement with the given lines (component → amounts), as `evaluate` returns it. */
export function statement(partnerId: string, lines: Array<[component: string, label: string, amount: string]>): Statement {
  const total = lines.reduce((s, [, , a]) => s.plus(a), new Decimal(0));
  const byComponent: Record<string, string> = {};
  for (const [c, , a] of lines) byComponent[c] = new Decimal(byComponent[c] ?? '0').plus(a).toFixed(2);
  return {
    partnerId,
    period: '2026-03',
    currency: 'EUR',
    lines: lines.map(([component, label, amount], i) => ({
      id: `${partnerId}-${i}`,
      partnerId,
      planId: 'agents-2026',
      planVersion: 1,
      payout: component,
      component,
      label,
      sheet: 'Lines',
      row: i,
      source: { system: 'salesforce', table: 'contracts', id: `C-${1000 + i}` },
      currency: 'EUR',
      amount,
      status: 'ok',
      issues: [],
      trace: {} as Statement['lines'][number]['trace'],
    })),
    total: total.toFixed(2),
    byComponent,
    blocked: false,
    issues: [],
  };
}

export const period = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };

const r2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export type Profile = 'simple' | 'agentOrdinary' | 'agentCompany' | 'reverseCharge' | 'forfettario' | 'professional';
export const PROFILES: Profile[] = ['simple', 'agentOrdinary', 'agentCompany', 'reverseCharge', 'forfettario', 'professional'];

/**
 * Fiscal items per profile, computed from the rules of italy-tax.md (test data standing in for the jurisdiction
 * pack's output): 25-bis ritenuta 23% on 50% (RT01, Q) or 20% (RT02), Enasarco 8.5% (RT04, ZO) or 1% for
 * companies, reverse charge N6.7, forfettario N2.2 with €2 stamp duty, professional INPS rivalsa 4% + ritenuta 20%.
 */
export function fiscalFor(profile: Profile, commissions: string): DocumentFiscalInput {
  const c = new Decimal(commissions);
  switch (profile) {
    case 'simple':
      return { regime: 'RF01', vat: { rate: '22' }, vatAmount: r2(c.times(0.22)) };
    case 'agentOrdinary':
      return {
        regime: 'RF01',
        vat: { rate: '22' },
        vatAmount: r2(c.times(0.22)),
        withholdings: [
          { code: 'it.ritenuta.25bis', type: 'RT01', label: "Ritenuta d'acconto 23% sul 50%", base: r2(c.times(0.5)), rate: '23', amount: r2(c.times(0.5).times(0.23)), causale: 'Q', citation: 'art. 25-bis DPR 600/73' },
          { code: 'it.enasarco.agent', type: 'RT04', label: 'Enasarco quota agente 8,50%', base: r2(c), rate: '8.5', amount: r2(c.times(0.085)), causale: 'ZO' },
        ],
        principalCharges: [{ code: 'it.enasarco.principal', label: 'Enasarco quota preponente 8,50%', base: r2(c), rate: '8.5', amount: r2(c.times(0.085)) }],
      };
    case 'agentCompany':
      return {
        regime: 'RF01',
        vat: { rate: '22' },
        vatAmount: r2(c.times(0.22)),
        withholdings: [
          { code: 'it.ritenuta.25bis', type: 'RT02', label: "Ritenuta d'acconto 23% sul 20%", base: r2(c.times(0.2)), rate: '23', amount: r2(c.times(0.2).times(0.23)), causale: 'Q' },
          { code: 'it.enasarco.agent', type: 'RT04', label: 'Enasarco quota agente 1%', base: r2(c), rate: '1', amount: r2(c.times(0.01)), causale: 'ZO' },
        ],
        principalCharges: [{ code: 'it.enasarco.principal', label: 'Enasarco quota preponente 3%', base: r2(c), rate: '3', amount: r2(c.times(0.03)) }],
      };
    case 'reverseCharge':
      return {
        regime: 'RF01',
        vat: { rate: '0', natura: 'N6.7', legalReference: 'Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72' },
        vatAmount: '0.00',
        notes: ['Operazione soggetta a inversione contabile (reverse charge) art. 17 c.6 lett. a-ter DPR 633/72'],
      };
    case 'forfettario':
      return {
        regime: 'RF19',
        vat: { rate: '0', natura: 'N2.2' },
        vatAmount: '0.00',
        withholdings: [{ code: 'it.enasarco.agent', type: 'RT04', label: 'Enasarco quota agente 8,50%', base: r2(c), rate: '8.5', amount: r2(c.times(0.085)), causale: 'ZO' }],
        ...(c.gt('77.47') ? { stampDuty: { amount: '2.00', charged: true } } : {}),
        notes: ['Operazione in franchigia da IVA, regime forfettario art. 1 c.54-89 L. 190/2014; compenso non soggetto a ritenuta.'],
      };
    case 'professional': {
      const rivalsa = c.times(0.04);
      const base = c.plus(r2(rivalsa));
      return {
        regime: 'RF01',
        vat: { rate: '22' },
        vatAmount: r2(base.times(0.22)),
        cassa: [{ code: 'it.inps.rivalsa', type: 'TC22', label: 'Rivalsa INPS 4%', base: r2(c), rate: '4', amount: r2(rivalsa), withholding: true }],
        withholdings: [{ code: 'it.ritenuta.25', type: 'RT01', label: "Ritenuta d'acconto 20%", base: r2(base), rate: '20', amount: r2(base.times(0.2)), causale: 'A' }],
      };
    }
  }
}
