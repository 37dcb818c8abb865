import { describe, expect, it } from 'vitest';
import { bookPeriod, explainLedgerEntry, LedgerError, periodStatementFromLedger } from '../src/ledger/index.js';
import { LedgerEntrySchema, PeriodStatementSchema, type Agreement, type LedgerEntry, type PeriodStatement, type ServiceEvent } from '../src/schema/ledger.js';
import type { Conditions } from '../src/schema/plan.js';
import { line, period, statement } from './ledger-fixtures.js';

const energy: Conditions = {
  release: { events: 'serviceEvents', on: 'activated', link: 'contractId', deadlineMonths: 2 },
  reserve: { share: '0.10', releaseAfterMonths: 2 },
  clawback: { events: 'serviceEvents', on: ['terminated'], link: 'contractId', withinMonths: 12, mode: 'proRata' },
};

const ev = (id: string, subject: string, type: string, date: string): ServiceEvent => ({ id, subject, type, date, table: 'serviceEvents' });

describe('scenario: one contract from sale to pro-rata clawback', () => {
  // C1 sold 10 Jan (120.00), activated 15 Feb, terminated 20 Apr; C2 sold 3 Feb (50.00), never activated;
  // C3 sold 5 May (200.00) and activated 20 May.
  const links = {
    c1: { subject: 'C1', date: '2026-01-10' },
    c2: { subject: 'C2', date: '2026-02-03' },
    c3: { subject: 'C3', date: '2026-05-05' },
  };
  const events = [
    ev('E1', 'C1', 'activated', '2026-02-15'),
    ev('E2', 'C1', 'terminated', '2026-04-20'),
    ev('E3', 'C3', 'activated', '2026-05-20'),
  ];
  const months: Record<string, ReturnType<typeof line>[]> = {
    '2026-01': [line({ id: 'c1', partnerId: 'P1', period: '2026-01', amount: '120.00', sourceId: 'S-C1' })],
    '2026-02': [line({ id: 'c2', partnerId: 'P1', period: '2026-02', amount: '50.00', sourceId: 'S-C2' })],
    '2026-03': [],
    '2026-04': [],
    '2026-05': [line({ id: 'c3', partnerId: 'P1', period: '2026-05', amount: '200.00', sourceId: 'S-C3' })],
  };
  let ledger: LedgerEntry[] = [];
  const out: Record<string, PeriodStatement> = {};
  for (const [id, lines] of Object.entries(months)) {
    const r = bookPeriod({
      runId: `run-${id}`,
      period: period(id),
      statements: [statement('P1', id, lines)],
      conditions: { energy },
      // events arrive over time: each run sees only what is known by then (bookPeriod also ignores later dates)
      events,
      links,
      ledger,
    });
    ledger = [...ledger, ...r.entries];
    out[id] = r.statements[0]!;
  }

  it('January: earned and held until activation', () => {
    const s = out['2026-01']!;
    expect(s.earned).toEqual([expect.objectContaining({ lineId: 'c1', amount: '120.00', status: 'held', subject: 'C1' })]);
    expect(s.held).toEqual([expect.objectContaining({ lineId: 'c1', amount: '120.00' })]);
    expect(s.totals).toMatchObject({ earned: '120.00', earnedPayable: '0.00', held: '120.00', heldBalance: '120.00', beforeAdvance: '0.00' });
    expect(s.payable).toBe('0.00');
  });

  it('February: released on activation (trace to the event), reserve withheld, new sale held', () => {
    const s = out['2026-02']!;
    expect(s.released).toEqual([
      expect.objectContaining({ lineId: 'c1', originalPeriod: '2026-01', amount: '120.00', event: { id: 'E1', type: 'activated', date: '2026-02-15' } }),
    ]);
    expect(s.reserve.withheld).toEqual([expect.objectContaining({ lineId: 'c1', amount: '12.00' })]);
    expect(s.held).toEqual([expect.objectContaining({ lineId: 'c2', amount: '50.00' })]);
    expect(s.totals).toMatchObject({
      earned: '50.00', earnedPayable: '0.00', held: '50.00', released: '120.00', reserveWithheld: '12.00', beforeAdvance: '108.00', heldBalance: '50.00',
    });
    expect(s.reserve.balance).toBe('12.00');
    expect(s.heldOutstanding).toEqual([expect.objectContaining({ lineId: 'c2', amount: '50.00' })]);
    expect(s.byComponent).toEqual({ commission: '108.00' });
    expect(s.payable).toBe('108.00');
  });

  it('March: nothing happens, payable zero', () => {
    const s = out['2026-03']!;
    expect(s.payable).toBe('0.00');
    expect(s.totals).toMatchObject({ heldBalance: '50.00', released: '0.00' });
  });

  it('April: reserve released, C2 lapses at its deadline, C1 clawed back pro rata, negative balance carried forward', () => {
    const s = out['2026-04']!;
    expect(s.reserve.released).toEqual([expect.objectContaining({ lineId: 'c1', amount: '12.00' })]);
    expect(s.reserve.balance).toBe('0.00');
    expect(s.lapsed).toEqual([expect.objectContaining({ lineId: 'c2', amount: '50.00', explanation: 'Lapsed: activated of C2 not met by 2026-04-03.' })]);
    // window 15 Feb 2026 – 15 Feb 2027 = 365 days, 301 left after 20 Apr: 120 × 301/365 = 98.9589… → 98.96
    expect(s.clawbacks).toEqual([
      expect.objectContaining({
        lineId: 'c1',
        originalPeriod: '2026-01',
        amount: '98.96',
        paidAmount: '120.00',
        mode: 'proRata',
        event: { id: 'E2', type: 'terminated', date: '2026-04-20' },
        windowStart: { id: 'E1', type: 'activated', date: '2026-02-15' },
      }),
    ]);
    expect(s.clawbacks[0]!.fraction.startsWith('0.8246575342')).toBe(true);
    expect(s.totals).toMatchObject({
      reserveReleased: '12.00', clawbacks: '98.96', lapsed: '50.00', beforeAdvance: '-86.96', beforeFloor: '-86.96', carriedForward: '86.96', heldBalance: '0.00',
    });
    expect(s.carryForward).toEqual({ floorAtZero: true, broughtForward: '0.00', carriedForward: '86.96' });
    expect(s.byComponent).toEqual({ commission: '-86.96' });
    expect(s.heldOutstanding).toEqual([]);
    expect(s.payable).toBe('0.00');
  });

  it('May: new sale activated in the same month is payable at once, net of reserve and the carried balance', () => {
    const s = out['2026-05']!;
    expect(s.earned).toEqual([expect.objectContaining({ lineId: 'c3', status: 'payable' })]);
    expect(s.totals).toMatchObject({ earnedPayable: '200.00', reserveWithheld: '20.00', broughtForward: '86.96', carriedForward: '0.00', beforeAdvance: '93.04' });
    expect(s.payable).toBe('93.04');
  });

  it('explains every entry in the partner language', () => {
    const say = (kind: string, locale: 'it' | 'en') => ledger.filter((e) => e.kind === kind).map((e) => explainLedgerEntry(e, locale));
    expect(say('released', 'it')).toEqual(['120,00 € sbloccati: attivazione della fornitura del 15/02/2026 (contratto C1) (in attesa dal periodo 2026-01).']);
    expect(say('released', 'en')).toEqual(['€120.00 released: supply activation on 2026-02-15 (contract C1) (held since 2026-01).']);
    expect(say('clawback', 'it')).toEqual([
      'Storno pro rata di 98,96 € (82,4658% di 120,00 € pagati nel periodo 2026-01) (contratto C1): cessazione del contratto del 20/04/2026, entro il periodo di garanzia dal 15/02/2026 al 15/02/2027.',
    ]);
    expect(say('lapsed', 'en')).toEqual(['€50.00 lapsed: condition not met by 2026-04-03 (contract C2).']);
    expect(say('carry_forward', 'it')).toEqual([
      'Saldo negativo: importo da pagare portato a zero, 86,96 € riportati al prossimo estratto conto.',
      'Saldo negativo di 86,96 € riportato dagli estratti conto precedenti.',
    ]);
    for (const e of ledger) for (const l of ['it', 'en'] as const) expect(explainLedgerEntry(e, l)).toMatch(/^\S.*\.$/);
  });

  it('every entry and statement is schema-valid, and statements rebuild from the ledger alone', () => {
    for (const e of ledger) expect(LedgerEntrySchema.parse(e)).toEqual(e);
    for (const [id, s] of Object.entries(out)) {
      expect(PeriodStatementSchema.parse(s)).toEqual(s);
      const rebuilt = periodStatementFromLedger({ partnerId: 'P1', period: id, ledger, statement: statement('P1', id, months[id]!) });
      expect(rebuilt).toEqual(s);
    }
    // ids are unique and deterministic
    expect(new Set(ledger.map((e) => e.id)).size).toBe(ledger.length);
  });
});

describe('partner-level lines', () => {
  it('are payable at once: release and clawback conditions bind lines of a source record only', () => {
    const r = bookPeriod({
      runId: 'r',
      period: period('2026-01'),
      statements: [statement('P1', '2026-01', [
        line({ id: 'energy:tierBonus:P1', partnerId: 'P1', period: '2026-01', amount: '80.00', payout: 'tierBonus', sourceId: null }),
        line({ id: 'energy:commission:C9', partnerId: 'P1', period: '2026-01', amount: '20.00', sourceId: 'C9' }),
      ])],
      conditions: { energy },
      events: [ev('T9', 'P1', 'terminated', '2026-01-20')],
    });
    const s = r.statements[0]!;
    expect(s.earned.map((e) => [e.lineId, e.status])).toEqual([['energy:commission:C9', 'held'], ['energy:tierBonus:P1', 'payable']]);
    expect(s.totals).toMatchObject({ earnedPayable: '80.00', reserveWithheld: '8.00', clawbacks: '0.00' });
    expect(s.payable).toBe('72.00');
  });
});

describe('scenario: upfront agreement from signing to early termination', () => {
  const base: Agreement = {
    id: 'A1', partnerId: 'P2', currency: 'EUR', advance: '1000.00', signedOn: '2026-01-15', termMonths: 36,
    recovery: { maxShare: '0.30' },
  };
  const amounts: Record<string, string> = { '2026-01': '400.00', '2026-02': '500.00', '2026-03': '100.00', '2026-04': '300.00', '2026-05': '600.00' };
  let ledger: LedgerEntry[] = [];
  const out: Record<string, PeriodStatement> = {};
  for (const [id, amount] of Object.entries(amounts)) {
    // the early termination on 10 April becomes known with the April run
    const agreement = id >= '2026-04' ? { ...base, terminatedOn: '2026-04-10' } : base;
    const r = bookPeriod({
      runId: `run-${id}`,
      period: period(id),
      statements: [statement('P2', id, [line({ id: `l-${id}`, partnerId: 'P2', period: id, amount, planId: 'simple' })])],
      agreements: [agreement],
      ledger,
    });
    ledger = [...ledger, ...r.entries];
    out[id] = r.statements[0]!;
  }
  const adv = (id: string) => out[id]!.advances[0]!;

  it('January: the advance is paid at signing, no recovery in the signing period', () => {
    expect(adv('2026-01')).toEqual({ agreementId: 'A1', balanceBefore: '0.00', paid: '1000.00', recovered: '0.00', recoveredOnTermination: '0.00', balance: '1000.00' });
    expect(out['2026-01']!.payable).toBe('400.00');
    expect(out['2026-01']!.totals.advanceBalance).toBe('1000.00');
  });

  it('February and March: recovery capped at 30% of each statement, balance on every statement', () => {
    expect(adv('2026-02')).toMatchObject({ balanceBefore: '1000.00', recovered: '150.00', balance: '850.00' });
    expect(out['2026-02']!.totals).toMatchObject({ beforeAdvance: '500.00', advanceRecovered: '150.00', advanceBalance: '850.00' });
    expect(out['2026-02']!.payable).toBe('350.00');
    expect(adv('2026-03')).toMatchObject({ balanceBefore: '850.00', recovered: '30.00', balance: '820.00' });
    expect(out['2026-03']!.payable).toBe('70.00');
  });

  it('April: early termination recovers the rest; the negative balance carries forward', () => {
    expect(adv('2026-04')).toMatchObject({ balanceBefore: '820.00', recovered: '0.00', recoveredOnTermination: '820.00', balance: '0.00' });
    expect(out['2026-04']!.totals).toMatchObject({ beforeAdvance: '300.00', advanceRecovered: '820.00', beforeFloor: '-520.00', carriedForward: '520.00', advanceBalance: '0.00' });
    expect(out['2026-04']!.payable).toBe('0.00');
  });

  it('May: the carried balance is recovered from the next statement', () => {
    expect(adv('2026-05')).toMatchObject({ balanceBefore: '0.00', balance: '0.00' });
    expect(out['2026-05']!.totals).toMatchObject({ broughtForward: '520.00', beforeAdvance: '80.00' });
    expect(out['2026-05']!.payable).toBe('80.00');
  });

  it('rejects a malformed agreement, naming it and the field', () => {
    const broken = { ...base, id: 'A9', recovery: {} } as Agreement;
    expect(() => bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [broken] })).toThrowError(LedgerError);
    expect(() => bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [{ ...base, advance: '1.000,00' }] })).toThrowError(/agreement A1: advance/);
  });

  it('explains advance entries in the partner language', () => {
    const texts = ledger.filter((e) => e.agreementId).map((e) => explainLedgerEntry(e, 'it'));
    expect(texts).toEqual([
      "Anticipo di 1.000,00 € dell'accordo A1 pagato alla firma (15/01/2026), recuperato dagli estratti conto successivi.",
      "Recupero anticipo dell'accordo A1: 150,00 € (al massimo il 30% dell'estratto conto).",
      "Recupero anticipo dell'accordo A1: 30,00 € (al massimo il 30% dell'estratto conto).",
      "Accordo A1 cessato anticipatamente il 10/04/2026: recuperato il residuo dell'anticipo, 820,00 €.",
    ]);
    expect(explainLedgerEntry(ledger.find((e) => e.kind === 'advance_recovery_on_termination')!, 'en')).toBe(
      'Agreement A1 ended early on 2026-04-10: the rest of the advance, €820.00, is recovered.',
    );
  });

  it('fixed instalments, capped by the share when both are set; without a floor the statement goes negative', () => {
    const agreement: Agreement = { ...base, recovery: { instalment: '200.00', maxShare: '0.30' } };
    const jan = bookPeriod({ runId: 'r1', period: period('2026-01'), statements: [statement('P2', '2026-01', [])], agreements: [agreement] });
    const feb = bookPeriod({
      runId: 'r2', period: period('2026-02'), ledger: jan.entries, agreements: [agreement],
      statements: [statement('P2', '2026-02', [line({ id: 'x', partnerId: 'P2', period: '2026-02', amount: '1000.00', planId: 'simple' })])],
    });
    expect(feb.statements[0]!.advances[0]).toMatchObject({ recovered: '200.00', balance: '800.00' });
    const instalmentOnly: Agreement = { ...base, recovery: { instalment: '200.00' } };
    const j = bookPeriod({ runId: 'r1', period: period('2026-01'), statements: [], agreements: [instalmentOnly] });
    const f = bookPeriod({
      runId: 'r2', period: period('2026-02'), ledger: j.entries, agreements: [instalmentOnly], statements: [statement('P2', '2026-02', [])],
      options: { floorAtZero: false },
    });
    expect(f.statements[0]!.advances[0]).toMatchObject({ recovered: '200.00', balance: '800.00' });
    expect(f.statements[0]!.payable).toBe('-200.00');
    expect(f.statements[0]!.carryForward).toEqual({ floorAtZero: false, broughtForward: '0.00', carriedForward: '0.00' });
  });
});
