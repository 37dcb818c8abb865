import type { AuditEntry } from '@provvigo/core';
import type { AuditCheck } from './AuditLogView.js';

// Audit entries and check results for the stories, written by hand (no server behind a story). The people, runs and
// hashes are made up; the shapes are the server's.

const hash = (n: number): string => n.toString(16).padStart(64, 'a');

function entry(seq: number, action: string, actor: string, runId: string | null, details: Record<string, unknown> = {}): AuditEntry {
  // an entry a few minutes after the one before, as a log is written
  const at = new Date(Date.UTC(2026, 10, 2, 8, 0) + seq * 7 * 60_000).toISOString();
  return { seq, at, actor, action, runId, inputHash: null, outputHash: null, details, prevHash: hash(seq - 1), hash: hash(seq) };
}

/** A period's life, newest first, as GET /api/audit/entries answers. */
export const someEntries: AuditEntry[] = [
  entry(9, 'inquiry.answer', 'franca.rossi', '2026-10-r1', { inquiry: 3, period: '2026-10', partner: 'AG001', outcome: 'toCorrect', text: 'Sarà corretto a novembre.' }),
  entry(8, 'inquiry.open', 'ag001', '2026-10-r1', { inquiry: 3, period: '2026-10', partner: 'AG001', line: 'plan-a/commission/C-1043', text: 'Il contratto C-1043 è attivo dal 3 ottobre.' }),
  entry(7, 'run.approve', 'anna', '2026-10-r1', { approved: ['AG001', 'AG002'], blocked: [], session: { osUser: 'anna' } }),
  entry(6, 'run.validate', 'carla', '2026-10-r1'),
  entry(5, 'run.calculate', 'carla', '2026-10-r1', { partners: 2, lines: 118 }),
  entry(4, 'studio.login', 'carla', null, { client: '10.0.0.12' }),
  entry(3, 'studio.login_failed', 'carla', null, { client: '10.0.0.12', reason: 'password' }),
];

/** A long log: a page of 50 entries with more behind it. */
export const manyEntries: AuditEntry[] = Array.from({ length: 50 }, (_, k) =>
  entry(500 - k, k % 3 === 0 ? 'studio.login' : 'plan.save', `user.with.a.rather.long.name.${k % 7}@example-utility.it`, k % 3 === 0 ? null : `2026-10-r${1 + (k % 4)}`, {
    plan: 'agency-agents',
    version: 40 + k,
    comment: 'Bonus volumi rivisto per i partner della zona nord, con soglie trimestrali al posto di quelle mensili.',
  }),
);

export const intactCheck: AuditCheck = { ok: true, count: 9, head: hash(9), problems: [], more: 0 };

export const brokenCheck: AuditCheck = {
  ok: false,
  count: 9,
  head: hash(9),
  problems: [
    {
      table: 'provvigo_audit',
      key: '#7',
      message: 'hash_mismatch: entry #7 (position 6) was edited: its content no longer matches its hash',
      messages: {
        en: 'hash_mismatch: entry #7 (position 6) was edited: its content no longer matches its hash',
        it: 'hash_mismatch: la voce n. 7 (posizione 6) è stata modificata: il suo contenuto non corrisponde più al suo hash',
      },
    },
    {
      table: 'provvigo_ledger',
      key: '#12',
      message: 'its content is not what entry #7 (run.approve by anna) recorded',
      messages: { en: 'its content is not what entry #7 (run.approve by anna) recorded', it: 'il suo contenuto non è quello registrato dalla voce n. 7 (run.approve di anna)' },
    },
  ],
  more: 3,
};
