import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { FactSchemaSchema, PartnerSchema, evaluate, parsePlan } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import {
  FISCAL_PROFILES,
  SAMPLE_FILES,
  codiceFiscale,
  generatePartners,
  generateSample,
  italianControlLetter,
  isValidIban,
  isValidPartitaIva,
  loadFactSchema,
  loadPlans,
  monthPeriod,
  smallSample,
} from '../src/index.js';

describe('identifiers that pass their check digits', () => {
  it('computes the codice fiscale of a known example', () => {
    expect(codiceFiscale({ firstName: 'Mario', lastName: 'Rossi', birth: '1985-12-10', female: false, belfiore: 'A562' })).toBe('RSSMRA85T10A562S');
  });
  it('accepts a known valid IBAN and refuses a changed digit', () => {
    expect(isValidIban('IT60X0542811101000000123456')).toBe(true);
    expect(isValidIban('IT60X0542811101000000123457')).toBe(false);
  });
  it('generates partners whose IBAN, partita IVA and codice fiscale are all valid', () => {
    const partners = generatePartners({ seed: 7, count: 320 });
    for (const p of partners) {
      const b = p.billing!;
      expect(isValidIban(b.iban!), `${p.id} ${b.iban}`).toBe(true);
      if (b.vatId) expect(isValidPartitaIva(b.vatId.replace(/^IT/, '')), `${p.id} ${b.vatId}`).toBe(true);
      if (b.taxCode!.length === 16) expect(b.taxCode![15]).toBe(italianControlLetter(b.taxCode!.slice(0, 15)));
      else expect(b.taxCode).toBe(b.vatId!.slice(2));
    }
  });
});

describe('partners', () => {
  const partners = generatePartners({ seed: 2026, count: 320 });
  it('has 320 valid partners of all five kinds, sub-agents under existing agencies', () => {
    expect(partners).toHaveLength(320);
    for (const p of partners) expect(PartnerSchema.safeParse(p).success, p.id).toBe(true);
    const kinds = new Set(partners.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['agency', 'agent', 'installer', 'outbound', 'technician']);
    const agencies = new Set(partners.filter((p) => p.kind === 'agency').map((p) => p.id));
    const subAgents = partners.filter((p) => p.parent);
    expect(subAgents.length).toBeGreaterThan(100);
    for (const s of subAgents) {
      expect(s.kind).toBe('agent');
      expect(agencies.has(s.parent!)).toBe(true);
    }
    expect(new Set(partners.map((p) => p.id)).size).toBe(320);
  });
  it('gives every partner a known fiscal profile that fits its kind', () => {
    const allowed: Record<string, string[]> = {
      agency: ['it:agent-srl', 'it:agent-snc'],
      agent: ['it:agent-individual-mono', 'it:agent-individual-pluri', 'it:agent-forfettario', 'it:agent-snc', 'it:occasional'],
      outbound: ['it:call-centre-srl'],
      installer: ['it:installer-srl'],
      technician: ['it:technician-srl', 'it:professional-inps', 'it:professional-cassa'],
    };
    const used = new Set<string>();
    for (const p of partners) {
      expect(allowed[p.kind]).toContain(p.fiscalProfile);
      expect(FISCAL_PROFILES).toContain(p.fiscalProfile);
      expect(p.fiscalSettings).toHaveProperty('regime');
      expect(p.fiscalSettings).toHaveProperty('legalForm');
      used.add(p.fiscalProfile!);
      if (p.fiscalProfile === 'it:occasional') expect(p.billing!.vatId).toBeUndefined();
    }
    expect([...used].sort()).toEqual([...FISCAL_PROFILES].sort());
    expect(partners.filter((p) => p.language === 'it').length).toBeGreaterThan(partners.length * 0.85);
  });
});

describe('generateSample', () => {
  it('is deterministic for a seed and different for another', () => {
    const a = JSON.stringify(generateSample({ seed: 1, partners: 30, lines: 500, period: '2026-03' }));
    const b = JSON.stringify(generateSample({ seed: 1, partners: 30, lines: 500, period: '2026-03' }));
    const c = JSON.stringify(generateSample({ seed: 2, partners: 30, lines: 500, period: '2026-03' }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('produces exactly the lines asked for, dated inside the period, for any seed, size and month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 10, max: 60 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 12 }), (seed, partners, lines, month) => {
        const period = monthPeriod(`2026-${String(month).padStart(2, '0')}`);
        const s = generateSample({ seed, partners, lines, period: period.id });
        expect(s.facts.contracts.length + s.facts.interventions.length).toBe(lines);
        const ids = new Set(s.partners.map((p) => p.id));
        for (const c of s.facts.contracts) {
          const signed = c.signedDate as string;
          expect(signed >= period.start && signed <= period.end).toBe(true);
          expect(ids.has(c.partnerId as string)).toBe(true);
        }
        for (const e of s.facts.serviceEvents) expect((e.date as string) >= period.start && (e.date as string) <= period.end).toBe(true);
        for (const i of s.facts.interventions) expect(['installer', 'technician']).toContain(s.partners.find((p) => p.id === i.partnerId)!.kind);
      }),
      { seed: 20260301, numRuns: 100 },
    );
  });

  it('has skewed partner sizes and seasonal categories', () => {
    const oct = generateSample({ seed: 3, partners: 300, lines: 20_000, period: '2026-10' });
    const per = new Map<string, number>();
    for (const c of oct.facts.contracts) per.set(c.partnerId as string, (per.get(c.partnerId as string) ?? 0) + 1);
    const sizes = [...per.values()].sort((x, y) => y - x);
    const top10 = sizes.slice(0, Math.ceil(sizes.length / 10)).reduce((a, b) => a + b, 0);
    expect(top10 / oct.facts.contracts.length).toBeGreaterThan(0.3);
    const share = (s: typeof oct, cat: string) => s.facts.contracts.filter((c) => c.category === cat).length / s.facts.contracts.length;
    const jun = generateSample({ seed: 3, partners: 300, lines: 20_000, period: '2026-06' });
    expect(share(oct, 'GAS_CASA')).toBeGreaterThan(share(jun, 'GAS_CASA'));
    expect(share(jun, 'FOTOVOLTAICO')).toBeGreaterThan(share(oct, 'FOTOVOLTAICO'));
  });

  it('matches the fact schema: required columns present, numbers and booleans typed', async () => {
    const schema = FactSchemaSchema.parse(await loadFactSchema());
    const s = generateSample({ seed: 9, partners: 40, lines: 1000, period: '2026-10' });
    for (const [table, records] of Object.entries(s.facts)) {
      const columns = schema.tables[table]!.columns;
      for (const r of records) {
        for (const [name, col] of Object.entries(columns)) {
          const v = r[name];
          if (v === undefined) {
            expect(col.required, `${table}.${name}`).toBe(false);
            continue;
          }
          const expected = { number: 'number', integer: 'number', money: 'string', percent: 'number', text: 'string', boolean: 'boolean', date: 'string' }[col.type];
          expect(typeof v, `${table}.${name}`).toBe(expected);
        }
        for (const name of Object.keys(r)) expect(columns[name], `${table}.${name} declared`).toBeDefined();
      }
    }
  });
});

describe('the sample plans and fixtures', () => {
  it('parse without issues against the fact schema', async () => {
    const factSchema = FactSchemaSchema.parse(await loadFactSchema());
    for (const plan of await loadPlans()) {
      const r = parsePlan(plan, { factSchema });
      expect(r.issues).toEqual([]);
      expect(r.ok).toBe(true);
    }
  });

  it('compute every plan on a clean generated sample with no error and nothing lost', async () => {
    const factSchema = FactSchemaSchema.parse(await loadFactSchema());
    const s = generateSample({ seed: 11, partners: 40, lines: 800, period: '2026-10' });
    const result = evaluate(
      { period: s.period, plans: (await loadPlans()) as never, partners: s.partners.map((p) => PartnerSchema.parse(p)), factSchema, facts: s.facts },
    );
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const [table, c] of Object.entries(result.counts)) {
      expect(c.in, table).toBe(c.used + c.excluded + c.rejected);
      expect(c.rejected, table).toBe(0);
    }
    const payouts = new Set(result.statements.flatMap((st) => st.lines.map((l) => `${l.planId}/${l.payout}`)));
    for (const p of ['agency-agents/Commission', 'agency-agents/EEBonus', 'agency-agents/VolumeBonus', 'outbound/Fee', 'outbound/QualityAdjustment', 'field-service/Fee', 'field-service/FtfBonus', 'field-service/SlaAdjustment'])
      expect(payouts).toContain(p);
    expect(result.statements.some((st) => st.lines.some((l) => l.payout === 'VolumeBonus' && Number(l.amount) > 0))).toBe(true);
  });

  it('keeps the committed small fixture in step with its generator', async () => {
    const sample = smallSample();
    const onDisk = JSON.parse(await readFile(join(SAMPLE_FILES.small, 'facts', 'contracts.json'), 'utf8'));
    expect(onDisk).toEqual(sample.facts.contracts);
    const partners = JSON.parse(await readFile(join(SAMPLE_FILES.small, 'partners.json'), 'utf8'));
    expect(partners).toEqual(sample.partners);
  });
});
