import { describe, expect, it } from 'vitest';
import { jsonSyntaxMessage, jsonSyntaxProblem } from '../src/io/jsonSyntax.js';

// Where a text JSON.parse refused stops being JSON, and why, counted by hand on each text below.
describe('jsonSyntaxProblem', () => {
  it('places each kind of mistake at its line and column, in both languages', () => {
    // line 2 is `  "a": tru`: the `t` is its 8th character
    expect(jsonSyntaxProblem('{\n  "a": tru\n}')).toEqual({ line: 2, column: 8, reason: { en: 'unexpected character', it: 'carattere inatteso' } });
    // `[1, 2` ends after its 5th character: the bracket is missing at the 6th
    expect(jsonSyntaxProblem('[1, 2')).toMatchObject({ line: 1, column: 6, reason: { en: 'a closing bracket expected' } });
    expect(jsonSyntaxProblem('{"a" 1}')).toMatchObject({ line: 1, column: 6, reason: { en: 'a colon expected', it: 'mancano i due punti' } });
    expect(jsonSyntaxProblem('{"a": 1,}')).toMatchObject({ line: 1, column: 9, reason: { en: 'a property name in double quotes expected' } });
    expect(jsonSyntaxProblem('{"a": "x\u0001"}')).toMatchObject({ line: 1, column: 7, reason: { en: 'a control character inside a string' } });
    expect(jsonSyntaxProblem('{} {}')).toMatchObject({ line: 1, column: 4, reason: { en: 'more text after the JSON value' } });
    expect(jsonSyntaxProblem('')).toMatchObject({ line: 1, column: 1, reason: { en: 'a value expected' } });
  });

  it('refuses what JSON refuses and a lenient reader would take: comments, trailing commas, a BOM', () => {
    expect(jsonSyntaxProblem('{"a": 1 // note\n}')).toMatchObject({ line: 1, column: 9 });
    expect(jsonSyntaxProblem('[1,]')).toMatchObject({ line: 1, column: 4, reason: { en: 'a value expected' } });
    expect(jsonSyntaxProblem('\uFEFF{}')).toMatchObject({ line: 1, column: 1, reason: { en: 'unexpected character' } });
  });

  it('places a text nested deeper than the parsers go at its end, without throwing', () => {
    const deep = '['.repeat(200_000);
    expect(() => JSON.parse(deep)).toThrow();
    expect(jsonSyntaxProblem(deep)).toEqual({ line: 1, column: 200_001, reason: { en: 'not valid JSON', it: 'JSON non valido' } });
  });

  it('never quotes the text: only the position and the reason', () => {
    const secret = 'hunter2-S3cr3t-0123456789';
    const text = `{\n  "apiKey": ${secret}\n}`;
    expect(() => JSON.parse(text)).toThrow(/hunter2/);
    const message = jsonSyntaxMessage(text);
    expect(message).toBe('not valid JSON at line 2, column 13: unexpected character');
    expect(jsonSyntaxMessage('{"a": hunter2}', true)).toBe('not valid JSON at column 7: unexpected character');
  });
});
