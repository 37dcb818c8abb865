// The fiscal issues core reports (no fiscal profile, an unknown pack, a pack that fails, a statement of a partner not
// in the run, an input that fails its schema, the EU VAT pack's settings and rates) are read by a finance user in
// Italy: each carries `messages` in Italian and English, and `message` stays the English text it always was.
import { describe, expect, it } from 'vitest';
import {
  BilingualError,
  computeFiscal,
  computePeriodFiscal,
  euVatPack,
  fiscalIssue,
  type FiscalInputInput,
  type Issue,
  type JurisdictionPack,
  type PeriodStatement,
} from '../src/index.js';

const period = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };
/** Every total of a period statement, zero (what fiscalLinesFromPeriodStatement reads). */
const TOTALS = ['earned', 'adjustments', 'earnedPayable', 'adjustmentsPayable', 'held', 'released', 'lapsed', 'reserveWithheld', 'reserveReleased', 'clawbacks', 'broughtForward', 'beforeAdvance', 'advanceRecovered', 'advanceBalance', 'beforeFloor', 'carriedForward', 'heldBalance'];

function input(partner: FiscalInputInput['partner'], extra: Partial<FiscalInputInput> = {}): FiscalInputInput {
  return { currency: 'EUR', partner, period, lines: [{ component: 'commission', amount: '100.00' }], ...extra };
}

/** The issues of a computation that must fail. */
function issuesOf(packs: readonly JurisdictionPack[], raw: FiscalInputInput): Issue[] {
  const r = computeFiscal(packs, raw);
  if (r.ok) throw new Error('expected the computation to fail');
  return r.issues;
}

/** A pack whose compute throws `error`: what a pack's bug or refusal looks like to core. */
function throwingPack(error: unknown): JurisdictionPack {
  return {
    id: 'boom',
    label: { it: 'Esplode', en: 'Explodes' },
    profiles: [],
    defaultTables: {},
    compute: () => {
      throw error;
    },
  };
}

describe('fiscalIssue', () => {
  it('with { en, it }: message is the English, messages both languages; a plain string stays English only', () => {
    const issue = fiscalIssue('warning', 'invalid_input', { en: 'E', it: 'I' }, 'P1', ['fiscal', 'x'], 'x');
    expect(issue).toEqual({ code: 'invalid_input', severity: 'warning', message: 'E', messages: { it: 'I', en: 'E' }, path: ['fiscal', 'x'], partnerId: 'P1', field: 'x' });
    // a text that is not ours: no `messages`, rather than English posing as the Italian
    const theirs = fiscalIssue('error', 'invalid_input', 'a remote system said no', 'P1');
    expect(theirs).toEqual({ code: 'invalid_input', severity: 'error', message: 'a remote system said no', path: ['fiscal'], partnerId: 'P1' });
  });
});

describe('the fiscal issues core reports are in Italian and English', () => {
  it('a partner without a fiscal profile', () => {
    const [issue] = issuesOf([euVatPack], input({ id: 'P1' }));
    expect(issue).toMatchObject({ code: 'missing_input', field: 'fiscalProfile', message: 'partner "P1" has no fiscalProfile' });
    expect(issue!.messages).toEqual({ en: 'partner "P1" has no fiscalProfile', it: 'il partner "P1" non ha un profilo fiscale (fiscalProfile)' });
  });

  it('a profile of a pack not given', () => {
    const [issue] = issuesOf([euVatPack], input({ id: 'P1', fiscalProfile: 'xx:agent' }));
    const en = 'no jurisdiction pack "xx" for fiscal profile "xx:agent" of partner "P1"';
    expect(issue).toMatchObject({ code: 'unknown_reference', message: en });
    expect(issue!.messages).toEqual({ en, it: 'nessun pacchetto fiscale della giurisdizione "xx" per il profilo fiscale "xx:agent" del partner "P1"' });
  });

  it('a pack that throws a BilingualError: its Italian reaches the issue', () => {
    const error = new BilingualError({ en: 'the rate table is locked', it: 'la tabella delle aliquote è bloccata' });
    const [issue] = issuesOf([throwingPack(error)], input({ id: 'P1', fiscalProfile: 'boom:x' }));
    const en = 'fiscal pack "boom" failed for partner "P1": the rate table is locked';
    expect(issue).toMatchObject({ code: 'invalid_input', message: en });
    expect(issue!.messages).toEqual({ en, it: 'il calcolo del pacchetto fiscale "boom" per il partner "P1" non è riuscito: la tabella delle aliquote è bloccata' });
  });

  it('a pack that throws a plain Error: its one text in both, the frame in Italian', () => {
    const [issue] = issuesOf([throwingPack(new Error('boom'))], input({ id: 'P1', fiscalProfile: 'boom:x' }));
    expect(issue!.message).toBe('fiscal pack "boom" failed for partner "P1": boom');
    expect(issue!.messages!.it).toBe('il calcolo del pacchetto fiscale "boom" per il partner "P1" non è riuscito: boom');
  });

  it('a statement of a partner not among the run’s partners (period run)', () => {
    const totals = Object.fromEntries(TOTALS.map((k) => [k, '0.00']));
    const statement = { partnerId: 'GHOST', period: period.id, currency: 'EUR', runId: 'r1', lines: [], earned: [], adjustments: [], totals, payable: '0.00' } as unknown as PeriodStatement;
    const [result] = computePeriodFiscal({ packs: [euVatPack] }, { period, statements: [statement], partners: [], ytd: new Map() });
    const en = 'partner "GHOST" has a statement but is not among the run\'s partners: no fiscal items';
    expect(result!.issues).toEqual([expect.objectContaining({ code: 'unknown_reference', partnerId: 'GHOST', message: en })]);
    expect(result!.issues[0]!.messages).toEqual({ en, it: 'il partner "GHOST" ha un rendiconto ma non è tra i partner dell\'esecuzione: nessuna voce fiscale' });
  });

  it('an input that fails its schema: zod’s message worded in Italian, the path as it is', () => {
    const raw = input({ id: 'P1', fiscalProfile: 'eu-vat:standard' }, { lines: [{ component: 'commission', amount: 100 }] } as never);
    const [issue] = issuesOf([euVatPack], raw);
    const en = 'fiscal input for partner "P1": lines.0.amount: Invalid input: expected string, received number';
    expect(issue).toMatchObject({ code: 'invalid_input', field: 'amount', message: en });
    expect(issue!.messages).toEqual({ en, it: 'dati fiscali del partner "P1": lines.0.amount: valore non valido: serve un testo, trovato un numero' });
  });

  it('the EU VAT pack: invalid fiscalSettings say each problem as a sentence in both languages (not zod’s JSON)', () => {
    const [issue] = issuesOf([euVatPack], input({ id: 'P1', fiscalProfile: 'eu-vat:standard', fiscalSettings: { exempt: 'yes' } }));
    expect(issue!.message).toBe('fiscalSettings of partner "P1": exempt: Invalid input: expected boolean, received string');
    expect(issue!.messages).toEqual({ en: issue!.message, it: 'impostazioni fiscali (fiscalSettings) del partner "P1" non valide: exempt: valore non valido: serve true o false, trovato un testo' });
  });

  it('the EU VAT pack: a malformed rate (a zod error) is said issue by issue in both languages', () => {
    const tables = { 'eu.vat.standardRates': { id: 'eu.vat.standardRates', rows: [{ validFrom: '2026-01-01', validTo: null, values: { DE: 'x' } }] } };
    const raw = input({ id: 'P1', fiscalProfile: 'eu-vat:standard', billing: { address: { country: 'DE' } } }, { principal: { country: 'DE' } });
    const r = computeFiscal([euVatPack], raw, tables);
    const issue = r.ok ? undefined : r.issues.find((i) => i.path.includes('eu.vat.standardRates'));
    expect(issue!.message).toBe('fiscal table "eu.vat.standardRates": invalid VAT rates: DE: Invalid string: must match pattern /^\\d+(\\.\\d+)?$/');
    expect(issue!.messages).toEqual({
      en: issue!.message,
      it: 'tabella fiscale "eu.vat.standardRates": aliquote IVA non valide: DE: testo non valido: deve rispettare il modello /^\\d+(\\.\\d+)?$/',
    });
  });
});
