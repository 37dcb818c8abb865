// A file the CLI checks through a package's schema is refused with the first problem, naming file and field, in the
// user's language: zod's own sentences ("Invalid input: expected string, received undefined") reached Italian users
// in English inside the Italian sentence.
import { PeriodSchema } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/io/errors.js';
import { parseOrFail } from '../src/io/parseOrFail.js';
import { thrownError } from '../../../tests/thrownError.js';

describe('parseOrFail', () => {
  it('words zod’s message in the user’s language, with the field and the file', () => {
    const e = thrownError(() => parseOrFail(PeriodSchema, { id: '2026-10', start: '2026-10-01' }, { file: 'period.json' })) as unknown as CliError;
    expect(e).toBeInstanceOf(CliError);
    expect(e.format('en')).toContain('Invalid input: expected string, received undefined');
    expect(e.format('it')).toContain('valore mancante: serve un testo');
    expect(e.format('it')).not.toContain('Invalid input');
    expect(e.format('it')).toContain('period.json');
    expect(e.format('it')).toContain('end');
    expect(e.exitCode).toBe(2);
  });

  it('keeps the caller’s words around the schema’s', () => {
    const what = { en: 'the period', it: 'il periodo' };
    const e = thrownError(() => parseOrFail(PeriodSchema, { id: 7, start: '2026-10-01', end: '2026-10-31' }, { file: 'period.json', what, exitCode: 1 })) as unknown as CliError;
    expect(e.format('it')).toContain('il periodo: valore non valido: serve un testo, trovato un numero');
    expect(e.format('en')).toContain('the period: Invalid input: expected string, received number');
    expect(e.exitCode).toBe(1);
  });
});
