/** The small fixed sample used by tests: a handful of partners per kind, ~200 lines, and a few deliberately bad records. */
import type { FactRecord } from '@provvigo/core';
import { generateSample, type Sample } from './generate.js';

export const SMALL_OPTIONS = { seed: 20261001, partners: 20, lines: 200, period: '2026-10' } as const;

/** Records that must be rejected with an issue naming record and field (ARCHITECTURE §3, invariant 6). */
export const BAD_RECORDS: Record<string, { id: string; problem: string }[]> = {
  contracts: [
    { id: 'BAD-MISSING-CATEGORY', problem: 'required field "category" is missing' },
    { id: 'BAD-WRONG-TYPE', problem: 'field "annualKwh" is "tremila", not a number' },
    { id: 'BAD-UNKNOWN-PARTNER', problem: 'partner "AGT-9999" does not exist' },
  ],
  serviceEvents: [{ id: 'EV-BAD-DATE', problem: 'field "date" is "31/10/2026", not YYYY-MM-DD' }],
  interventions: [{ id: 'WO-BAD-SLA', problem: 'field "slaHours" is "n/a", not a number' }],
};

/** The small sample: generated, then the bad records appended (each a copy of a good one with one defect). */
export function smallSample(): Sample {
  const sample = generateSample({ ...SMALL_OPTIONS });
  const { contracts, serviceEvents, interventions } = sample.facts;
  const good = contracts.find((c) => c.commodity === 'power' && String(c.partnerId).startsWith('AGT')) as FactRecord;
  const missing: FactRecord = { ...good, id: 'BAD-MISSING-CATEGORY' };
  delete missing.category;
  contracts.push(missing, { ...good, id: 'BAD-WRONG-TYPE', annualKwh: 'tremila' }, { ...good, id: 'BAD-UNKNOWN-PARTNER', partnerId: 'AGT-9999' });
  serviceEvents.push({ ...(serviceEvents[0] as FactRecord), id: 'EV-BAD-DATE', date: '31/10/2026' });
  const closed = interventions.find((i) => i.status === 'closed') as FactRecord;
  interventions.push({ ...closed, id: 'WO-BAD-SLA', slaHours: 'n/a' });
  return sample;
}
