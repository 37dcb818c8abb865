// The ledger's, money's and the fiscal tables' refusals are read by users (the CLI prints them, the studio answers
// them, fiscal issues carry them): each carries `messages` in Italian and English, and `message` stays the English
// text it always was (logs, scripts and older tests read it).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  allocateMoney,
  BilingualError,
  bookPeriod,
  computeFiscal,
  currencyScale,
  errorTexts,
  euVatPack,
  FactSchemaSchema,
  FiscalTableError,
  LedgerError,
  money,
  MoneyError,
  periodStatementFromLedger,
  resolveRow,
  serviceEventsFromFacts,
  type FiscalTables,
} from '../src/index.js';
import { callsByFile, textCallsUnder } from '../../../tests/bilingualCalls.js';
import { thrownError } from '../../../tests/thrownError.js';
import { line, period, statement } from './ledger-fixtures.js';


/** Asserts the error's class, its unchanged English `message` and both texts of `messages`. */
function expectBoth(e: Error & { messages?: unknown }, type: new (...args: never[]) => Error, en: string, it: string): void {
  expect(e).toBeInstanceOf(type);
  expect(e).toBeInstanceOf(BilingualError);
  expect(e.message).toBe(en);
  expect(e.messages).toEqual({ en, it });
  expect(errorTexts(e)).toEqual({ en, it });
}

const st = (partnerId: string, periodId: string) =>
  statement(partnerId, periodId, [line({ id: `l-${partnerId}`, partnerId, period: periodId, amount: '10.00', planId: 'plain' })]);

describe('LedgerError in both languages', () => {
  it('a statement of another period', () => {
    const e = thrownError(() => bookPeriod({ runId: 'r', period: period('2026-02'), statements: [st('P1', '2026-01')] }));
    expectBoth(
      e,
      LedgerError,
      'statement of P1 is for period 2026-01, booking 2026-02',
      'il rendiconto di P1 è del periodo 2026-01, si registra il periodo 2026-02',
    );
    expect((e as LedgerError).code).toBe('invalid_input');
  });

  it('a partner already booked for the period', () => {
    const first = bookPeriod({ runId: 'r1', period: period('2026-01'), statements: [st('P1', '2026-01')] });
    const e = thrownError(() => bookPeriod({ runId: 'r2', period: period('2026-01'), statements: [st('P1', '2026-01')], ledger: first.entries }));
    expectBoth(
      e,
      LedgerError,
      'partner P1 is already booked for 2026-01: an approved period never changes; book corrections as adjustments in the next open period',
      'il partner P1 è già registrato per il periodo 2026-01: un periodo approvato non cambia più; registra le correzioni come rettifiche nel prossimo periodo aperto',
    );
    expect((e as LedgerError).code).toBe('period_order');
  });

  it('a line in a currency other than the ledger', () => {
    const jan = bookPeriod({ runId: 'r1', period: period('2026-01'), statements: [st('P1', '2026-01')] });
    const usd = st('P1', '2026-02');
    const inUsd = { ...usd, currency: 'USD', lines: usd.lines.map((l) => ({ ...l, currency: 'USD' })) };
    const e = thrownError(() => bookPeriod({ runId: 'r2', period: period('2026-02'), statements: [inUsd], ledger: jan.entries }));
    expectBoth(
      e,
      LedgerError,
      "partner P1: line l-P1 is in USD, the partner's ledger is in EUR",
      'partner P1: la riga l-P1 è in USD, il registro del partner è in EUR',
    );
    expect((e as LedgerError).code).toBe('currency_mismatch');
  });

  it('statements rounding in different modes', () => {
    const a = { ...st('P1', '2026-03'), rounding: 'halfUp' as const };
    const b = { ...st('P2', '2026-03'), rounding: 'halfEven' as const };
    expectBoth(
      thrownError(() => bookPeriod({ runId: 'r', period: period('2026-03'), statements: [a, b] })),
      LedgerError,
      "the period's statements round in different modes (halfUp, halfEven): set options.rounding",
      'i rendiconti del periodo usano modalità di arrotondamento diverse (halfUp, halfEven): imposta options.rounding',
    );
  });

  it('an upfront agreement that does not parse says why in Italian too, field by field', () => {
    const e = thrownError(() => bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [{ id: 'A1', partnerId: 'P1', currency: 'EUR', advance: '100', signedOn: '2026-01-01' } as never] }));
    expect(e).toBeInstanceOf(LedgerError);
    expect(e.message).toBe('agreement A1: termMonths: Invalid input: expected number, received undefined; recovery: Invalid input: expected object, received undefined');
    expect(e.messages!.it).toBe('accordo di anticipo A1: termMonths: valore mancante: serve un numero; recovery: valore mancante: serve un oggetto');
  });

  it('an upfront agreement whose recovery names neither share nor instalment: the schema’s own sentence in Italian', () => {
    const agreement = { id: 'A2', partnerId: 'P1', currency: 'EUR', advance: '100', signedOn: '2026-01-01', termMonths: 12, recovery: {} };
    const e = thrownError(() => bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [agreement as never] }));
    expect(e.message).toBe('agreement A2: recovery: a recovery schedule needs maxShare, instalment or both');
    expect(e.messages!.it).toBe('accordo di anticipo A2: recovery: il piano di recupero richiede maxShare, instalment o entrambi');
  });

  it('an upfront agreement listed twice is refused, naming agreement, partner and field, instead of paying its advance twice', () => {
    const agreement = { id: 'A1', partnerId: 'P1', currency: 'EUR', advance: '1000.00', signedOn: '2026-01-15', termMonths: 12, recovery: { maxShare: '0.30' } };
    // listed once, the advance of 1000.00 is paid once in its signing period
    const once = bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [agreement] });
    expect(once.entries.filter((e) => e.kind === 'advance_paid').map((e) => e.amount)).toEqual(['1000.00']);
    const e = thrownError(() => bookPeriod({ runId: 'r', period: period('2026-01'), statements: [], agreements: [agreement, { ...agreement }] }));
    expectBoth(
      e,
      LedgerError,
      'agreement A1 of partner P1: id: listed twice; an agreement pays its advance once',
      "accordo di anticipo A1 del partner P1: id: indicato due volte; un accordo paga l'anticipo una sola volta",
    );
  });

  it('service events of an unknown table, and a record that cannot be one', () => {
    const schema = FactSchemaSchema.parse({
      tables: {
        billing: {
          key: 'event_id', partner: 'agent', date: 'occurred', eventSubject: 'contract_id', eventType: 'status',
          columns: { event_id: { type: 'text' }, agent: { type: 'text' }, occurred: { type: 'date' }, contract_id: { type: 'text' }, status: { type: 'text' } },
        },
      },
    });
    expectBoth(
      thrownError(() => serviceEventsFromFacts('activations', schema, [])),
      LedgerError,
      'unknown fact table "activations" for service events',
      'tabella dei fatti "activations" sconosciuta per gli eventi di servizio',
    );
    const records = [{ event_id: 'B3', agent: 'P1', occurred: '2026-03-05', contract_id: null, status: 'activated' }];
    expectBoth(
      thrownError(() => serviceEventsFromFacts('billing', schema, records)),
      LedgerError,
      'billing record B3: a service event needs event_id, contract_id, status and occurred',
      'billing record B3: un evento di servizio richiede event_id, contract_id, status e occurred',
    );
  });

  it('a period statement with no currency to state', () => {
    expectBoth(
      thrownError(() => periodStatementFromLedger({ partnerId: 'P9', period: '2026-04', ledger: [] })),
      LedgerError,
      'partner P9 has neither ledger entries nor a statement in 2026-04: no currency to state',
      'il partner P9 non ha né movimenti del registro né un rendiconto nel periodo 2026-04: manca la valuta del rendiconto',
    );
  });
});

describe('MoneyError in both languages', () => {
  const eur = money('10.00', { currency: 'EUR', scale: 2, rounding: 'halfUp' });

  it('a code that is not ISO 4217; one English text is still taken, as before (no Italian then)', () => {
    expectBoth(thrownError(() => currencyScale('euro')), MoneyError, '"euro" is not an ISO 4217 currency code', '"euro" non è un codice valuta ISO 4217');
    const e = new MoneyError('custom');
    expect(e).toBeInstanceOf(BilingualError);
    expect([e.name, e.message, e.messages]).toEqual(['MoneyError', 'custom', undefined]);
  });

  it('adding two currencies', () => {
    const usd = money('1.00', { currency: 'USD', scale: 2, rounding: 'halfUp' });
    expectBoth(thrownError(() => addMoney(eur, usd)), MoneyError, 'cannot add USD to EUR', 'impossibile sommare USD a EUR');
  });

  it('allocation weights negative or all zero', () => {
    expectBoth(
      thrownError(() => allocateMoney(eur, [1, -1])),
      MoneyError,
      'allocation weights must not be negative',
      'i pesi della ripartizione non possono essere negativi',
    );
    expectBoth(
      thrownError(() => allocateMoney(eur, [0, 0])),
      MoneyError,
      'allocation weights must not all be zero',
      'i pesi della ripartizione non possono essere tutti zero',
    );
  });
});

describe('FiscalTableError in both languages', () => {
  const tables: FiscalTables = {
    t: { id: 't', rows: [{ validFrom: '2025-01-01', validTo: '2025-12-31', values: { r: '1' } }] },
  };

  it('a table missing, with no row in force, or with overlapping rows; tableId and date kept', () => {
    const none = thrownError(() => resolveRow(tables, 't', '2026-06-30'));
    expectBoth(none, FiscalTableError, 'fiscal table "t" has no row in force on 2026-06-30', 'la tabella fiscale "t" non ha una riga in vigore il 2026-06-30');
    expect([(none as FiscalTableError).tableId, (none as FiscalTableError).date]).toEqual(['t', '2026-06-30']);
    expectBoth(thrownError(() => resolveRow(tables, 'x', '2025-05-01')), FiscalTableError, 'fiscal table "x" is missing', 'manca la tabella fiscale "x"');
    const twice: FiscalTables = { t: { id: 't', rows: [tables['t']!.rows[0]!, { ...tables['t']!.rows[0]! }] } };
    expectBoth(
      thrownError(() => resolveRow(twice, 't', '2025-05-01')),
      FiscalTableError,
      'fiscal table "t" has 2 overlapping rows in force on 2025-05-01 (2025-01-01, 2025-01-01)',
      'la tabella fiscale "t" ha 2 righe sovrapposte in vigore il 2025-05-01 (2025-01-01, 2025-01-01)',
    );
  });

  it('an invalid table says what is wrong field by field in both languages (zod’s own message is JSON)', () => {
    const e = thrownError(() => resolveRow({ t: { id: 't', rows: 'no' } as never }, 't', '2025-05-01'));
    expect(e).toBeInstanceOf(FiscalTableError);
    expect(e.message).toBe('fiscal table "t" is invalid: rows: Invalid input: expected array, received string');
    expect(e.messages!.it).toBe('la tabella fiscale "t" non è valida: rows: valore non valido: serve un elenco, trovato un testo');
  });

  it('the EU VAT pack’s issue for a country with no standard rate is in both languages', () => {
    const r = computeFiscal([euVatPack], {
      currency: 'EUR',
      partner: { id: 'P1', name: 'Partner', kind: 'agency', territory: 'X', fiscalProfile: 'eu-vat:standard', billing: { address: { country: 'SE' } } },
      principal: { country: 'SE' },
      period: { id: '2026-03', start: '2026-03-01', end: '2026-03-31' },
      lines: [{ component: 'commission', amount: '100.00' }],
    });
    const issue = r.ok ? undefined : r.issues.find((i) => i.path.includes('eu.vat.standardRates'));
    expect(issue?.message).toBe('no standard VAT rate for country "SE"');
    expect(issue?.messages).toEqual({ en: 'no standard VAT rate for country "SE"', it: 'nessuna aliquota IVA ordinaria per il paese "SE"' });
  });
});

// ------------------------------------------------------------------------------------------------ source scan

describe('no ledger, money or fiscal table refusal is written in English only (source scan)', () => {
  it('every call in core and fiscal-it gives both languages', () => {
    // the text is LedgerError's second argument (after its code), the others' first
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const calls = textCallsUnder(root, ['core/src', 'fiscal-it/src'], new Map([['LedgerError', 1], ['MoneyError', 0], ['FiscalTableError', 0]]));
    expect(calls.filter((c) => !c.both).map((c) => c.at)).toEqual([]);
    // the named sites are all seen (a scan that finds nothing would pass for the wrong reason)
    expect(callsByFile(calls)).toMatchObject({
      'core/src/ledger/periodStatement.ts': 1,
      'core/src/ledger/serviceEvents.ts': 2,
      'core/src/ledger/bookPeriod.ts': 6,
      'core/src/money.ts': 5,
      'core/src/fiscal/tables.ts': 4,
      'core/src/fiscal/euVat.ts': 1,
      'fiscal-it/src/context.ts': 1,
      'fiscal-it/src/bands.ts': 2,
    });
  });
});
