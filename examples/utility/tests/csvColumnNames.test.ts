import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../src/index.js';

/**
 * `writeCsv` writes the columns it is given (a fact schema's column names: `toString`, `valueOf` are valid ones). A
 * record with no value for such a column got `record[column]`, Object.prototype's method, and the CSV cell held
 * "function toString() { [native code] }", which `provvigo run` then read back as the record's value.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('writeCsv columns, whatever they are called', () => {
  it('writes an empty cell for a column named toString or valueOf the record does not have, and the values it has', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-csv-columns-'));
    dirs.push(dir);
    const path = join(dir, 'facts.csv');
    await writeCsv(path, ['id', 'toString', 'valueOf', 'amount'], [{ id: 'R1', amount: '12.50' }, { id: 'R2', toString: 'x', valueOf: '3', amount: '1' }], new Set(['amount', 'valueOf']));
    expect(await readFile(path, 'utf8')).toBe('id,toString,valueOf,amount\nR1,,,12.50\nR2,x,3,1\n');
  });
});
