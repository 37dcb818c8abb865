// The Italian pack's issues are read by a finance user in Italy: each carries `messages` in Italian and English beside
// its English `message`, unchanged (tests, logs and scripts read it). A source scan keeps every `fiscalIssue(` call of
// core's fiscal folder and of this pack bilingual.
import { fileURLToPath } from 'node:url';
import type { Issue } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { computeIt, IT_PROFILES, settleQuarter, settleYear } from '../src/index.js';
import { callsByFile, textCallsUnder } from '../../../tests/bilingualCalls.js';
import { month, run } from './helpers.js';

/** The one issue of `issues` with this code, asserted to have its English `message` and its Italian. */
function expectIssue(issues: readonly Issue[], code: Issue['code'], en: string, it: string): void {
  const found = issues.filter((i) => i.code === code);
  expect(found, `issues ${code}`).toHaveLength(1);
  expect(found[0]!.message).toBe(en);
  expect(found[0]!.messages).toEqual({ en, it });
}

const ytd = (values: Record<string, string>, periods: string[]) => ({ partnerId: 'P-1', year: 2026, values, periods });

describe('the Italian pack’s errors are in Italian and English', () => {
  it('a statement in another currency than EUR', () => {
    const r = computeIt({ partner: { id: 'X', fiscalProfile: 'it:agent-individual-mono' }, period: month(2026, 2), currency: 'USD', lines: [{ component: 'commission', amount: '1000.00' }] });
    expectIssue(r.ok ? [] : r.issues, 'currency_mismatch', 'partner "X": the Italian pack computes in EUR, not USD', 'partner "X": il pacchetto fiscale italiano calcola in EUR, non in USD');
  });

  it('an Italian profile the pack does not know', () => {
    const known = IT_PROFILES.map((p) => p.id).join(', ');
    expectIssue(
      run({ profile: 'it:nope', lines: {} }).issues,
      'unknown_reference',
      `partner "P-1": unknown Italian fiscal profile "it:nope" (known: ${known})`,
      `partner "P-1": profilo fiscale italiano sconosciuto "it:nope" (quelli disponibili: ${known})`,
    );
  });

  it('invalid fiscalSettings: our own messages, zod’s and a custom one, each worded in Italian', () => {
    const r = run({ profile: 'it:professional-cassa', settings: { cassaPercent: 'four', mandateStart: '1 May', tipoCassa: 'X', surprise: 1 }, lines: { fee: '100.00' } });
    expectIssue(
      r.issues,
      'invalid_input',
      'partner "P-1": fiscalSettings invalid for profile "it:professional-cassa": mandateStart: must be a date YYYY-MM-DD; cassaPercent: must be a percent as a decimal string, e.g. "4"; tipoCassa: Invalid string: must match pattern /^TC\\d\\d$/; (root): Unrecognized key: "surprise"',
      'partner "P-1": impostazioni fiscali (fiscalSettings) non valide per il profilo "it:professional-cassa": mandateStart: deve essere una data AAAA-MM-GG; cassaPercent: deve essere una percentuale scritta come numero decimale, ad es. "4"; tipoCassa: testo non valido: deve rispettare il modello /^TC\\d\\d$/; (radice): chiave non prevista: "surprise"',
    );
    expectIssue(
      run({ profile: 'it:installer-srl', settings: { vatStandardComponents: 'a b' }, lines: { fee: '1000.00' } }).issues,
      'invalid_input',
      'partner "P-1": fiscalSettings invalid for profile "it:installer-srl": vatStandardComponents: must be component ids separated by commas',
      'partner "P-1": impostazioni fiscali (fiscalSettings) non valide per il profilo "it:installer-srl": vatStandardComponents: deve essere un elenco di codici di componente separati da virgole',
    );
    expectIssue(
      run({ profile: 'it:installer-srl', settings: { regime: 'forfettario' }, lines: { fee: '1000.00' } }).issues,
      'invalid_input',
      'partner "P-1": fiscalSettings invalid for profile "it:installer-srl": regime: the forfettario regime is only for individuals (legalForm individual or professional), not "srl"',
      'partner "P-1": impostazioni fiscali (fiscalSettings) non valide per il profilo "it:installer-srl": regime: il regime forfettario è solo per le persone fisiche (legalForm individual o professional), non "srl"',
    );
  });

  it('a period already in the year-to-date state', () => {
    const r = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' }, ytd: ytd({}, ['2026-01', '2026-02']) });
    expectIssue(
      r.issues,
      'duplicate_record',
      'partner "P-1": period "2026-02" is already in the year-to-date state; computing it again would count its bases twice',
      'partner "P-1": il periodo "2026-02" è già nello stato progressivo dell\'anno; calcolarlo di nuovo conterebbe due volte i suoi imponibili',
    );
  });

  it('a period outside the mandate, and a year the mandate does not cover (no FIRR)', () => {
    const r = run({ profile: 'it:agent-individual-mono', settings: { mandateStart: '2026-05-01' }, period: month(2026, 3), lines: { commission: '1000.00' } });
    expectIssue(
      r.issues,
      'invalid_input',
      'partner "P-1": period 2026-03 (2026-03-01 to 2026-03-31) is outside the mandate (2026-05-01 to …): Enasarco, its minimum and FIRR cannot be computed; check mandateStart / mandateEnd',
      'partner "P-1": il periodo 2026-03 (dal 2026-03-01 al 2026-03-31) è fuori dal mandato (dal 2026-05-01 al …): non si possono calcolare l\'Enasarco, il suo minimale e il FIRR; verifica mandateStart / mandateEnd',
    );
    const year = settleYear({ partner: { id: 'P-1', fiscalProfile: 'it:agent-individual-mono', fiscalSettings: { mandateStart: '2027-03-01' } }, year: 2026, ytd: null });
    expectIssue(
      year.issues,
      'invalid_input',
      'partner "P-1": the mandate (2027-03-01 to …) does not cover 2026: no FIRR can be accrued for it; check mandateStart / mandateEnd',
      'partner "P-1": il mandato (dal 2027-03-01 al …) non copre l\'anno 2026: non si può accantonare il FIRR per quell\'anno; verifica mandateStart / mandateEnd',
    );
  });

  it('a cassa without its row in it.cassa', () => {
    const r = run({ profile: 'it:professional-cassa', settings: { cassa: 'nessuna' }, lines: { fee: '1000.00' } });
    expectIssue(
      r.issues,
      'missing_input',
      'partner "P-1": cassa "nessuna" has no percent / TipoCassa in table it.cassa; set fiscalSettings.cassaPercent and tipoCassa',
      'partner "P-1": la cassa "nessuna" non ha percentuale / TipoCassa nella tabella it.cassa; imposta fiscalSettings.cassaPercent e tipoCassa',
    );
  });
});

describe('the Italian pack’s warnings are in Italian and English', () => {
  it('occasional income above the yearly threshold', () => {
    const r = run({ profile: 'it:occasional', lines: { fee: '1000.00' }, ytd: ytd({ fees: '4500.00' }, ['2026-01']) });
    expectIssue(
      r.issues,
      'limit_exceeded',
      'partner "P-1": occasional income this year 5500.00 exceeds 5000: INPS gestione separata applies (not computed; check with the payroll consultant)',
      'partner "P-1": il reddito da prestazione occasionale dell\'anno, 5500.00, supera la soglia di 5000: si applica la gestione separata INPS (non calcolata; verifica con il consulente del lavoro)',
    );
  });

  it('a FIRR paid to the agent because the mandate ended', () => {
    const r = run({ profile: 'it:agent-individual-mono', settings: { mandateEnd: '2026-10-15' }, period: month(2026, 10), lines: { commission: '1000.00' }, settle: { year: true } });
    expectIssue(
      r.issues,
      'invalid_input',
      'partner "P-1": the mandate ended on 2026-10-15: the last year\'s FIRR (40.00) is paid directly to the agent, not to Enasarco',
      'partner "P-1": il mandato è cessato il 2026-10-15: il FIRR dell\'ultimo anno (40.00) si paga direttamente all\'agente, non all\'Enasarco',
    );
  });

  it('no ritenuta for an agricultural principal; split payment without an authorisation in force', () => {
    const agri = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' }, principal: { settings: { agriculturalEnterprise: true } } });
    expectIssue(agri.issues, 'invalid_input', 'partner "P-1": no ritenuta, the principal is an agricultural enterprise', 'partner "P-1": nessuna ritenuta: il committente è un\'impresa agricola');
    const july = run({ profile: 'it:agent-individual-mono', period: month(2026, 7), lines: { commission: '1000.00' }, principal: { splitPayment: true } });
    expectIssue(
      july.issues,
      'invalid_input',
      'partner "P-1": the principal is in split payment, but art. 17-ter DPR 633/72 has no EU authorisation in force on 2026-07-31 (table it.splitPayment): IVA charged normally; add a row to the table when the authorisation is renewed',
      'partner "P-1": il committente è in scissione dei pagamenti, ma l\'art. 17-ter DPR 633/72 non ha un\'autorizzazione UE in vigore il 2026-07-31 (tabella it.splitPayment): IVA addebitata normalmente; aggiungi una riga alla tabella quando l\'autorizzazione viene rinnovata',
    );
  });

  it('a quarter or a year already settled', () => {
    const partner = { id: 'P-1', fiscalProfile: 'it:agent-individual-pluri' } as const;
    const q1 = settleQuarter({ partner, year: 2026, quarter: 1, ytd: null });
    expectIssue(
      settleQuarter({ partner, year: 2026, quarter: 1, ytd: q1.ytdAfter }).issues,
      'duplicate_record',
      'partner "P-1": Enasarco 2026-Q1 is already settled in the year-to-date state: nothing to do',
      'partner "P-1": l\'Enasarco del 2026-Q1 risulta già liquidato nello stato progressivo dell\'anno: nulla da fare',
    );
    const year = settleYear({ partner, year: 2026, ytd: null });
    expectIssue(
      settleYear({ partner, year: 2026, ytd: year.ytdAfter }).issues,
      'duplicate_record',
      'partner "P-1": FIRR 2026 is already accrued in the year-to-date state: nothing to do',
      'partner "P-1": il FIRR del 2026 risulta già accantonato nello stato progressivo dell\'anno: nulla da fare',
    );
  });
});

// ------------------------------------------------------------------------------------------------ source scan

describe('no fiscal issue is written in English only (source scan)', () => {
  it('every call in core’s fiscal folder and in the Italian pack gives both languages', () => {
    // the text is fiscalIssue's third argument (after severity and code), the Italian pack's report's fourth (after
    // its context, severity and code) and warn's third; their definitions are no calls
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const texts = new Map([
      ['fiscalIssue', 2],
      ['report', 3],
      ['warn', 2],
    ]);
    const calls = textCallsUnder(root, ['core/src/fiscal', 'fiscal-it/src'], texts);
    expect(calls.filter((c) => !c.both).map((c) => c.at)).toEqual([]);
    // the named sites are all seen (a scan that finds nothing would pass for the wrong reason)
    expect(callsByFile(calls)).toMatchObject({
      'core/src/fiscal/registry.ts': 4,
      'core/src/fiscal/periodFiscal.ts': 1,
      'core/src/fiscal/euVat.ts': 2,
      'fiscal-it/src/context.ts': 3,
      'fiscal-it/src/compute.ts': 4,
      'fiscal-it/src/profile.ts': 2,
      'fiscal-it/src/items/firr.ts': 2,
      'fiscal-it/src/items/contributions.ts': 1,
    });
    expect(calls.length).toBeGreaterThanOrEqual(17);
  });
});
