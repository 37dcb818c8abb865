import { z } from 'zod';
import { SapProtocolError, SapRemoteError } from './errors.js';
import { sapErrorFromResponse } from './sapError.js';
import { parseSapMessageHeader, type SapMessage } from './sapMessage.js';
import type { SapSession } from './session.js';
import type { SupplierInvoicePayload } from './supplierInvoicePayload.js';

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

  /** Supplier invoices already in SAP with this reference (supplier + reference + company code + fiscal year). */
  async findByReference(id: InvoiceIdentity, context: string): Promise<SapDocument[]> {
    const res = await this.session.request('GET', this.entitySet, {
      context: `${context}: lookup`,
      query: {
        $filter: referenceFilter(id),
        $select: 'SupplierInvoice,FiscalYear,IsReversed',
        $format: 'json',
      },
    });
    if (res.status !== 200) throw sapErrorFromResponse(res, `${context}: lookup`);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new SapProtocolError(`${context}: lookup answer is not JSON`);
    }
    const parsed = FoundSchema.safeParse(json);
    if (!parsed.success) throw new SapProtocolError(`${context}: lookup answer has no d.results list`);
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
  async create(payload: SupplierInvoicePayload, context: string): Promise<{ supplierInvoice: string; fiscalYear: string; messages: SapMessage[] }> {
    const res = await this.session.request('POST', this.entitySet, {
      context: `${context}: create`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (res.status !== 201) throw sapErrorFromResponse(res, `${context}: create`);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new SapProtocolError(`${context}: 201 Created without a JSON body`);
    }
    const parsed = CreatedSchema.safeParse(json);
    const d = parsed.success ? parsed.data.d : undefined;
    if (!d?.SupplierInvoice || !d.FiscalYear) throw new SapProtocolError(`${context}: 201 Created without SupplierInvoice/FiscalYear`);
    return { supplierInvoice: d.SupplierInvoice, fiscalYear: d.FiscalYear, messages: parseSapMessageHeader(res.headers.get('sap-message')) };
  }
}

export { SapRemoteError };
