/**
 * A minimal generic EU VAT-only jurisdiction pack: proves the pack interface is not Italy-shaped.
 * Domestic supply → the supplier country's standard rate from the `eu.vat.standardRates` table; cross-border B2B
 * supply inside the EU → reverse charge (art. 196 Directive 2006/112/EC), no VAT charged. No withholdings.
 */
import { z } from 'zod';
import type { BothLanguages } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type {
  FiscalInput,
  FiscalItem,
  FiscalResult,
  FiscalTables,
  FiscalTraceRounding,
  InvoiceLine,
  JurisdictionPack,
} from '../schema/fiscal.js';
import { exactAmount, sumDecimals as sum, toDecimal as dec } from '../money.js';
import { percentOf as pct, roundTax, taxAmount, taxMoney } from './taxRounding.js';
import { fiscalIssue } from './registry.js';
import { mergeTables, resolveRow, FiscalTableError } from './tables.js';
import { buildTotals, groupVat } from './totals.js';
import { ytdForPeriod } from './ytd.js';
import { ownRecord } from '../schema/ownRecord.js';
import { schemaIssuesJoined } from '../plan/schemaMessages.js';
import { errorTexts } from '../refusalText.js';

export const EU_VAT_TABLES: FiscalTables = {
  'eu.vat.standardRates': {
    id: 'eu.vat.standardRates',
    description: 'Standard VAT rate per member state, percent',
    rows: [
      {
        validFrom: '2025-01-01',
        validTo: null,
        values: { AT: '20', BE: '21', DE: '19', ES: '21', FR: '20', IE: '23', IT: '22', NL: '21', PT: '23' },
        sources: ['https://taxation-customs.ec.europa.eu/taxation/vat/vat-directive/vat-rates_en'],
        note: 'Sample subset of member states; add rows or countries as data.',
      },
    ],
  },
};

const EuVatSettingsSchema = z
  .object({
    /** The supply is exempt (e.g. art. 135 Directive 2006/112/EC): no VAT, Natura "EXEMPT". */
    exempt: z.boolean().default(false),
    /** Cross-border reverse charge: auto (by countries), always, never. */
    reverseCharge: z.enum(['auto', 'always', 'never']).default('auto'),
  })
  .strict();

const RateValuesSchema = ownRecord(z.string().length(2), z.string().regex(/^\d+(\.\d+)?$/));

function compute(input: FiscalInput, overrides?: FiscalTables): FiscalResult {
  const tables = mergeTables(EU_VAT_TABLES, overrides);
  const partnerId = input.partner.id;
  const profile = input.partner.fiscalProfile ?? 'eu-vat:standard';
  const issues: FiscalResult['issues'] = [];
  const settingsParsed = EuVatSettingsSchema.safeParse(input.partner.fiscalSettings ?? {});
  const settings = settingsParsed.success ? settingsParsed.data : EuVatSettingsSchema.parse({});
  if (!settingsParsed.success) {
    // field by field in both languages (zod's own message is its issues as JSON, not a sentence)
    const why = schemaIssuesJoined(settingsParsed.error.issues);
    issues.push(
      fiscalIssue(
        'error',
        'invalid_input',
        { en: `fiscalSettings of partner "${partnerId}": ${why.en}`, it: `impostazioni fiscali (fiscalSettings) del partner "${partnerId}" non valide: ${why.it}` },
        partnerId,
        ['partners', partnerId, 'fiscalSettings'],
      ),
    );
  }
  const supplier = input.partner.billing?.address?.country ?? input.principal.country;
  const customer = input.principal.country;
  const date = input.period.end;
  const rounding: FiscalTraceRounding[] = [];
  const spec = taxMoney(input.currency);
  const fees = sum(input.lines.map((l) => l.amount));
  const reverse =
    settings.reverseCharge === 'always' || (settings.reverseCharge === 'auto' && supplier !== customer);
  const natura = settings.exempt ? 'EXEMPT' : reverse ? 'REVERSE_CHARGE' : undefined;

  let rate = '0';
  let tableRef: { id: string; validFrom: string; validTo: string | null } | undefined;
  if (!natura) {
    try {
      const row = resolveRow(tables, 'eu.vat.standardRates', date);
      const values = RateValuesSchema.parse(row.row.values);
      const r = values[supplier];
      if (r === undefined) {
        throw new FiscalTableError(
          { en: `no standard VAT rate for country "${supplier}"`, it: `nessuna aliquota IVA ordinaria per il paese "${supplier}"` },
          row.table,
          date,
        );
      }
      rate = r;
      tableRef = row.ref;
    } catch (err) {
      issues.push(rateIssue(err, partnerId));
    }
  }

  const invoiceLines: InvoiceLine[] = input.lines.map((l) => {
    const line: InvoiceLine = {
      component: l.component,
      description: l.description ?? { it: l.component, en: l.component },
      amount: exactAmount(l.amount),
      vatRatePercent: rate,
      withholding: false,
      kind: 'fee',
    };
    if (natura) line.natura = natura;
    return line;
  });
  const items: FiscalItem[] = [];
  for (const g of groupVat(invoiceLines, input.currency)) {
    if (g.natura && g.natura !== 'REVERSE_CHARGE') continue;
    const exact = pct(dec(g.taxable), reverse ? '0' : g.vatRatePercent);
    const amount = roundTax(exact, spec, 'VAT', rounding);
    items.push({
      id: `VAT:${g.key}`,
      code: 'VAT',
      label: reverse
        ? { it: 'IVA (inversione contabile)', en: 'VAT (reverse charge)' }
        : { it: 'IVA', en: 'VAT' },
      base: g.taxable,
      ratePercent: reverse ? '0' : g.vatRatePercent,
      amount: taxAmount(amount, spec),
      currency: input.currency,
      payer: 'principal',
      effect: reverse ? 'informational' : 'addsToDocument',
      rule: reverse ? 'eu.vat.reverseCharge' : 'eu.vat.standard',
      citation: reverse ? 'art. 196 Directive 2006/112/EC' : 'art. 96 Directive 2006/112/EC',
      codes: { vatGroup: g.key, ...(reverse ? { natura: 'REVERSE_CHARGE' } : {}) },
      trace: {
        inputs: [
          { name: 'taxable', kind: 'line', value: g.taxable },
          { name: 'supplierCountry', kind: 'setting', value: supplier },
          { name: 'customerCountry', kind: 'setting', value: customer },
          ...(tableRef ? [{ name: `rate.${supplier}`, kind: 'table' as const, value: rate, table: tableRef }] : []),
        ],
        steps: [{ what: 'VAT', expr: `${g.taxable} × ${reverse ? '0' : g.vatRatePercent}%`, value: exactAmount(exact) }],
        rounding: [...rounding],
      },
    });
  }
  const totals = buildTotals({
    currency: input.currency,
    invoiceLines,
    items,
    legalReferences: { REVERSE_CHARGE: 'Reverse charge, art. 196 Directive 2006/112/EC' },
  });
  const ytd = ytdForPeriod(input.ytd, partnerId, input.period);
  const ytdAfter = { ...ytd, values: { ...ytd.values }, periods: [...ytd.periods] };
  const prior = dec(ytd.values['vat.taxable'] ?? '0');
  if (!ytd.periods.includes(input.period.id)) {
    ytdAfter.values['vat.taxable'] = exactAmount(prior.plus(fees));
    ytdAfter.periods.push(input.period.id);
  }
  return {
    pack: 'eu-vat',
    profile,
    partnerId,
    period: input.period.id,
    currency: input.currency,
    items,
    invoiceLines,
    totals,
    document: {
      kind: dec(totals.taxable).isNegative() ? 'creditNote' : 'invoice',
      codes: {},
      notes: reverse ? [{ it: 'Inversione contabile', en: 'Reverse charge' }] : [],
    },
    ytdAfter,
    issues,
    trace: {
      pack: 'eu-vat',
      profile,
      partnerId,
      period: input.period.id,
      settings: { ...settings, supplierCountry: supplier, customerCountry: customer },
      lines: input.lines,
      tables: tableRef ? [tableRef] : [],
      ytdBefore: input.ytd,
      items: items.map((i) => ({ id: i.id, trace: i.trace })),
    },
  };
}

/**
 * Why no rate was found, as an issue: the error's own two texts (a FiscalTableError has them); a malformed rate is a
 * zod error, said issue by issue in both languages (zod's own message is its issues as JSON).
 */
function rateIssue(err: unknown, partnerId: string): Issue {
  const why = err instanceof z.ZodError ? schemaIssuesJoined(err.issues) : undefined;
  const reasons: BothLanguages = why
    ? { en: `fiscal table "eu.vat.standardRates": invalid VAT rates: ${why.en}`, it: `tabella fiscale "eu.vat.standardRates": aliquote IVA non valide: ${why.it}` }
    : errorTexts(err);
  return fiscalIssue('error', 'missing_input', reasons, partnerId, ['fiscal', 'tables', 'eu.vat.standardRates']);
}

export const euVatPack: JurisdictionPack = {
  id: 'eu-vat',
  label: { it: 'IVA UE generica', en: 'Generic EU VAT' },
  profiles: [
    {
      id: 'eu-vat:standard',
      label: { it: 'Fornitore soggetto IVA', en: 'VAT-registered supplier' },
      partnerKinds: ['agency', 'agent', 'outbound', 'installer', 'technician'],
      settings: EuVatSettingsSchema,
    },
  ],
  defaultTables: EU_VAT_TABLES,
  compute,
};
