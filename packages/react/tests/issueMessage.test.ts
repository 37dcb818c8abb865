// The builder shows an issue in its reader's language from the issue itself (core's `messages`), and translates core's
// English by pattern only for an issue that carries no `messages`. Fails while the builder reads `message` alone: the
// Italian of a problem the patterns do not know stayed English.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '@provvigo/core';
import { authoringMessages, dropDestination, dropOutcome, FormulaEditor, issueMessage, localizeIssueMessage, setFormulaAt } from '../src/index.js';
import { loadSample } from './sample.js';

const sample = loadSample();

describe('issueMessage', () => {
  it("prefers the issue's own Italian, without its position", () => {
    const issue = {
      message: 'unknown name "Bonuss" (not a parameter, summary cell or table) (at character 2)',
      messages: {
        en: 'unknown name "Bonuss" (not a parameter, summary cell or table) (at character 2)',
        it: 'nome "Bonuss" da core (al carattere 2)',
      },
    };
    // the issue's words win over the pattern's, which would say "nome sconosciuto …"
    expect(issueMessage(issue, 'it')).toBe('nome "Bonuss" da core');
    expect(issueMessage(issue, 'en')).toBe('unknown name "Bonuss" (not a parameter, summary cell or table)');
    expect(issueMessage({ message: 'a plan needs at least one payout', messages: { en: 'a plan needs at least one payout', it: 'un piano richiede almeno un pagamento' } }, 'it')).toBe(
      'un piano richiede almeno un pagamento',
    );
  });

  it('falls back to the pattern translation for an issue without messages', () => {
    const message = 'unknown name "Bonuss" (not a parameter, summary cell or table) (at character 2)';
    expect(issueMessage({ message }, 'it')).toBe('nome sconosciuto "Bonuss" (non è un parametro, una cella di riepilogo o una tabella)');
    expect(issueMessage({ message }, 'it')).toBe(localizeIssueMessage('unknown name "Bonuss" (not a parameter, summary cell or table)', 'it'));
    expect(issueMessage({ message: 'circular reference: A.B → A.C → A.B' }, 'it')).toBe('riferimento circolare: A.B → A.C → A.B');
  });

  it('English stays English, and a message no pattern knows stays as it is', () => {
    expect(issueMessage({ message: 'circular reference: A.B → A.B (at character 3)' }, 'en')).toBe('circular reference: A.B → A.B');
    expect(issueMessage({ message: 'something new' }, 'it')).toBe('something new');
    expect(issueMessage({ message: 'something new' }, 'en')).toBe('something new');
  });

  it("every issue core finds in a broken real plan reads in Italian, also those the patterns never knew", () => {
    const fieldService = sample.plans['field-service']!;
    const broken = setFormulaAt(fieldService, ['sheets', 'Sla', 'cells', 'SlaCompliance', 'formula'], '=Bonuss+SUM(Jobs[Fe])+FOO(1)+IF(1)');
    const issues = parsePlan({ ...broken, payouts: {} }, { factSchema: sample.input.factSchema }).issues;
    const it = issues.map((i) => issueMessage(i, 'it'));
    expect(it).toEqual(
      expect.arrayContaining([
        'nome sconosciuto "Bonuss" (non è un parametro, una cella di riepilogo o una tabella)',
        'colonna sconosciuta "Fe" del foglio righe "Jobs"; forse intendevi "Fee"?',
        'funzione sconosciuta o non ammessa FOO',
        'IF richiede da 2 a 3 argomenti, trovato 1',
        // no pattern ever translated this one
        'un piano richiede almeno un pagamento',
      ]),
    );
    for (const [n, i] of issues.entries()) {
      expect(it[n], i.message).not.toBe(issueMessage(i, 'en'));
      expect(issueMessage(i, 'en')).toBe(i.message.replace(/ \(at character \d+\)$/, ''));
    }
  });

  it('the formula editor shows the Italian of a problem from the issue', () => {
    const plan = sample.plans['agency-agents']!;
    const html = renderToStaticMarkup(
      createElement(FormulaEditor, { value: '=ROUND(Lines[Units], 2)', onChange: () => {}, plan, path: ['sheets', 'Summary', 'cells', 'Activations', 'formula'], locale: 'it', factSchema: sample.input.factSchema }),
    );
    // a problem no pattern translated: it read "ROUND needs a single value here, not a whole column"
    expect(html).toContain('ROUND richiede qui un singolo valore, non una colonna intera');
    expect(html).not.toContain('al carattere');
  });

  it('a refused drop says why in Italian, from the refusal of the plan operation', () => {
    const plan = sample.plans['agency-agents']!;
    const column = { type: 'node', sheet: 'Lines', name: 'Units', kind: 'column' } as const;
    const outcome = dropOutcome(plan, column, { type: 'sheet', sheet: 'Summary' });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'the sheet is not of the kind this node needs' });
    expect(dropDestination(plan, column, { type: 'sheet', sheet: 'Summary' }, authoringMessages('it'), 'it')).toBe('→ non può andare qui: il foglio non è del tipo che serve a questo elemento');
    expect(dropDestination(plan, column, { type: 'sheet', sheet: 'Summary' }, authoringMessages('en'), 'en')).toBe('→ cannot go here: the sheet is not of the kind this node needs');
  });
});
