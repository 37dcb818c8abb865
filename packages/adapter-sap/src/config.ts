import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { maskUrl, ownRecord, type BothLanguages } from '@provvigo/core';
import { z } from 'zod';
import { SapAdapterError } from './errors.js';
import { schemaMessageInItalian } from './texts.js';

/**
 * Connection, mapping and account determination for the SAP adapter: validated with zod, loaded from JSON.
 * Secrets may be given inline or as the name of an environment variable (`passwordEnv`), resolved by
 * `resolveSecrets`; `redactConfig` gives a printable copy.
 */

const sapId = (max: number, what: string) =>
  z
    .string()
    .min(1)
    .max(max, `${what} has at most ${max} characters in SAP`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} holds only letters, digits, _ and -`);

export const CompanyCodeSchema = z.string().regex(/^[A-Za-z0-9]{4}$/, 'a company code has exactly 4 characters');
export const GlAccountSchema = sapId(10, 'a G/L account');
export const CostCenterSchema = sapId(10, 'a cost centre');
export const SupplierIdSchema = sapId(10, 'a supplier (invoicing party)');
export const TaxCodeSchema = z.string().regex(/^[A-Za-z0-9]{1,2}$/, 'a tax code has 1 or 2 characters');
const whtKey = z.string().regex(/^[A-Za-z0-9]{1,2}$/, 'withholding tax types and codes have 1 or 2 characters');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "22"');

/** A service path copied from a communication arrangement: absolute, no query, last segment ≤ 30 characters. */
const arrangementPath = z
  .string()
  .regex(/^(\/[A-Za-z0-9_.-]+)+$/, 'an absolute path such as /sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques (no query, no trailing /)')
  .refine((p) => (p.split('/').pop() ?? '').length <= 30, {
    message: 'the service segment is longer than the 30 characters S/4HANA Cloud uses; copy the URL from the communication arrangement',
  });

/** The message refusing a read path of API_JOURNALENTRYITEMBASIC_SRV (its Italian is in texts.ts). */
const JOURNAL_ITEM_BASIC_REFUSAL =
  'API_JOURNALENTRYITEMBASIC_SRV has no AccountingDocument nor DocumentReferenceID to find a journal entry by; ' +
  'use the path of API_OPLACCTGDOCITEMCUBE_SRV (communication arrangement SAP_COM_0303), e.g. /sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV';

/**
 * The service the journal-entry read-back asks by company code and reference. `API_JOURNALENTRYITEMBASIC_SRV` (a
 * planning integration, keyed by `ID`) has neither field: SAP would refuse every read, so it is refused here, at
 * start, and not at the first period close. ICF paths are not case sensitive.
 */
const journalReadPath = arrangementPath.refine((p) => !/\/API_JOURNALENTRYITEMBASIC_SRV$/i.test(p), { message: JOURNAL_ITEM_BASIC_REFUSAL });

export const BasicAuthSchema = z
  .object({
    type: z.literal('basic'),
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    /** Name of the environment variable holding the password (preferred in files). */
    passwordEnv: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.password !== undefined || a.passwordEnv !== undefined, {
    message: 'basic auth needs password or passwordEnv',
  });

export const OAuthClientCredentialsSchema = z
  .object({
    type: z.literal('oauth2-client-credentials'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    clientSecretEnv: z.string().min(1).optional(),
    scope: z.string().optional(),
  })
  .strict()
  .refine((a) => a.clientSecret !== undefined || a.clientSecretEnv !== undefined, {
    message: 'OAuth client credentials need clientSecret or clientSecretEnv',
  });

/**
 * X.509 client certificate (mutual TLS): the certificate SAP maps to the communication user, given as PEM files
 * (`certFile` + `keyFile`) or as one PKCS#12 file (`pfxFile`), with the passphrase of an encrypted key or PFX.
 */
export const X509AuthSchema = z
  .object({
    type: z.literal('x509'),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    pfxFile: z.string().min(1).optional(),
    passphrase: z.string().min(1).optional(),
    /** Name of the environment variable holding the passphrase (preferred in files). */
    passphraseEnv: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => (a.pfxFile !== undefined) !== (a.certFile !== undefined || a.keyFile !== undefined), {
    message: 'x509 auth needs either pfxFile or certFile and keyFile',
  })
  .refine((a) => a.pfxFile !== undefined || (a.certFile !== undefined && a.keyFile !== undefined), {
    message: 'x509 auth with PEM files needs both certFile and keyFile',
  });

export const SapAuthConfigSchema = z.union([BasicAuthSchema, OAuthClientCredentialsSchema, X509AuthSchema]);
export type SapAuthConfig = z.infer<typeof SapAuthConfigSchema>;

export const ConnectionSchema = z
  .object({
    /** Scheme, host and port of the S/4HANA API host, e.g. "https://my000000-api.s4hana.cloud.sap". */
    baseUrl: z.url(),
    servicePath: z.string().startsWith('/').default('/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV'),
    /**
     * Path of "Journal Entry - Post (Asynchronous)" (JournalEntryBulkCreationRequest_In) as the communication
     * arrangement (SAP_COM_0002) shows it, e.g. `/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques`. No
     * default: it is system specific, and S/4HANA Cloud cuts the service segment to 30 characters.
     */
    journalEntryPath: arrangementPath.optional(),
    /**
     * OData service that reads journal entries back by company code and reference:
     * `/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV` (entity set `A_OperationalAcctgDocItemCube`, SAP_COM_0303).
     */
    journalEntryReadPath: journalReadPath.optional(),
    /**
     * PEM file with the CA certificate(s) that issued the server's certificate, when it is not a public CA (an
     * on-premise system with an internal CA); added to Node's trusted roots for this connection only.
     */
    caFile: z.string().min(1).optional(),
    /** On-premise multi-client systems: sent as `?sap-client=`. */
    sapClient: z.string().regex(/^\d{3}$/).optional(),
    auth: SapAuthConfigSchema,
    timeoutMs: z.number().int().positive().default(30_000),
    /** Invoices posted in parallel. SAP serialises per company code anyway; keep it small. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /**
     * Attempts for transient failures (timeouts, 5xx, 429, resets): per invoice, each preceded by a lookup, and per
     * journal read-back (a read changes nothing, so it is simply asked again).
     */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    retryBaseDelayMs: z.number().int().min(0).default(500),
  })
  .strict();
export type Connection = z.infer<typeof ConnectionSchema>;

/** Partner master data → SAP supplier (business partner / vendor number), with optional per-partner overrides. */
export const SupplierMappingSchema = z.union([
  SupplierIdSchema,
  z
    .object({
      supplier: SupplierIdSchema,
      companyCode: CompanyCodeSchema.optional(),
      costCenter: CostCenterSchema.optional(),
    })
    .strict(),
]);
export type SupplierMapping = z.infer<typeof SupplierMappingSchema>;

/** A tax-code rule: the first rule whose given fields all match the line wins. */
export const TaxCodeRuleSchema = z
  .object({
    rate: decimal.optional(),
    natura: z.string().optional(),
    reverseCharge: z.boolean().optional(),
    taxCode: TaxCodeSchema,
  })
  .strict();
export type TaxCodeRule = z.infer<typeof TaxCodeRuleSchema>;

export const WithholdingMappingSchema = z
  .object({
    /** SAP extended withholding tax type (header key of to_SupplierInvoiceWhldgTax). */
    withholdingTaxType: whtKey,
    withholdingTaxCode: whtKey,
    /** Send our computed amount as ManuallyEnteredWhldgTaxAmount (default) or let SAP compute from the base. */
    sendAmount: z.boolean().default(true),
  })
  .strict();
export type WithholdingMapping = z.infer<typeof WithholdingMappingSchema>;

export const PostingSchema = z
  .object({
    companyCode: CompanyCodeSchema,
    /** "KR" vendor invoice, "KG" credit memo (system specific); omitted when not set. */
    accountingDocumentType: z.string().regex(/^[A-Z0-9]{2}$/).optional(),
    creditMemoDocumentType: z.string().regex(/^[A-Z0-9]{2}$/).optional(),
    /** SupplierInvoiceStatus: park vs post is system specific (confirm with SAP finance); omitted when not set. */
    supplierInvoiceStatus: z.string().length(1).optional(),
    /**
     * explicit: we send the IVA amounts per tax code (to_SupplierInvoiceTax) and SAP checks them;
     * automatic: TaxIsCalculatedAutomatically, SAP computes IVA from the tax codes.
     */
    taxCalculation: z.enum(['explicit', 'automatic']).default('explicit'),
    /** Header text template, cut to 25 characters: {period} {partner} {invoice} {supplier}. */
    headerText: z.string().default('Provvigioni {period}'),
    /** Supplier line text template, cut to 50 characters. */
    supplierLineText: z.string().default('Provvigioni {period} {partner} {invoice}'),
    /** Item text template, cut to 50 characters: also {component}. */
    itemText: z.string().default('{component} {period}'),
    paymentTerms: z.string().max(4).optional(),
    paymentBlockingReason: z.string().length(1).optional(),
    /** First month of the fiscal year and the label shift (April–March labelled by end year: 4 and 1). */
    fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
    fiscalYearShift: z.number().int().min(-1).max(1).default(0),
    /**
     * SAP message codes ("CLASS/NNN") meaning "this invoice already exists" (duplicate-invoice check): they trigger a
     * reconciliation lookup instead of a rejection. Confirm the code with the SAP team; none by default.
     */
    duplicateMessageCodes: z.array(z.string()).default([]),
  })
  .strict();
export type Posting = z.infer<typeof PostingSchema>;

export const AccrualConfigSchema = z
  .object({
    /** Credit side: accrued liabilities (ratei passivi / fatture da ricevere). */
    accruedLiabilityGlAccount: GlAccountSchema,
    /** Debit side; defaults to the component's expense account from glAccounts. */
    expenseGlAccount: GlAccountSchema.optional(),
    accountingDocumentType: z.string().regex(/^[A-Z0-9]{2}$/).default('SA'),
    businessTransactionType: z.string().default('RFBU'),
    originalReferenceDocumentType: z.string().default('BKPFF'),
    logicalSystem: z.string().max(10).optional(),
    createdByUser: z.string().max(12).optional(),
    headerText: z.string().default('Rateo provv. {period}'),
  })
  .strict();
export type AccrualConfig = z.infer<typeof AccrualConfigSchema>;

export const SapConfigSchema = z
  .object({
    connection: ConnectionSchema,
    posting: PostingSchema,
    /** partner id → supplier. */
    suppliers: ownRecord(z.string(), SupplierMappingSchema),
    glAccounts: z
      .object({
        byComponent: ownRecord(z.string(), GlAccountSchema).default({}),
        default: GlAccountSchema.optional(),
      })
      .strict(),
    costCenters: z
      .object({
        byComponent: ownRecord(z.string(), CostCenterSchema).default({}),
        default: CostCenterSchema.optional(),
      })
      .strict()
      .default({ byComponent: {} }),
    taxCodes: z.array(TaxCodeRuleSchema).min(1, 'configure at least one tax code rule'),
    /** Our withholding type (e.g. "ritenuta", "enasarco", or "ritenuta:RT01") → SAP withholding type/code. */
    withholding: ownRecord(z.string(), WithholdingMappingSchema).default({}),
    accruals: AccrualConfigSchema.optional(),
  })
  .strict();
export type SapConfig = z.infer<typeof SapConfigSchema>;
export type SapConfigInput = z.input<typeof SapConfigSchema>;

/** The configuration cannot be used (a field, a file it names, a secret it needs); `messages` in both languages. */
export class SapConfigError extends SapAdapterError {
  override readonly name = 'SapConfigError';
}

/**
 * Parses a config object; the error lists every invalid field by path, in both languages. `source` names the config
 * (its file, say) in the error; without it the error speaks of "SAP config".
 */
export function parseSapConfig(input: unknown, source?: string): SapConfig {
  const res = SapConfigSchema.safeParse(input);
  if (!res.success) {
    const at = (i: z.core.$ZodIssue, root: string) => i.path.join('.') || root;
    const en = res.error.issues.map((i) => `  ${at(i, '(root)')}: ${i.message}`);
    const it = res.error.issues.map((i) => `  ${at(i, '(radice)')}: ${schemaMessageInItalian(i.message)}`);
    throw new SapConfigError({
      en: `${source ?? 'SAP config'} is invalid:\n${en.join('\n')}`,
      it: `${source === undefined ? 'la configurazione SAP non è valida' : `${source} non è una configurazione SAP valida`}:\n${it.join('\n')}`,
    });
  }
  return res.data;
}

/** Resolved credentials, never part of any message or log. */
export type ResolvedAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth2-client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string | undefined }
  | { type: 'x509'; cert?: Buffer | undefined; key?: Buffer | undefined; pfx?: Buffer | undefined; passphrase?: string | undefined };

/** Reads a file named in the configuration; the error names the field and the file, never its content. */
export function readConfigFile(field: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SapConfigError({ en: `${field}: cannot read ${file} (${why})`, it: `${field}: impossibile leggere ${file} (${why})` });
  }
}

/** Why OpenSSL refused the client certificate material, without quoting any of it. */
function certificateProblem(error: unknown): BothLanguages {
  const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message ?? ''}`;
  if (/bad decrypt|mac verify|BAD_DECRYPT|PKCS12/i.test(text)) return { en: 'the passphrase is wrong or missing', it: 'la passphrase è errata o mancante' };
  if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(text)) {
    return { en: 'the private key does not belong to the certificate', it: 'la chiave privata non appartiene al certificato' };
  }
  if (/NO_START_LINE|no start line|bad base64|ASN1|DECODER/i.test(text)) {
    return { en: 'the file is not a PEM certificate/key or a PKCS#12 file', it: 'il file non è un certificato o una chiave PEM né un file PKCS#12' };
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code ? { en: code, it: code } : { en: 'OpenSSL refused it', it: "OpenSSL l'ha rifiutato" };
}

/** Reads inline secrets or the named environment variables; throws SapConfigError naming the missing variable. */
export function resolveAuth(auth: SapAuthConfig, env: Record<string, string | undefined> = process.env): ResolvedAuth {
  const read = (inline: string | undefined, name: string | undefined, field: string): string => {
    if (inline !== undefined) return inline;
    const v = name ? env[name] : undefined;
    if (!v) {
      throw new SapConfigError({
        en: `connection.auth.${field}: environment variable ${name ?? '(unset)'} is not set`,
        it: `connection.auth.${field}: la variabile d'ambiente ${name ?? '(non indicata)'} non è impostata`,
      });
    }
    return v;
  };
  if (auth.type === 'basic') {
    return { type: 'basic', username: auth.username, password: read(auth.password, auth.passwordEnv, 'passwordEnv') };
  }
  if (auth.type === 'x509') {
    const passphrase = auth.passphrase !== undefined || auth.passphraseEnv !== undefined ? read(auth.passphrase, auth.passphraseEnv, 'passphraseEnv') : undefined;
    const resolved: ResolvedAuth = {
      type: 'x509',
      ...(auth.pfxFile ? { pfx: readConfigFile('connection.auth.pfxFile', auth.pfxFile) } : {}),
      ...(auth.certFile ? { cert: readConfigFile('connection.auth.certFile', auth.certFile) } : {}),
      ...(auth.keyFile ? { key: readConfigFile('connection.auth.keyFile', auth.keyFile) } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
    };
    try {
      // load it once now, so a wrong passphrase or a mismatched key is a configuration error before any request
      createSecureContext(resolved);
    } catch (error) {
      const files = auth.pfxFile ?? `${auth.certFile} + ${auth.keyFile}`;
      const why = certificateProblem(error);
      throw new SapConfigError({
        en: `connection.auth: the client certificate ${files} cannot be used: ${why.en}`,
        it: `connection.auth: il certificato client ${files} non si può usare: ${why.it}`,
      });
    }
    return resolved;
  }
  return {
    type: 'oauth2-client-credentials',
    tokenUrl: auth.tokenUrl,
    clientId: auth.clientId,
    clientSecret: read(auth.clientSecret, auth.clientSecretEnv, 'clientSecretEnv'),
    scope: auth.scope,
  };
}

/** A copy safe to print: inline secrets replaced, and the URLs masked by core's `maskUrl` (a password or key in them). */
export function redactConfig(config: SapConfig): SapConfig {
  const auth = { ...config.connection.auth } as Record<string, unknown>;
  for (const k of ['password', 'clientSecret', 'passphrase']) if (auth[k] !== undefined) auth[k] = '***';
  if (typeof auth['tokenUrl'] === 'string') auth['tokenUrl'] = maskUrl(auth['tokenUrl']);
  return { ...config, connection: { ...config.connection, baseUrl: maskUrl(config.connection.baseUrl), auth: auth as SapAuthConfig } };
}
