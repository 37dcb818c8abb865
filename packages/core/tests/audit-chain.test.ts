import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, appendAudit, createAuditEntry, verifyAuditLog } from '../src/audit/index.js';
import { AuditEntrySchema, type AuditEntry, type AuditInput } from '../src/schema/run.js';

const input = (i: number): AuditInput => ({
  at: `2026-02-01T09:${String(i % 60).padStart(2, '0')}:00Z`,
  actor: i % 2 ? 'anna' : 'carla',
  action: ['run.open', 'run.calculate', 'run.validate', 'run.approve'][i % 4]!,
  runId: `r${Math.floor(i / 4)}`,
  inputHash: `in${i}`,
  outputHash: `out${i}`,
  details: { period: '2026-01', approved: ['P1', 'P2'], n: i },
});

function build(n: number): AuditEntry[] {
  let log: AuditEntry[] = [];
  for (let i = 0; i < n; i++) log = appendAudit(log, input(i));
  return log;
}

describe('audit log', () => {
  it('chains entries: seq 1…n, prevHash = previous hash, valid schema', () => {
    const log = build(5);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log[0]!.prevHash).toBe(AUDIT_GENESIS);
    for (let i = 1; i < log.length; i++) expect(log[i]!.prevHash).toBe(log[i - 1]!.hash);
    for (const e of log) expect(AuditEntrySchema.parse(e)).toEqual(e);
    expect(verifyAuditLog(log)).toEqual({ ok: true, count: 5, head: log[4]!.hash });
    expect(createAuditEntry(log[4]!, input(5))).toEqual(appendAudit(log, input(5))[5]);
  });

  it('detects an edited entry and says where', () => {
    const log = build(5);
    const tampered = log.map((e, i) => (i === 2 ? { ...e, actor: 'mallory' } : e));
    const v = verifyAuditLog(tampered);
    expect(v).toMatchObject({ ok: false, firstBadIndex: 2 });
    if (v.ok) return;
    expect(v.problems).toEqual([expect.objectContaining({ index: 2, seq: 3, code: 'hash_mismatch' })]);
    // re-hashing the edited entry does not help: the next entry's link breaks
    const { hash: _h, ...rest } = tampered[2]!;
    const rehashed = tampered.map((e, i) => (i === 2 ? createAuditEntry(log[1]!, { ...rest }) : e));
    const v2 = verifyAuditLog(rehashed);
    expect(v2).toMatchObject({ ok: false, firstBadIndex: 3, problems: [expect.objectContaining({ code: 'broken_link', seq: 4 })] });
  });

  it('detects removed and reordered entries', () => {
    const log = build(6);
    const removed = [...log.slice(0, 3), ...log.slice(4)];
    expect(verifyAuditLog(removed)).toMatchObject({ ok: false, firstBadIndex: 3 });
    const reordered = [log[0]!, log[2]!, log[1]!, ...log.slice(3)];
    expect(verifyAuditLog(reordered)).toMatchObject({ ok: false, firstBadIndex: 1 });
    // truncation at the end needs the head kept elsewhere
    expect(verifyAuditLog(log.slice(0, 5)).ok).toBe(true);
    expect(verifyAuditLog(log.slice(0, 5), { expectedHead: log[5]!.hash })).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'head_mismatch' })] });
  });

  it('property: any single edit, removal, swap or insertion is detected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('edit', 'remove', 'swap', 'insert', 'editDetails'),
        (n, a, b, op) => {
          const log = build(n);
          const i = a % n;
          let j = b % n;
          if (j === i) j = (i + 1) % n;
          let t: AuditEntry[];
          switch (op) {
            case 'edit':
              t = log.map((e, k) => (k === i ? { ...e, outputHash: `${e.outputHash}x` } : e));
              break;
            case 'editDetails':
              t = log.map((e, k) => (k === i ? { ...e, details: { ...e.details, n: -1 } } : e));
              break;
            case 'remove':
              if (i === n - 1) return; // truncation: covered by expectedHead
              t = log.filter((_, k) => k !== i);
              break;
            case 'swap':
              t = [...log];
              [t[i], t[j]] = [t[j]!, t[i]!];
              break;
            default:
              t = [...log.slice(0, i), createAuditEntry(log[i - 1] ?? null, input(99)), ...log.slice(i)];
          }
          const v = verifyAuditLog(t);
          expect(v.ok).toBe(false);
          if (!v.ok) expect(v.firstBadIndex).toBeLessThanOrEqual(Math.max(i, op === 'swap' ? Math.min(i, j) : i) + 1);
        },
      ),
      { seed: 1475260699, numRuns: 200 },
    );
  });
});
