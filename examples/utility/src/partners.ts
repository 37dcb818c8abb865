/** Generates the utility's partners: agencies with their sub-agents, independent agents, call centres, installers, technicians. */
import type { PartnerInput, PartnerKind } from '@provvigo/core';
// The partners carry the Italian pack's profile ids: importing the pack's types brings its `declare module
// '@provvigo/core'`, which adds those ids to core's FiscalProfileSettings, into every program that compiles this file
// (without it, core's PartnerInput knows only 'eu-vat:standard').
import type { ItProfileId } from '@provvigo/fiscal-it';
import {
  FEMALE_NAMES,
  MALE_NAMES,
  REGIONS,
  STREETS,
  SURNAMES,
  codiceFiscale,
  italianIban,
  partitaIva,
  sdiCode,
  slug,
  type City,
  type Region,
} from './italy.js';
import { createRng, type Rng } from './prng.js';

/** Fiscal profile ids understood by the Italian jurisdiction pack (`@provvigo/fiscal-it`). */
export const FISCAL_PROFILES = [
  'it:agent-individual-mono',
  'it:agent-individual-pluri',
  'it:agent-forfettario',
  'it:agent-snc',
  'it:agent-srl',
  'it:call-centre-srl',
  'it:installer-srl',
  'it:technician-srl',
  'it:professional-inps',
  'it:professional-cassa',
  'it:occasional',
] as const satisfies readonly ItProfileId[];
export type FiscalProfileId = (typeof FISCAL_PROFILES)[number];

export const PARTNER_ID_PREFIX: Record<PartnerKind, string> = {
  agency: 'AGY',
  agent: 'AGT',
  outbound: 'OUT',
  installer: 'INS',
  technician: 'TEC',
};

export interface PartnerOptions {
  seed: number;
  /** Total number of partners (at least 10: two of each kind). */
  count: number;
}

/** How many partners of each kind a sample of `count` partners holds. */
export function partnerMix(count: number): Record<PartnerKind, number> {
  if (count < 10) throw new Error('a sample needs at least 10 partners (two of each kind)');
  const agency = Math.max(2, Math.round(count * 0.04));
  const outbound = Math.max(2, Math.round(count * 0.05));
  const installer = Math.max(2, Math.round(count * 0.15));
  const technician = Math.max(2, Math.round(count * 0.14));
  return { agency, agent: count - agency - outbound - installer - technician, outbound, installer, technician };
}

const pickRegion = (rng: Rng): Region => rng.weighted(REGIONS.map((r) => [r, r.weight] as const));

interface Person {
  firstName: string;
  lastName: string;
  female: boolean;
  birth: string;
}

function person(rng: Rng): Person {
  const female = rng.chance(0.42);
  const birth = `${rng.int(1962, 1998)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  return { firstName: rng.pick(female ? FEMALE_NAMES : MALE_NAMES), lastName: rng.pick(SURNAMES), female, birth };
}

function address(rng: Rng, city: City) {
  return { street: rng.pick(STREETS), number: String(rng.int(1, 180)), zip: city.zip, city: city.city, province: city.province, country: 'IT' };
}

interface Profile {
  fiscalProfile: FiscalProfileId;
  fiscalSettings: Record<string, string | number | boolean>;
  company: boolean;
}

function agencyProfile(rng: Rng): Profile {
  const mandate = rng.chance(0.7) ? 'mono' : 'pluri';
  return rng.chance(0.7)
    ? { fiscalProfile: 'it:agent-srl', fiscalSettings: { regime: 'ordinario', legalForm: 'srl', mandate, enasarco: true, employees: true }, company: true }
    : { fiscalProfile: 'it:agent-snc', fiscalSettings: { regime: 'ordinario', legalForm: 'snc', mandate, enasarco: true, employees: true }, company: true };
}

function agentProfile(rng: Rng): Profile {
  const kind = rng.weighted<FiscalProfileId>([
    ['it:agent-individual-mono', 45],
    ['it:agent-individual-pluri', 25],
    ['it:agent-forfettario', 18],
    ['it:agent-snc', 6],
    ['it:occasional', 6],
  ]);
  switch (kind) {
    case 'it:agent-individual-mono':
    case 'it:agent-individual-pluri':
      return {
        fiscalProfile: kind,
        fiscalSettings: { regime: 'ordinario', legalForm: 'individual', mandate: kind.endsWith('mono') ? 'mono' : 'pluri', enasarco: true, employees: rng.chance(0.12) },
        company: false,
      };
    case 'it:agent-forfettario':
      return { fiscalProfile: kind, fiscalSettings: { regime: 'forfettario', legalForm: 'individual', mandate: rng.chance(0.6) ? 'mono' : 'pluri', enasarco: true, employees: false }, company: false };
    case 'it:agent-snc':
      return { fiscalProfile: kind, fiscalSettings: { regime: 'ordinario', legalForm: 'snc', mandate: 'pluri', enasarco: true, employees: rng.chance(0.5) }, company: true };
    default:
      return { fiscalProfile: 'it:occasional', fiscalSettings: { regime: 'occasionale', legalForm: 'individual', enasarco: false, employees: false }, company: false };
  }
}

function technicianProfile(rng: Rng): Profile {
  const kind = rng.weighted<FiscalProfileId>([
    ['it:technician-srl', 50],
    ['it:professional-inps', 30],
    ['it:professional-cassa', 20],
  ]);
  if (kind === 'it:technician-srl') return { fiscalProfile: kind, fiscalSettings: { regime: 'ordinario', legalForm: 'srl', reverseCharge: true }, company: true };
  if (kind === 'it:professional-inps')
    return { fiscalProfile: kind, fiscalSettings: { regime: 'ordinario', legalForm: 'individual', inpsRivalsa: true }, company: false };
  return { fiscalProfile: kind, fiscalSettings: { regime: 'ordinario', legalForm: 'individual', cassa: rng.pick(['EPPI', 'INARCASSA', 'CIPAG']) }, company: false };
}

const COMPANY_PATTERNS: Record<PartnerKind, readonly ((s: string, c: string) => string)[]> = {
  agency: [(s) => `${s} Energia`, (_s, c) => `${c} Energy Point`, (s) => `Agenzia ${s}`, (_s, c) => `Servizi Energetici ${c}`],
  agent: [(s) => `${s} & Partners`, (s) => `${s} Consulenze`],
  outbound: [(s) => `Contact ${s}`, (_s, c) => `${c} Call Service`, () => 'Teleselling Italia', (s) => `${s} Voice`],
  installer: [(s) => `Impianti ${s}`, (_s, c) => `${c} Solar`, (s) => `${s} Termoidraulica`, (s) => `Elettro ${s}`],
  technician: [(s) => `${s} Tecnoservice`, (_s, c) => `Assistenza Tecnica ${c}`],
};

/** The utility's partners, deterministic for a seed. Sub-agents follow their agency in the list. */
export function generatePartners(options: PartnerOptions): PartnerInput[] {
  const rng = createRng(options.seed, 'partners');
  const mix = partnerMix(options.count);
  const partners: PartnerInput[] = [];
  const seq: Record<PartnerKind, number> = { agency: 0, agent: 0, outbound: 0, installer: 0, technician: 0 };

  const make = (kind: PartnerKind, profile: Profile, region: Region, parent?: string): PartnerInput => {
    seq[kind] += 1;
    const id = `${PARTNER_ID_PREFIX[kind]}-${String(seq[kind]).padStart(4, '0')}`;
    const city = rng.pick(region.cities);
    const language = rng.chance(0.93) ? 'it' : 'en';
    if (profile.company) {
      const surname = rng.pick(SURNAMES);
      const suffix = profile.fiscalSettings.legalForm === 'snc' ? 'S.n.c.' : 'S.r.l.';
      const base = rng.pick(COMPANY_PATTERNS[kind])(surname, city.city);
      const legalName = `${base} ${suffix}`;
      const piva = partitaIva(rng);
      const domain = `${slug(base)}.it`;
      return {
        id,
        name: legalName,
        kind,
        territory: region.name,
        ...(parent ? { parent } : {}),
        fiscalProfile: profile.fiscalProfile,
        fiscalSettings: profile.fiscalSettings,
        language,
        billing: {
          legalName,
          vatId: `IT${piva}`,
          taxCode: piva,
          address: address(rng, city),
          iban: italianIban(rng),
          sdiCode: sdiCode(rng),
          pec: `amministrazione@pec.${domain}`,
          email: `amministrazione@${domain}`,
        },
      };
    }
    const p = person(rng);
    const occasional = profile.fiscalProfile === 'it:occasional';
    const email = `${slug(p.firstName)}.${slug(p.lastName)}${seq[kind]}@${rng.pick(['gmail.com', 'libero.it', 'outlook.it', 'tiscali.it'])}`;
    return {
      id,
      name: `${p.firstName} ${p.lastName}`,
      kind,
      territory: region.name,
      ...(parent ? { parent } : {}),
      fiscalProfile: profile.fiscalProfile,
      fiscalSettings: profile.fiscalSettings,
      language,
      billing: {
        firstName: p.firstName,
        lastName: p.lastName,
        ...(occasional ? {} : { vatId: `IT${partitaIva(rng)}` }),
        taxCode: codiceFiscale({ ...p, belfiore: city.belfiore }),
        address: address(rng, city),
        iban: italianIban(rng),
        ...(occasional ? {} : { sdiCode: '0000000' }),
        email,
      },
      attributes: { birthDate: p.birth },
    };
  };

  // Agencies, each followed by its sub-agents (about 60% of the agents work under an agency).
  const agencies: PartnerInput[] = [];
  for (let i = 0; i < mix.agency; i++) {
    const agency = make('agency', agencyProfile(rng), pickRegion(rng));
    agencies.push(agency);
  }
  const subAgents = Math.round(mix.agent * 0.6);
  const byAgency = new Map<string, PartnerInput[]>(agencies.map((a) => [a.id, []]));
  for (let i = 0; i < mix.agent; i++) {
    const agency = i < subAgents ? agencies[i % agencies.length] : undefined;
    const region = agency && rng.chance(0.85) ? (REGIONS.find((r) => r.name === agency.territory) as Region) : pickRegion(rng);
    const agent = make('agent', agentProfile(rng), region, agency?.id);
    if (agency) byAgency.get(agency.id)!.push(agent);
    else partners.push(agent);
  }
  const withSubs = agencies.flatMap((a) => [a, ...byAgency.get(a.id)!]);
  partners.unshift(...withSubs);
  for (let i = 0; i < mix.outbound; i++) {
    partners.push(make('outbound', { fiscalProfile: 'it:call-centre-srl', fiscalSettings: { regime: 'ordinario', legalForm: 'srl', enasarco: false, employees: true, contract: 'procacciamento' }, company: true }, pickRegion(rng)));
  }
  for (let i = 0; i < mix.installer; i++) {
    partners.push(make('installer', { fiscalProfile: 'it:installer-srl', fiscalSettings: { regime: 'ordinario', legalForm: 'srl', reverseCharge: true }, company: true }, pickRegion(rng)));
  }
  for (let i = 0; i < mix.technician; i++) partners.push(make('technician', technicianProfile(rng), pickRegion(rng)));
  return partners;
}
