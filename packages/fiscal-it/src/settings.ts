/**
 * Fiscal profiles of the Italian pack and their settings. Each ⚠ point of italy-tax.md is a setting here, with the
 * default most software uses; an accountant changes it per partner in `fiscalSettings`, never in code.
 */
import { z } from 'zod';
import type { FiscalProfile } from '@provvigo/core';
import type { ItProfileId } from './profileIds.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const PERCENT = 'must be a percent as a decimal string, e.g. "4"';
const Percent = z.string().regex(/^\d+(\.\d+)?$/, PERCENT);
const COMPONENT_IDS = 'must be component ids separated by commas';

/**
 * The Italian of the settings schema's own messages, English → Italian, for core's `schemaIssueTexts` (zod's generic
 * messages and core's, such as the date one, it words itself). An invalid `fiscalSettings` issue is read by the user.
 */
export const SETTINGS_MESSAGES_IT: ReadonlyMap<string, string> = new Map([
  [PERCENT, 'deve essere una percentuale scritta come numero decimale, ad es. "4"'],
  [COMPONENT_IDS, 'deve essere un elenco di codici di componente separati da virgole'],
]);

export const LEGAL_FORMS = ['individual', 'snc', 'sas', 'srl', 'spa', 'professional', 'occasional'] as const;

/** All settings, each with the value a profile defaults it to. */
export interface ItSettings {
  /** How the contract is qualified (call centres ⚠): agency, procacciamento, service; null = by profile. */
  contract: 'agency' | 'procacciamento' | 'service' | null;
  legalForm: (typeof LEGAL_FORMS)[number];
  /** Tax regime: ordinario (RF01) or forfettario (RF19, no IVA N2.2, no ritenuta, stamp duty). */
  regime: 'ordinario' | 'forfettario';
  /** How IVA applies: standard rate, reverse charge N6.7 (installation on buildings), or none (receipt). */
  vat: 'standard' | 'reverseChargeN67' | 'none';
  /**
   * Reverse-charge partners only: comma-separated payout components that take the standard rate on the same
   * invoice (e.g. "commission,bonus": an installer's sales commission is an intermediation, not an installation on
   * a building, so it is not in reverse charge). One invoice then has two DatiRiepilogo. null = none.
   */
  vatStandardComponents: string | null;
  /** The contract is an agency contract (art. 1742 c.c.): Enasarco and FIRR are due. */
  enasarco: boolean;
  mandate: 'mono' | 'pluri';
  /** Mandate start/end: FIRR months, quarterly minimum pro rata; null = whole year. */
  mandateStart: string | null;
  mandateEnd: string | null;
  /** Ritenuta d'acconto rule. */
  ritenuta: 'art25bis' | 'art25' | 'occasional' | 'none';
  /** 25-bis: the partner declared it uses employees or third parties (base 20% instead of 50%). */
  employeesDeclaration: boolean;
  /** FatturaPA TipoRitenuta for the tax withholding: RT01 persons/partnerships, RT02 companies. ⚠ snc/sas. */
  tipoRitenuta: 'RT01' | 'RT02';
  /**
   * FatturaPA / CU CausalePagamento of the tax withholding; null (the default) = derived from the contract and the
   * mandate by `causaleOf` (Q mono agent, R pluri agent, U procacciatore, V1 occasional intermediary, A professional,
   * M occasional work). Set it to override the derivation.
   */
  causalePagamento: 'Q' | 'R' | 'U' | 'V1' | 'A' | 'M' | null;
  /** Professionals: charge the 4% INPS rivalsa. */
  inpsRivalsa: boolean;
  /** Professionals: cassa id from the it.cassa table (e.g. "inarcassa"), or null. */
  cassa: string | null;
  /** Overrides the cassa's percent / TipoCassa (other casse: configure from the cassa's site ⚠). */
  cassaPercent: string | null;
  tipoCassa: string | null;
  /** The €2 stamp is recharged to the principal on the invoice (a line, Natura N1) instead of borne by the partner. ⚠ */
  stampDutyRecharged: boolean;
  /** A recharged stamp enters the Enasarco base (single source, radioagenti). ⚠ */
  enasarcoBaseIncludesStamp: boolean;
  /** Apply the Enasarco quarterly minimum top-up (charged to the principal). */
  enasarcoMinimum: boolean;
  /** Accrue FIRR at year end (default: when Enasarco applies). */
  firr: boolean;
}

/**
 * Aliases accepted in `fiscalSettings` (the sample generator and hand-written partner files use them):
 * `employees` → employeesDeclaration; `reverseCharge: true|false` → vat reverseChargeN67|standard;
 * `regime: "occasionale"` → ordinario (the occasional profile already has no IVA); `contract` (call centres ⚠,
 * italy-tax.md §2.4): "agency" → Enasarco + FIRR (causale Q or R by mandate), "procacciamento" → 25-bis only, "service" → no ritenuta.
 * An explicit setting always wins over what an alias implies.
 */
export function normalizeSettings(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...src };
  const implied: Record<string, unknown> = {};
  if ('employees' in src) {
    implied['employeesDeclaration'] = src['employees'];
    delete out['employees'];
  }
  if ('reverseCharge' in src) {
    if (typeof src['reverseCharge'] === 'boolean') implied['vat'] = src['reverseCharge'] ? 'reverseChargeN67' : 'standard';
    else implied['vat'] = src['reverseCharge'];
    delete out['reverseCharge'];
  }
  if (src['regime'] === 'occasionale') out['regime'] = 'ordinario';
  if (typeof src['cassa'] === 'string') out['cassa'] = src['cassa'].toLowerCase();
  if (src['contract'] === 'agency') Object.assign(implied, { enasarco: true, firr: true });
  if (src['contract'] === 'service') Object.assign(implied, { ritenuta: 'none' });
  for (const [k, v] of Object.entries(implied)) if (!(k in src)) out[k] = v;
  return out;
}

const FORFETTARIO_FORMS: ReadonlySet<string> = new Set(['individual', 'professional']);

/**
 * The CausalePagamento of the tax withholding (CU model codes, italy-tax.md §5.4): an explicit setting wins;
 * otherwise art. 25 → A, occasional self-employment → M, a procacciamento contract → U, an agency contract →
 * Q (monomandatario) or R (plurimandatario), 25-bis commissions without a VAT number → V1 (occasional intermediary).
 */
export function causaleOf(s: ItSettings): 'Q' | 'R' | 'U' | 'V1' | 'A' | 'M' {
  if (s.causalePagamento) return s.causalePagamento;
  if (s.ritenuta === 'art25') return 'A';
  if (s.ritenuta === 'occasional') return 'M';
  if (s.legalForm === 'occasional' || (s.vat === 'none' && s.regime !== 'forfettario')) return 'V1';
  if (s.contract === 'procacciamento') return 'U';
  return s.mandate === 'mono' ? 'Q' : 'R';
}

function settingsSchema(d: ItSettings) {
  return z.preprocess(normalizeSettings, z
    .object({
      contract: z.enum(['agency', 'procacciamento', 'service']).nullable().default(d.contract),
      legalForm: z.enum(LEGAL_FORMS).default(d.legalForm),
      regime: z.enum(['ordinario', 'forfettario']).default(d.regime),
      vat: z.enum(['standard', 'reverseChargeN67', 'none']).default(d.vat),
      vatStandardComponents: z.string().regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, COMPONENT_IDS).nullable().default(d.vatStandardComponents),
      enasarco: z.boolean().default(d.enasarco),
      mandate: z.enum(['mono', 'pluri']).default(d.mandate),
      mandateStart: IsoDate.nullable().default(d.mandateStart),
      mandateEnd: IsoDate.nullable().default(d.mandateEnd),
      ritenuta: z.enum(['art25bis', 'art25', 'occasional', 'none']).default(d.ritenuta),
      employeesDeclaration: z.boolean().default(d.employeesDeclaration),
      tipoRitenuta: z.enum(['RT01', 'RT02']).default(d.tipoRitenuta),
      causalePagamento: z.enum(['Q', 'R', 'U', 'V1', 'A', 'M']).nullable().default(d.causalePagamento),
      inpsRivalsa: z.boolean().default(d.inpsRivalsa),
      cassa: z.string().nullable().default(d.cassa),
      cassaPercent: Percent.nullable().default(d.cassaPercent),
      tipoCassa: z.string().regex(/^TC\d\d$/).nullable().default(d.tipoCassa),
      stampDutyRecharged: z.boolean().default(d.stampDutyRecharged),
      enasarcoBaseIncludesStamp: z.boolean().default(d.enasarcoBaseIncludesStamp),
      enasarcoMinimum: z.boolean().default(d.enasarcoMinimum),
      firr: z.boolean().default(d.firr),
    })
    .strict()
    .superRefine((v, ctx) => {
      // Only natural persons can be forfettari (L. 190/2014 c.54): companies and partnerships cannot.
      if (v.regime === 'forfettario' && !FORFETTARIO_FORMS.has(v.legalForm)) {
        // the message names a value, so no fixed text to look up: its Italian rides along in params (schemaIssueTexts)
        ctx.addIssue({
          code: 'custom',
          path: ['regime'],
          message: `the forfettario regime is only for individuals (legalForm individual or professional), not "${v.legalForm}"`,
          params: { it: `il regime forfettario è solo per le persone fisiche (legalForm individual o professional), non "${v.legalForm}"` },
        });
      }
    })) as unknown as z.ZodType<ItSettings & Record<string, string | number | boolean | null>>;
}

const BASE: ItSettings = {
  contract: null,
  legalForm: 'individual',
  regime: 'ordinario',
  vat: 'standard',
  vatStandardComponents: null,
  enasarco: true,
  mandate: 'pluri',
  mandateStart: null,
  mandateEnd: null,
  ritenuta: 'art25bis',
  employeesDeclaration: false,
  tipoRitenuta: 'RT01',
  causalePagamento: null,
  inpsRivalsa: false,
  cassa: null,
  cassaPercent: null,
  tipoCassa: null,
  stampDutyRecharged: true,
  enasarcoBaseIncludesStamp: false,
  enasarcoMinimum: true,
  firr: true,
};

interface ProfileDef {
  id: ItProfileId;
  label: { it: string; en: string };
  partnerKinds: string[];
  defaults: Partial<ItSettings>;
}

const NO_AGENCY: Partial<ItSettings> = { enasarco: false, firr: false, enasarcoMinimum: false };

export const PROFILE_DEFS: readonly ProfileDef[] = [
  {
    id: 'it:agent-individual-mono',
    label: { it: 'Agente persona fisica monomandatario', en: 'Individual agent, single-firm mandate' },
    partnerKinds: ['agent'],
    defaults: { mandate: 'mono' },
  },
  {
    id: 'it:agent-individual-pluri',
    label: { it: 'Agente persona fisica plurimandatario', en: 'Individual agent, multi-firm mandate' },
    partnerKinds: ['agent'],
    defaults: { mandate: 'pluri' },
  },
  {
    id: 'it:agent-forfettario',
    label: { it: 'Agente in regime forfettario', en: 'Agent in the flat-rate regime (forfettario)' },
    partnerKinds: ['agent'],
    defaults: { regime: 'forfettario', vat: 'none', ritenuta: 'none', mandate: 'pluri' },
  },
  {
    id: 'it:agent-snc',
    label: { it: 'Agenzia società di persone (snc/sas)', en: 'Agency partnership (snc/sas)' },
    partnerKinds: ['agency', 'agent'],
    defaults: { legalForm: 'snc', mandate: 'pluri', tipoRitenuta: 'RT01' },
  },
  {
    id: 'it:agent-srl',
    label: { it: 'Agenzia società di capitali (srl/spa)', en: 'Agency company (srl/spa)' },
    partnerKinds: ['agency', 'agent'],
    defaults: { legalForm: 'srl', mandate: 'pluri', tipoRitenuta: 'RT02', enasarcoMinimum: false },
  },
  {
    id: 'it:call-centre-srl',
    label: { it: 'Call centre società di capitali (procacciamento)', en: 'Call-centre company (business introduction)' },
    partnerKinds: ['outbound'],
    defaults: {
      ...NO_AGENCY,
      legalForm: 'srl',
      contract: 'procacciamento',
      employeesDeclaration: true,
      tipoRitenuta: 'RT02',
    },
  },
  {
    id: 'it:installer-srl',
    label: { it: 'Installatore società di capitali', en: 'Installer company' },
    partnerKinds: ['installer'],
    defaults: { ...NO_AGENCY, legalForm: 'srl', vat: 'reverseChargeN67', ritenuta: 'none', tipoRitenuta: 'RT02' },
  },
  {
    id: 'it:technician-srl',
    label: { it: 'Tecnici / manutentori società di capitali', en: 'Technician company' },
    partnerKinds: ['technician'],
    defaults: { ...NO_AGENCY, legalForm: 'srl', vat: 'reverseChargeN67', ritenuta: 'none', tipoRitenuta: 'RT02' },
  },
  {
    id: 'it:installer-forfettario',
    label: { it: 'Installatore persona fisica in regime forfettario', en: 'Individual installer in the flat-rate regime (forfettario)' },
    partnerKinds: ['installer'],
    // A forfettario supplier charges no IVA and does not apply reverse charge (italy-tax.md §3.2 ⚠): N2.2, no ritenuta.
    defaults: { ...NO_AGENCY, legalForm: 'individual', regime: 'forfettario', vat: 'none', ritenuta: 'none' },
  },
  {
    id: 'it:technician-forfettario',
    label: { it: 'Tecnico persona fisica in regime forfettario', en: 'Individual technician in the flat-rate regime (forfettario)' },
    partnerKinds: ['technician'],
    defaults: { ...NO_AGENCY, legalForm: 'individual', regime: 'forfettario', vat: 'none', ritenuta: 'none' },
  },
  {
    id: 'it:professional-inps',
    label: { it: 'Professionista con rivalsa INPS 4%', en: 'Professional with 4% INPS rivalsa' },
    partnerKinds: ['technician', 'agent'],
    defaults: { ...NO_AGENCY, legalForm: 'professional', ritenuta: 'art25', inpsRivalsa: true },
  },
  {
    id: 'it:professional-cassa',
    label: { it: 'Professionista iscritto a una cassa', en: 'Professional enrolled in a cassa' },
    partnerKinds: ['technician', 'agent'],
    defaults: { ...NO_AGENCY, legalForm: 'professional', ritenuta: 'art25', cassa: 'inarcassa' },
  },
  {
    id: 'it:occasional',
    label: { it: 'Prestazione occasionale (senza partita IVA)', en: 'Occasional worker (no VAT number)' },
    partnerKinds: ['agent', 'outbound', 'technician'],
    defaults: { ...NO_AGENCY, legalForm: 'occasional', vat: 'none', ritenuta: 'occasional' },
  },
];

export const IT_PROFILES: readonly FiscalProfile[] = PROFILE_DEFS.map((p) => ({
  id: p.id,
  label: p.label,
  partnerKinds: p.partnerKinds,
  settings: settingsSchema({ ...BASE, ...p.defaults }),
}));

export function profileDefaults(profileId: string): ItSettings | undefined {
  const def = PROFILE_DEFS.find((p) => p.id === profileId);
  return def ? { ...BASE, ...def.defaults } : undefined;
}
