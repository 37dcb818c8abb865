/**
 * A semantic check of FatturaPA files beyond the XSD: sums, VAT, withholdings, stamp duty, Natura, the SdI file
 * name, numbering per issuer and credit-note links. It reads only the XML (never our document model), so it checks
 * what SdI and the partner will read. Used by `provvigo invoices issue` before writing and by the tests.
 */
import { XMLParser } from 'fast-xml-parser';
import { PlanError, roundMoney, type Issue } from '@provvigo/core';
import { amountAt, dec, sum, type Decimal } from '../money.js';

// FatturaPA amounts have two decimals by the schema (Amount2DecimalType), and IVA is rounded half-up to the cent.
const fix2 = (v: string | Decimal): string => amountAt(v, 2);
const roundCents = (v: Decimal): Decimal => roundMoney(v, 2, 'halfUp');

export interface CheckedFile {
  file: string;
  cedente: string;
  transmitter: string;
  progressive: string;
  type: string;
  number: string;
  date: string;
  related: Array<{ number: string; date: string | undefined }>;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['DettaglioLinee', 'DatiRiepilogo', 'DatiRitenuta', 'DatiFattureCollegate', 'Causale', 'DatiCassaPrevidenziale', 'DettaglioPagamento'].includes(name) });

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v ? [node(v)] : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const VALID_NATURA = new Set(['N1', 'N2.1', 'N2.2', 'N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6', 'N4', 'N5', 'N6.1', 'N6.2', 'N6.3', 'N6.4', 'N6.5', 'N6.6', 'N6.7', 'N6.8', 'N6.9', 'N7']);

/**
 * The one result contract for a check: `ok` when no problem was found. Each problem is an `invalid_file` error issue
 * naming the file, and also a line `<file>: <problem>` in `problems` (what the CLI prints).
 */
export type FatturaPACheck = { ok: true; problems: []; issues: [] } | { ok: false; problems: string[]; issues: Issue[] };

/** Collects the problems of a check as lines and as issues. */
function collector() {
  const problems: string[] = [];
  const issues: Issue[] = [];
  const add = (file: string, message: string) => {
    problems.push(`${file}: ${message}`);
    issues.push({ code: 'invalid_file', severity: 'error', message, path: [], file });
  };
  const result = (): FatturaPACheck => (issues.length ? { ok: false, problems, issues } : { ok: true, problems: [], issues: [] });
  return { add, result };
}

/** Problems of one file (`ok` = it passes), and what the set check needs. */
export function checkFatturaPA(xml: string, file: string): FatturaPACheck & { facts: CheckedFile } {
  const found = collector();
  const p = (m: string) => found.add(file, m);
  const root = node(node(parser.parse(xml))['p:FatturaElettronica']);
  const header = node(root['FatturaElettronicaHeader']);
  const body = node(root['FatturaElettronicaBody']);
  const trasm = node(header['DatiTrasmissione']);
  const idT = node(trasm['IdTrasmittente']);
  const transmitter = `${text(idT['IdPaese'])}${text(idT['IdCodice'])}`;
  const progressive = text(trasm['ProgressivoInvio']);
  const m = /^([A-Z]{2}[A-Za-z0-9]{11,16})_([A-Za-z0-9]{1,5})\.xml$/.exec(file.split('/').pop() ?? file);
  if (!m) p('file name does not follow IT<IdCodice>_<progressive>.xml');
  else if (m[1] !== transmitter || m[2] !== progressive) p(`file name ${m[1]}_${m[2]} does not match IdTrasmittente ${transmitter} and ProgressivoInvio ${progressive}`);
  const cedenteId = node(node(node(header['CedentePrestatore'])['DatiAnagrafici'])['IdFiscaleIVA']);
  const cedente = `${text(cedenteId['IdPaese'])}${text(cedenteId['IdCodice'])}`;
  const general = node(node(body['DatiGenerali'])['DatiGeneraliDocumento']);
  const type = text(general['TipoDocumento']);
  const related = list(node(body['DatiGenerali'])['DatiFattureCollegate']).map((r) => ({ number: text(r['IdDocumento']), date: text(r['Data']) || undefined }));
  if (type === 'TD04' && related.length === 0) p('a TD04 credit note without DatiFattureCollegate');
  if (text(header['SoggettoEmittente']) !== 'CC') p('SoggettoEmittente is not CC (the principal issues on the partner\'s behalf)');

  const goods = node(body['DatiBeniServizi']);
  const lines = list(goods['DettaglioLinee']);
  const summaries = list(goods['DatiRiepilogo']);
  const key = (rate: string, natura: string) => `${fix2(rate)}|${natura}`;
  const byKey = new Map<string, string[]>();
  for (const l of lines) {
    const rate = text(l['AliquotaIVA']);
    const natura = text(l['Natura']);
    if (dec(rate).isZero() !== Boolean(natura)) p(`line ${text(l['NumeroLinea'])}: Natura must be present exactly when AliquotaIVA is 0`);
    if (natura && !VALID_NATURA.has(natura)) p(`line ${text(l['NumeroLinea'])}: Natura ${natura} is not a valid code`);
    if (!dec(text(l['PrezzoTotale'])).eq(dec(text(l['PrezzoUnitario'])).times(text(l['Quantita']) || '1'))) p(`line ${text(l['NumeroLinea'])}: PrezzoTotale is not PrezzoUnitario × Quantita`);
    if (/Released|activated|held since|\d\.\d{6,}/.test(text(l['Descrizione']))) p(`line ${text(l['NumeroLinea'])}: description "${text(l['Descrizione'])}" is not for a person`);
    const k = key(rate, natura);
    byKey.set(k, [...(byKey.get(k) ?? []), text(l['PrezzoTotale'])]);
  }
  // DatiCassaPrevidenziale (INPS rivalsa, casse) adds to its VAT group's base without a line of its own.
  const cassa = list(general['DatiCassaPrevidenziale']);
  for (const c of cassa) {
    const k = key(text(c['AliquotaIVA']), text(c['Natura']));
    byKey.set(k, [...(byKey.get(k) ?? []), text(c['ImportoContributoCassa'])]);
  }
  let esigibilitaS = false;
  for (const r of summaries) {
    const k = key(text(r['AliquotaIVA']), text(r['Natura']));
    const taxable = dec(text(r['ImponibileImporto']));
    if (!sum(byKey.get(k) ?? []).eq(taxable)) p(`DatiRiepilogo ${k}: ImponibileImporto ${fix2(taxable)} is not the sum of its lines ${fix2(sum(byKey.get(k) ?? []))}`);
    byKey.delete(k);
    const vat = roundCents(taxable.times(text(r['AliquotaIVA'])).div(100));
    if (!vat.eq(text(r['Imposta']))) p(`DatiRiepilogo ${k}: Imposta ${text(r['Imposta'])} is not ${fix2(vat)}`);
    if (text(r['Natura']) && !text(r['RiferimentoNormativo'])) p(`DatiRiepilogo ${k}: a Natura without RiferimentoNormativo`);
    if (text(r['EsigibilitaIVA']) === 'S') esigibilitaS = true;
  }
  for (const k of byKey.keys()) p(`lines with VAT ${k} have no DatiRiepilogo`);
  const taxableTotal = sum(summaries.map((r) => text(r['ImponibileImporto'])));
  const vatTotal = sum(summaries.map((r) => text(r['Imposta'])));
  const documentTotal = dec(text(general['ImportoTotaleDocumento']) || '0');
  if (!taxableTotal.plus(vatTotal).eq(documentTotal)) p(`ImportoTotaleDocumento ${fix2(documentTotal)} is not Σ ImponibileImporto + Σ Imposta = ${fix2(taxableTotal.plus(vatTotal))}`);

  const withholdings = list(general['DatiRitenuta']);
  const withheldLines = sum([...lines.filter((l) => text(l['Ritenuta']) === 'SI').map((l) => text(l['PrezzoTotale'])), ...list(general['DatiCassaPrevidenziale']).filter((c) => text(c['Ritenuta']) === 'SI').map((c) => text(c['ImportoContributoCassa']))]);
  const tax = withholdings.filter((w) => ['RT01', 'RT02'].includes(text(w['TipoRitenuta'])));
  // SdI rule 00411/00415: DatiRitenuta needs a line with Ritenuta SI, and a line with Ritenuta SI needs DatiRitenuta.
  const flagged = lines.some((l) => text(l['Ritenuta']) === 'SI');
  if (flagged !== withholdings.length > 0) p('lines with Ritenuta SI and DatiRitenuta blocks must go together');
  for (const w of tax) {
    const amount = dec(text(w['ImportoRitenuta']));
    // 25-bis withholds the rate on 50% or 20% of the base; art. 25 and occasional work on all of it.
    const candidates = ['100', '50', '20'].map((share) => roundCents(withheldLines.times(share).div(100).times(text(w['AliquotaRitenuta'])).div(100)));
    if (!candidates.some((c) => c.eq(amount))) p(`${text(w['TipoRitenuta'])}: ImportoRitenuta ${fix2(amount)} is not ${text(w['AliquotaRitenuta'])}% of 100/50/20% of the lines with Ritenuta SI (${fix2(withheldLines)})`);
    if (!['Q', 'R', 'U', 'V1', 'A', 'M', 'H'].includes(text(w['CausalePagamento']))) p(`${text(w['TipoRitenuta'])}: CausalePagamento ${text(w['CausalePagamento'])} is not for commissions or fees`);
  }
  for (const w of withholdings.filter((x) => text(x['TipoRitenuta']) === 'RT04')) {
    // Every line, the recharged stamp (N1) too: a pack may put it in the Enasarco base ("all sums due to the agent",
    // fiscal-it's enasarcoBaseIncludesStamp), and a bound on the fees alone would hold back a correct file.
    const allLines = sum(lines.map((l) => text(l['PrezzoTotale'])));
    if (dec(text(w['ImportoRitenuta'])).gt(roundCents(allLines.times(text(w['AliquotaRitenuta'])).div(100)).plus('0.01'))) p(`RT04: ImportoRitenuta ${text(w['ImportoRitenuta'])} exceeds ${text(w['AliquotaRitenuta'])}% of the lines (fees and recharged stamp)`);
    if (text(w['CausalePagamento']) !== 'ZO') p('RT04 (Enasarco) must have CausalePagamento ZO');
  }
  const bollo = node(general['DatiBollo']);
  const nonVat = sum(summaries.filter((r) => /^N[2-4]/.test(text(r['Natura']))).map((r) => text(r['ImponibileImporto'])));
  if (text(bollo['BolloVirtuale']) === 'SI' && !nonVat.gt('77.47')) p(`DatiBollo present but the amount without IVA (${fix2(nonVat)}) is not above 77.47`);
  if (text(bollo['BolloVirtuale']) !== 'SI' && nonVat.gt('77.47')) p(`no DatiBollo although the amount without IVA (${fix2(nonVat)}) is above 77.47`);

  const pay = list(node(body['DatiPagamento'])['DettaglioPagamento'])[0] ?? {};
  const expectedPay = documentTotal.minus(sum(withholdings.map((w) => text(w['ImportoRitenuta'])))).minus(esigibilitaS ? vatTotal : 0);
  if (!expectedPay.eq(text(pay['ImportoPagamento']) || '0')) p(`ImportoPagamento ${text(pay['ImportoPagamento'])} is not total − withholdings${esigibilitaS ? ' − split-payment IVA' : ''} = ${fix2(expectedPay)}`);
  for (const amount of [documentTotal, ...summaries.map((r) => dec(text(r['ImponibileImporto'])))]) if (amount.isNegative()) p('negative amounts: a correction is a TD04 with positive amounts');
  return { ...found.result(), facts: { file, cedente, transmitter, progressive, type, number: text(general['Numero']), date: text(general['Data']), related } };
}

/**
 * Checks a set of files together: each file, then numbering per issuer (a number used once per CedentePrestatore),
 * progressives unique per transmitter, and every credit note linked to an invoice of the same issuer that exists
 * in the set or in `known` (invoices issued earlier).
 */
export function checkFatturaPASet(files: ReadonlyArray<{ file: string; xml: string }>, known: ReadonlyArray<{ cedente: string; number: string; date: string }> = []): FatturaPACheck {
  const found = collector();
  const facts = files.map((f) => {
    const r = checkFatturaPA(f.xml, f.file);
    r.issues.forEach((i) => found.add(f.file, i.message));
    return r.facts;
  });
  const numbers = new Map<string, string>();
  const progressives = new Map<string, string>();
  for (const f of facts) {
    const n = `${f.cedente}|${f.number}`;
    if (numbers.has(n)) found.add(f.file, `number ${f.number} of issuer ${f.cedente} is also used by ${numbers.get(n)}`);
    numbers.set(n, f.file);
    const pr = `${f.transmitter}|${f.progressive}`;
    if (progressives.has(pr)) found.add(f.file, `progressive ${f.progressive} of transmitter ${f.transmitter} is also used by ${progressives.get(pr)}`);
    progressives.set(pr, f.file);
  }
  const invoices = new Set([...facts.filter((f) => f.type === 'TD01').map((f) => `${f.cedente}|${f.number}|${f.date}`), ...known.map((k) => `${k.cedente}|${k.number}|${k.date}`)]);
  for (const f of facts.filter((x) => x.type === 'TD04')) {
    for (const r of f.related) if (!invoices.has(`${f.cedente}|${r.number}|${r.date}`)) found.add(f.file, `credit note ${f.number} links ${r.number} of ${r.date}, not an invoice of issuer ${f.cedente}`);
  }
  return found.result();
}

/** `checkFatturaPASet` for callers that prefer an exception: nothing, or a `PlanError` carrying every problem. */
export function checkFatturaPASetOrThrow(files: ReadonlyArray<{ file: string; xml: string }>, known: ReadonlyArray<{ cedente: string; number: string; date: string }> = []): void {
  const r = checkFatturaPASet(files, known);
  if (!r.ok) throw new PlanError(r.issues);
}
