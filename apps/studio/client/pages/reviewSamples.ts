import type { Issue } from '@provvigo/core';
import type { Review } from './PeriodReview.js';

// Review answers (the shape of GET /api/periods/:period/review) for the stories: written by hand, so no engine runs
// and no server is needed when a story loads. The figures are made up; the shape is the server's.

const cents = (n: number) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

/** A calculated run, compared with the previous approved period, with one comment. */
export const calculatedReview: Review = {
  run: { id: 'run-2026-03-a1', state: 'calculated', calculatedBy: 'carla.conti', validatedBy: null, approvedBy: null, rejected: false },
  currency: 'EUR',
  counts: { contracts: { in: 128, used: 117, excluded: 9, rejected: 2 }, serviceEvents: { in: 311, used: 296, excluded: 15, rejected: 0 } },
  issues: [],
  issuesLeftOff: 0,
  blocked: [],
  previousPeriod: '2026-02',
  diff: [
    { partnerId: 'AG001', previous: '1502.32', current: '1688.10', delta: '185.78' },
    { partnerId: 'AG002', previous: '820.00', current: '760.50', delta: '-59.50' },
    { partnerId: 'AGY01', previous: null, current: '2400.00', delta: '2400.00' },
  ],
  comments: [{ at: '2026-04-02T09:15:00Z', actor: 'carla.conti', text: 'Ricalcolato dopo la correzione dei contratti di marzo.' }],
  rejections: [],
};

/** The first period ever: nothing to compare with, nothing read yet, no comments. */
export const firstPeriodReview: Review = { ...calculatedReview, counts: {}, previousPeriod: null, diff: [], comments: [] };

const issue = (i: number): Issue => ({
  code: 'invalid_input',
  severity: 'error',
  message: `contracts record C${1000 + i}: field "signedAt" is not a date ("31/02/2026")`,
  path: ['facts', 'contracts', 1000 + i, 'signedAt'],
  partnerId: `AG${String(i % 7).padStart(3, '0')}`,
});

/** A validated run with blocked partners and record errors, rejected once before. */
export const blockedReview: Review = {
  ...calculatedReview,
  run: { ...calculatedReview.run, state: 'validated', validatedBy: 'vera.valli' },
  issues: [issue(1), issue(2), issue(3)],
  blocked: [
    { partnerId: 'AG003', reasons: [{ code: 'invalid_input', message: 'a contract of this partner has no valid signature date' }] },
    { partnerId: 'AG005', reasons: [{ code: 'missing_input', message: 'no fiscal profile: the invoice cannot be computed' }] },
  ],
  rejections: [{ at: '2026-04-01T16:40:00Z', actor: 'andrea.approvi', reason: 'I contratti di AG003 vanno corretti prima del pagamento.' }],
};

/** A large network: eighty partners in the diff, many issues (the screen lists 20 and says how many more), long comments. */
export const longReview: Review = {
  ...blockedReview,
  counts: Object.fromEntries(['contracts', 'serviceEvents', 'interventions', 'invoices', 'payments', 'cancellations'].map((t, i) => [t, { in: 120_000 + i * 9_731, used: 118_000 + i * 9_000, excluded: 1_900 + i * 700, rejected: 100 + i * 31 }])),
  issues: Array.from({ length: 20 }, (_, i) => issue(i)),
  issuesLeftOff: 1_342,
  diff: Array.from({ length: 80 }, (_, i) => {
    const previous = 50_000 + i * 3_517;
    const current = previous + ((i * 7_919) % 20_000) - 9_000;
    return { partnerId: `AG${String(i + 1).padStart(3, '0')}`, previous: cents(previous), current: cents(current), delta: cents(current - previous) };
  }),
  comments: Array.from({ length: 12 }, (_, i) => ({ at: `2026-04-0${1 + (i % 9)}T1${i % 10}:00:00Z`, actor: i % 2 ? 'carla.conti' : 'andrea.approvi', text: `Nota ${i + 1}: verificati i contratti della campagna regionale di fine anno, le tariffe per categoria e territorio e le trattenute.` })),
};
