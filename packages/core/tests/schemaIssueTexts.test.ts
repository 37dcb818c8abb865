import { describe, expect, it } from 'vitest';
import { schemaIssueTexts, schemaMessageIt } from '../src/index.js';

describe('schemaIssueTexts and a package own schema messages', () => {
  it('words each issue as path: message, a package message before core and zod, a custom issue by its params.it', () => {
    const own = new Map([['must look like "64.0"', 'deve avere la forma "64.0"']]);
    const texts = schemaIssueTexts(
      [
        { path: ['objects', 0, 'apiVersion'], message: 'must look like "64.0"' },
        { path: [], message: 'Invalid input: expected string, received undefined' },
        { path: ['keyColumn'], message: 'column "id" is not mapped in columns', code: 'custom', params: { it: 'la colonna "id" non è mappata in columns' } },
        { path: ['x'], message: 'a message nobody words' },
      ],
      own,
    );
    expect(texts).toEqual([
      { en: 'objects.0.apiVersion: must look like "64.0"', it: 'objects.0.apiVersion: deve avere la forma "64.0"' },
      { en: '(root): Invalid input: expected string, received undefined', it: '(radice): valore mancante: serve un testo' },
      { en: 'keyColumn: column "id" is not mapped in columns', it: 'keyColumn: la colonna "id" non è mappata in columns' },
      { en: 'x: a message nobody words', it: 'x: a message nobody words' },
    ]);
    expect(schemaMessageIt('must start with a letter or _ and hold only letters, digits and _', own)).toBe('deve iniziare con una lettera o _ e contenere solo lettere, cifre e _');
  });
});
