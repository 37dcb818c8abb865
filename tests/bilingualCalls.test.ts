import { describe, expect, it } from 'vitest';
import { textCalls } from './bilingualCalls.js';

/** The scan the packages' language tests rely on tells a text in both languages from an English-only one. */
describe('textCalls', () => {
  const args = new Map([
    ['DocumentError', 0],
    ['DeliveryLogError', 1],
    ['LedgerError', 1],
    ['fiscalIssue', 2],
  ]);
  // `#{` stands for a template's `${` in these snippets, which are plain strings
  const verdicts = (lines: string[]) => textCalls('sample.ts', lines.join('\n').replaceAll('#{', '${'), args).map((c) => [c.at, c.both]);

  it('finds English-only texts: a string, a template, a concatenation, a variable holding one, one language only', () => {
    expect(
      verdicts([
        "throw new DocumentError('no IBAN');",
        'throw new DocumentError(`#{where}: no IBAN`, [\'iban\']);',
        "throw new DocumentError('partner ' + id + ': no IBAN');",
        'function g() { const reason = `cut short`; throw new DeliveryLogError(file, reason, 3); }',
        "throw new LedgerError('invalid_input', { en: 'x' });",
        "issues.push(fiscalIssue('error', 'invalid_input', `partner #{p}: no`, p));",
      ]),
    ).toEqual([
      ['sample.ts:1 DocumentError', false],
      ['sample.ts:2 DocumentError', false],
      ['sample.ts:3 DocumentError', false],
      ['sample.ts:4 DeliveryLogError', false],
      ['sample.ts:5 LedgerError', false],
      ['sample.ts:6 fiscalIssue', false],
    ]);
  });

  it('passes both languages: an object with en and it over several lines, a choice between two, a BothLanguages name', () => {
    expect(
      verdicts([
        "throw new DocumentError({ en: 'no IBAN', it: \"manca l'IBAN\" }, ['iban']);",
        "const why = ok ? { en: 'a', it: 'b' } : { en: 'c', it: 'd' }; throw new DeliveryLogError(file, why, 3);",
        'function f(where: BothLanguages) { throw new DocumentError(where); }',
        "fiscalIssue(\n  'error',\n  'missing_input',\n  { en: `a #{x}, b`, it: `c #{g({ y })}` },\n  p,\n);",
        'export function fiscalIssue(severity, code, message) {}',
      ]),
    ).toEqual([
      ['sample.ts:1 DocumentError', true],
      ['sample.ts:2 DeliveryLogError', true],
      ['sample.ts:3 DocumentError', true],
      ['sample.ts:4 fiscalIssue', true],
    ]);
  });
});
