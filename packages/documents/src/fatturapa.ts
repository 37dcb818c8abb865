import type { Address } from './types.js';
import { DocumentError } from './errors.js';
import { CAP, refuseItalianPostcode } from './postcode.js';
import { dec, sum, twoDecimals } from './money.js';
import type { InvoiceDocument, VatTreatment } from './schema.js';
import { treatmentOf } from './vatGroups.js';

/**
 * FatturaPA XML (FPR12, schema 1.2.x) for an invoice document, following italy-tax.md §5.3–5.5: the partner is the
 * CedentePrestatore, the principal the CessionarioCommittente; in self-billing the principal issues it on the
 * partner's behalf (SoggettoEmittente CC). Ritenuta and the Enasarco agent share go out as DatiRitenuta blocks
 * (RT01/RT02 and RT04 with CausalePagamento ZO), never as DatiCassaPrevidenziale. The XML is unsigned: signing
 * belongs to whoever transmits to SdI.
 */
export function renderFatturaPA(doc: InvoiceDocument): string {
  refuseWithoutFatturaPA(doc);
  const [number, partnerId] = [doc.number, doc.partner.id];
  const x = new XmlWriter();
  // A TD04 credit note carries positive amounts: the document type says the sign.
  const sign = doc.documentType === 'TD04' ? -1 : 1;
  const amt = (v: string) => twoDecimals(dec(v).times(sign), { en: `invoice ${number}: amount`, it: `fattura ${number}: importo` });
  const where = { en: `invoice ${number} (partner ${partnerId})`, it: `fattura ${number} (partner ${partnerId})` };
  const billing = doc.partner.billing;

  x.open('p:FatturaElettronica', {
    'xmlns:p': 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2',
    'xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    versione: 'FPR12',
  });
  x.open('FatturaElettronicaHeader');
  x.open('DatiTrasmissione');
  const principalVat = splitVatId(doc.principal.vatId, doc.principal.address.country);
  const transmitter = transmitterOf(doc);
  x.open('IdTrasmittente').leaf('IdPaese', transmitter.country).leaf('IdCodice', transmitter.code).close();
  x.leaf('ProgressivoInvio', progressiveOf(doc)).leaf('FormatoTrasmissione', 'FPR12');
  // The invoice always goes to the principal: its own SdI code, or 0000000 with its PEC.
  x.leaf('CodiceDestinatario', doc.principal.sdiCode ?? '0000000');
  if (!doc.principal.sdiCode && doc.principal.pec) x.leaf('PECDestinatario', doc.principal.pec);
  x.close();

  x.open('CedentePrestatore').open('DatiAnagrafici');
  if (!billing.vatId) {
    throw new DocumentError(
      { en: `${where.en}: the partner has no VAT id (partner.billing.vatId), required for CedentePrestatore`, it: `${where.it}: il partner non ha la partita IVA (partner.billing.vatId), obbligatoria per CedentePrestatore` },
      ['partner', 'billing', 'vatId'],
    );
  }
  const partnerVat = splitVatId(billing.vatId, billing.address?.country ?? 'IT');
  x.open('IdFiscaleIVA').leaf('IdPaese', partnerVat.country).leaf('IdCodice', partnerVat.code).close();
  const partnerCodiceFiscale = italianCodiceFiscale(billing);
  if (partnerCodiceFiscale) x.leaf('CodiceFiscale', partnerCodiceFiscale);
  x.open('Anagrafica');
  if (billing.firstName && billing.lastName && !billing.legalName) x.leaf('Nome', latin(billing.firstName, 60)).leaf('Cognome', latin(billing.lastName, 60));
  else x.leaf('Denominazione', latin(billing.legalName ?? doc.partner.name, 80));
  x.close();
  x.leaf('RegimeFiscale', doc.fiscal.regime);
  x.close();
  writeSede(x, billing.address, ['partner', 'billing', 'address'], doc);
  x.close();

  x.open('CessionarioCommittente').open('DatiAnagrafici');
  x.open('IdFiscaleIVA').leaf('IdPaese', principalVat.country).leaf('IdCodice', principalVat.code).close();
  if (doc.principal.taxCode) x.leaf('CodiceFiscale', doc.principal.taxCode.toUpperCase());
  x.open('Anagrafica').leaf('Denominazione', latin(doc.principal.legalName, 80)).close();
  x.close();
  writeSede(x, doc.principal.address, ['principal', 'address'], doc, doc.principal.legalName);
  x.close();
  if (doc.selfBilling) x.leaf('SoggettoEmittente', 'CC');
  x.close(); // header

  x.open('FatturaElettronicaBody');
  x.open('DatiGenerali').open('DatiGeneraliDocumento');
  x.leaf('TipoDocumento', doc.documentType).leaf('Divisa', doc.currency).leaf('Data', doc.date).leaf('Numero', ascii(doc.number, 20));
  for (const w of doc.fiscal.withholdings) {
    x.open('DatiRitenuta')
      .leaf('TipoRitenuta', w.type)
      .leaf('ImportoRitenuta', amt(w.amount))
      .leaf('AliquotaRitenuta', twoDecimals(w.rate, 'AliquotaRitenuta'))
      .leaf('CausalePagamento', w.causale)
      .close();
  }
  if (doc.fiscal.stampDuty) x.open('DatiBollo').leaf('BolloVirtuale', 'SI').leaf('ImportoBollo', twoDecimals(doc.fiscal.stampDuty.amount, 'ImportoBollo')).close();
  const vatRate = twoDecimals(doc.fiscal.vat.rate, 'AliquotaIVA');
  for (const c of doc.fiscal.cassa) {
    x.open('DatiCassaPrevidenziale')
      .leaf('TipoCassa', c.type)
      .leaf('AlCassa', twoDecimals(c.rate, 'AlCassa'))
      .leaf('ImportoContributoCassa', amt(c.amount))
      .leaf('ImponibileCassa', amt(c.base))
      .leaf('AliquotaIVA', vatRate);
    if (c.withholding) x.leaf('Ritenuta', 'SI');
    if (doc.fiscal.vat.natura) x.leaf('Natura', doc.fiscal.vat.natura);
    x.close();
  }
  x.leaf('ImportoTotaleDocumento', amt(doc.totals.documentTotal));
  for (const chunk of chunks(latin(doc.description, 10_000), 200)) x.leaf('Causale', chunk);
  if (doc.selfBilling) x.leaf('Causale', 'Fattura emessa per conto del cedente/prestatore dal cessionario/committente (art. 21 c.1 DPR 633/72)');
  for (const note of doc.fiscal.notes) for (const chunk of chunks(latin(note, 10_000), 200)) x.leaf('Causale', chunk);
  x.close();
  // A credit note names the invoices it corrects (2.1.6 DatiFattureCollegate).
  for (const r of doc.related) x.open('DatiFattureCollegate').leaf('IdDocumento', ascii(r.number, 20)).leaf('Data', r.date).close();
  x.close();

  x.open('DatiBeniServizi');
  const withholdingOnLines = doc.fiscal.withholdings.length > 0;
  const lines = invoiceLines(doc);
  lines.forEach((line, i) => {
    x.open('DettaglioLinee')
      .leaf('NumeroLinea', String(i + 1))
      .leaf('Descrizione', latin(line.description, 1000))
      .leaf('Quantita', '1.00')
      .leaf('DataInizioPeriodo', doc.period.start)
      .leaf('DataFinePeriodo', doc.period.end)
      .leaf('PrezzoUnitario', amt(line.amount))
      .leaf('PrezzoTotale', amt(line.amount))
      .leaf('AliquotaIVA', twoDecimals(line.treatment.rate, 'AliquotaIVA'));
    if (withholdingOnLines && !line.stamp) x.leaf('Ritenuta', 'SI');
    if (line.treatment.natura) x.leaf('Natura', line.treatment.natura);
    x.close();
  });
  // One summary per VAT treatment (rate + Natura) of the lines and cassa, then the recharged stamp duty (N1).
  for (const g of doc.vatGroups) {
    x.open('DatiRiepilogo').leaf('AliquotaIVA', twoDecimals(g.treatment.rate, 'AliquotaIVA'));
    if (g.treatment.natura) x.leaf('Natura', g.treatment.natura);
    x.leaf('ImponibileImporto', amt(g.taxable)).leaf('Imposta', amt(g.vat));
    if (!g.treatment.natura) x.leaf('EsigibilitaIVA', g.treatment.esigibilita);
    else x.leaf('RiferimentoNormativo', latin(g.treatment.legalReference ?? naturaReference(g.treatment.natura), 100));
    x.close();
  }
  if (doc.fiscal.stampDuty?.charged) {
    x.open('DatiRiepilogo')
      .leaf('AliquotaIVA', '0.00')
      .leaf('Natura', 'N1')
      .leaf('ImponibileImporto', twoDecimals(doc.fiscal.stampDuty.amount, 'ImponibileImporto'))
      .leaf('Imposta', '0.00')
      .leaf('RiferimentoNormativo', 'Escluso art. 15 DPR 633/72')
      .close();
  }
  x.close();

  x.open('DatiPagamento').leaf('CondizioniPagamento', 'TP02').open('DettaglioPagamento');
  x.leaf('Beneficiario', latin(billing.legalName ?? doc.partner.name, 200)).leaf('ModalitaPagamento', doc.payment.method);
  if (doc.payment.dueDate) x.leaf('DataScadenzaPagamento', doc.payment.dueDate);
  else if (doc.payment.days !== undefined) x.leaf('DataRiferimentoTerminiPagamento', doc.date).leaf('GiorniTerminiPagamento', String(doc.payment.days));
  x.leaf('ImportoPagamento', amt(doc.totals.netToPay));
  if (doc.payment.bank) x.leaf('IstitutoFinanziario', latin(doc.payment.bank, 80));
  x.leaf('IBAN', doc.payment.iban);
  x.close().close();
  x.close(); // body
  x.close(); // root
  return x.toString();
}

/**
 * The documents that have no FatturaPA, refused before any XML is written: a receipt for occasional work, a pro-forma
 * (issued at payment instead), a credit note that does not name the invoice it corrects.
 */
function refuseWithoutFatturaPA(doc: InvoiceDocument): void {
  const [number, partnerId] = [doc.number, doc.partner.id];
  if (doc.receipt) {
    throw new DocumentError(
      { en: `invoice ${number} (partner ${partnerId}) is a receipt for occasional work: there is no FatturaPA for it`, it: `il documento ${number} (partner ${partnerId}) è una ricevuta per prestazione occasionale: non ha FatturaPA` },
      ['receipt'],
    );
  }
  if (doc.kind === 'proforma') {
    throw new DocumentError(
      {
        en: `pro-forma ${number} (partner ${partnerId}) is not a fiscal document: the FatturaPA is issued at payment (provvigo invoices issue)`,
        it: `la pro forma ${number} (partner ${partnerId}) non è un documento fiscale: la FatturaPA si emette al pagamento (provvigo invoices issue)`,
      },
      ['kind'],
    );
  }
  if (doc.documentType === 'TD04' && doc.related.length === 0) {
    throw new DocumentError(
      {
        en: `credit note ${number} (partner ${partnerId}, period ${doc.period.id}) does not name the invoice it corrects: a TD04 needs DatiFattureCollegate (related)`,
        it: `la nota di credito ${number} (partner ${partnerId}, periodo ${doc.period.id}) non indica la fattura che rettifica: un TD04 richiede DatiFattureCollegate (related)`,
      },
      ['related'],
    );
  }
}

export interface FatturaPALine {
  description: string;
  amount: string;
  stamp: boolean;
  /** The line's VAT rate and Natura (its DatiRiepilogo group). */
  treatment: VatTreatment;
}

const STAMP: VatTreatment = { rate: '0', natura: 'N1', esigibilita: 'I' };

/** The XML's DettaglioLinee: one per component, adjustment and clawback, then the recharged stamp duty. */
export function invoiceLines(doc: InvoiceDocument): FatturaPALine[] {
  const of = (component: string) => treatmentOf(doc.fiscal, component);
  const lines: FatturaPALine[] = [
    ...doc.summary.components.map((c) => ({ description: c.label, amount: c.amount, stamp: false, treatment: of(c.component) })),
    ...doc.summary.adjustments.map((a) => ({ description: a.label, amount: a.amount, stamp: false, treatment: of('adjustment') })),
    ...doc.summary.clawbacks.map((c) => ({ description: c.label, amount: c.amount, stamp: false, treatment: of('clawback') })),
  ];
  if (lines.length === 0) lines.push({ description: doc.description, amount: '0', stamp: false, treatment: doc.fiscal.vat });
  const check = sum(lines.map((l) => l.amount));
  if (!check.eq(doc.summary.commissions)) {
    const [got, want] = [check.toString(), doc.summary.commissions];
    throw new DocumentError({ en: `invoice ${doc.number}: lines sum to ${got}, not ${want}`, it: `fattura ${doc.number}: la somma delle righe è ${got}, non ${want}` }, ['summary']);
  }
  if (doc.fiscal.stampDuty?.charged) lines.push({ description: doc.locale === 'en' ? 'Stamp duty' : 'Imposta di bollo', amount: doc.fiscal.stampDuty.amount, stamp: true, treatment: STAMP });
  return lines;
}

function naturaReference(natura: string): string {
  if (natura === 'N2.2') return 'Operazione senza IVA, regime forfettario art. 1 c.54-89 L. 190/2014';
  if (natura.startsWith('N6')) return 'Inversione contabile art. 17 c.6 DPR 633/72';
  return `Natura ${natura}`;
}

/** IdTrasmittente: the principal's transmitter if set, else the principal's codice fiscale (or VAT number). */
export function transmitterOf(doc: InvoiceDocument): { country: string; code: string } {
  const principalVat = splitVatId(doc.principal.vatId, doc.principal.address.country);
  return doc.principal.transmitter ?? { country: principalVat.country, code: doc.principal.taxCode ?? principalVat.code };
}

/**
 * The SdI file name: country and IdCodice of the transmitter, "_", the progressive of the file (5 alphanumerics,
 * unique per transmitter), ".xml" — e.g. "IT01234567897_0000A.xml" (SdI technical specifications, file naming).
 */
export function sdiFileName(doc: InvoiceDocument): string {
  const t = transmitterOf(doc);
  return `${t.country}${t.code}_${progressiveOf(doc)}.xml`;
}

/**
 * The document's SdI file progressive, or a refusal naming partner, period and field: it comes from the
 * transmitter's register (`nextProgressive`), never from a guess, so no two files reach SdI under one name.
 */
function progressiveOf(doc: InvoiceDocument): string {
  if (doc.transmissionId) return doc.transmissionId;
  const [number, partnerId, periodId] = [doc.number, doc.partner.id, doc.period.id];
  throw new DocumentError(
    {
      en: `invoice ${number} (partner ${partnerId}, period ${periodId}): transmissionId is missing: the FatturaPA's ProgressivoInvio and its SdI file name need the transmitter's next progressive; take it from the e-invoice register (nextProgressive) and pass it as transmissionId`,
      it: `fattura ${number} (partner ${partnerId}, periodo ${periodId}): manca transmissionId: il ProgressivoInvio della FatturaPA e il nome del file SdI richiedono il progressivo successivo del trasmittente; prendilo dal registro delle fatture elettroniche (nextProgressive) e passalo come transmissionId`,
    },
    ['transmissionId'],
  );
}

/**
 * The partner's CodiceFiscale (1.2.1.2), written only for an Italian partner (checked when the document is built). The
 * field is the Italian codice fiscale (XSD CodiceFiscaleType, [A-Z0-9]{11,16}) and optional; a foreign party is
 * identified by IdFiscaleIVA alone, its country code and its own tax id, and leaves CodiceFiscale empty (the field
 * is for Italian residents only: Assosoftware's answers on FatturaPA, 7 May 2019). A foreign tax id in it would be
 * an XSD error when it holds other characters, or, when it happens to fit the pattern, an identifier SdI reads as
 * an Italian one; so it is left out, never refused: the partner's IdFiscaleIVA is all SdI needs.
 */
function italianCodiceFiscale(billing: InvoiceDocument['partner']['billing']): string | undefined {
  if (!billing.taxCode || (billing.address?.country ?? 'IT').toUpperCase() !== 'IT') return undefined;
  return billing.taxCode.toUpperCase();
}

/** "IT01234567890" → IT + 01234567890; a bare number takes the address country. */
export function splitVatId(vatId: string, fallbackCountry: string): { country: string; code: string } {
  const clean = vatId.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-Z]{2})(.+)$/.exec(clean);
  return m ? { country: m[1]!, code: m[2]! } : { country: fallbackCountry.toUpperCase(), code: clean };
}

/** The Sede of `path` (partner.billing.address or principal.address; `whose` names the principal). */
function writeSede(x: XmlWriter, address: Address | undefined, path: string[], doc: InvoiceDocument, whose?: string): void {
  const [number, partnerId, periodId, field] = [doc.number, doc.partner.id, doc.period.id, path.join('.')];
  if (!address?.street || !address.zip || !address.city) {
    throw new DocumentError({ en: `invoice ${number} (partner ${partnerId}): ${field}: street, zip and city are required for FatturaPA`, it: `fattura ${number} (partner ${partnerId}): ${field}: via, CAP e città sono obbligatori per la FatturaPA` }, ['address']);
  }
  // Also checked when the document is built; here for a document that reaches the XML some other way.
  const where = { en: `invoice ${number} (partner ${partnerId}, period ${periodId})`, it: `fattura ${number} (partner ${partnerId}, periodo ${periodId})` };
  refuseItalianPostcode(address, [...path, 'zip'], where, whose);
  x.open('Sede').leaf('Indirizzo', latin(address.street, 60));
  if (address.number) x.leaf('NumeroCivico', ascii(address.number, 8));
  const country = (address.country ?? 'IT').toUpperCase();
  // A foreign postcode the CAP cannot hold is written 00000 (SdI rule for non-Italian counterparties).
  x.leaf('CAP', CAP.test(address.zip) ? address.zip : '00000').leaf('Comune', latin(address.city, 60));
  if (address.province && /^[A-Z]{2}$/i.test(address.province)) x.leaf('Provincia', address.province.toUpperCase());
  x.leaf('Nazione', country);
  x.close();
}

/** FatturaPA text fields accept Latin-1 only: typographic characters are mapped, anything else becomes "?". */
export function latin(text: string, max: number): string {
  const mapped = text
    .replace(/€/g, 'EUR')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/\s+/g, ' ')
    .trim()
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
  return (mapped || '-').slice(0, max);
}

function ascii(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\u0020-\u007e]/g, '?').slice(0, max);
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size).trim() || '-');
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A tiny pretty-printing XML writer: elements in the order written, text escaped. */
class XmlWriter {
  private readonly out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private readonly stack: string[] = [];

  open(name: string, attrs: Record<string, string> = {}): this {
    const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    this.out.push(`${'  '.repeat(this.stack.length)}<${name}${a}>`);
    this.stack.push(name);
    return this;
  }

  leaf(name: string, text: string): this {
    this.out.push(`${'  '.repeat(this.stack.length)}<${name}>${escapeXml(text)}</${name}>`);
    return this;
  }

  close(): this {
    const name = this.stack.pop();
    if (!name) throw new Error('XmlWriter: close without open');
    this.out.push(`${'  '.repeat(this.stack.length)}</${name}>`);
    return this;
  }

  toString(): string {
    if (this.stack.length) throw new Error(`XmlWriter: unclosed ${this.stack.join('/')}`);
    return `${this.out.join('\n')}\n`;
  }
}
