import type { BothLanguages } from '@provvigo/core';
import { z } from 'zod';
import { SapProtocolError, SapRemoteError } from './errors.js';
import { sapErrorFromResponse } from './sapError.js';
import { parseSapMessageHeader, type SapMessage } from './sapMessage.js';
import type { SapSession } from './session.js';
import type { SupplierInvoicePayload } from './supplierInvoicePayload.js';
import { within } from './texts.js';

/** Calls of `API_SUPPLIERINVOICE_PROCESS_SRV` the adapter uses: lookup by reference and deep create. */

export interface InvoiceIdentity {
  companyCode: string;
  supplier: string;
  reference: string;
  fiscalYear: string;
}

export interface SapDocument {
  supplierInvoice: string;
  fiscalYear: string;
  isReversed: boolean;
}

const FoundSchema = z.object({
  d: z.object({
    results: z.array(
      z
        .object({
          SupplierInvoice: z.string().min(1),
          FiscalYear: z.string().min(1),
          IsReversed: z.boolean().optional(),
        })
        .passthrough(),
    ),
  }),
});

const CreatedSchema = z.object({
  d: z
    .object({
      SupplierInvoice: z.string().optional(),
      FiscalYear: z.string().optional(),
    })
    .passthrough(),
});

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function referenceFilter(id: InvoiceIdentity): string {
  return [
    // an upper-case field in SAP: a lower-case literal would find nothing, and a retry would post twice
    `SupplierInvoiceIDByInvcgParty eq ${odataString(id.reference.toUpperCase())}`,
    `InvoicingParty eq ${odataString(id.supplier)}`,
    `CompanyCode eq ${odataString(id.companyCode)}`,
    `FiscalYear eq ${odataString(id.fiscalYear)}`,
  ].join(' and ');
}

export class SupplierInvoiceApi {
  constructor(private readonly session: SapSession) {}

  private get entitySet(): string {
    return `${this.session.connection.servicePath}/A_SupplierInvoice`;
  }

  /**
   * Supplier invoices already in SAP with this reference (supplier + reference + company code + fiscal year).
   * `context` names the invoice in errors ("invoice CM-1"), in one text or both languages.
   */
  async findByReference(id: InvoiceIdentity, context: string | BothLanguages): Promise<SapDocument[]> {
    const call = within(context, { en: 'lookup', it: 'ricerca' });
    const res = await this.session.request('GET', this.entitySet, {
      context: call,
      query: {
        $filter: referenceFilter(id),
        $select: 'SupplierInvoice,FiscalYear,IsReversed',
        $format: 'json',
      },
    });
    if (res.status !== 200) throw sapErrorFromResponse(res, call);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new SapProtocolError(within(context, { en: 'lookup answer is not JSON', it: 'la risposta della ricerca non è JSON' }));
    }
    const parsed = FoundSchema.safeParse(json);
    if (!parsed.success) throw new SapProtocolError(within(context, { en: 'lookup answer has no d.results list', it: "la risposta della ricerca non ha l'elenco d.results" }));
    return parsed.data.d.results.map((r) => ({
      supplierInvoice: r.SupplierInvoice,
      fiscalYear: r.FiscalYear,
      isReversed: r.IsReversed ?? false,
    }));
  }

  /**
   * Deep create. Returns SAP's document number and fiscal year; a 201 without them is a protocol error (the
   * caller reconciles by reference). SAP error bodies become `SapRemoteError`.
   */
  async create(payload: SupplierInvoicePayload, context: string | BothLanguages): Promise<{ supplierInvoice: string; fiscalYear: string; messages: SapMessage[] }> {
    const call = within(context, { en: 'create', it: 'registrazione' });
    const res = await this.session.request('POST', this.entitySet, {
      context: call,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (res.status !== 201) throw sapErrorFromResponse(res, call);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new SapProtocolError(within(context, { en: '201 Created without a JSON body', it: '201 Created senza un corpo JSON' }));
    }
    const parsed = CreatedSchema.safeParse(json);
    const d = parsed.success ? parsed.data.d : undefined;
    if (!d?.SupplierInvoice || !d.FiscalYear) {
      throw new SapProtocolError(within(context, { en: '201 Created without SupplierInvoice/FiscalYear', it: '201 Created senza SupplierInvoice/FiscalYear' }));
    }
    return { supplierInvoice: d.SupplierInvoice, fiscalYear: d.FiscalYear, messages: parseSapMessageHeader(res.headers.get('sap-message')) };
  }
}

export { SapRemoteError };
