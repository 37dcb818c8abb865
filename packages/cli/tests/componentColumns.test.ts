import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIALECT, type Statement } from '@provvigo/core';
import { ResultWriter } from '../src/io/writeResults.js';

/**
 * statements.csv has a column per payout component, named by the plans' authors: a statement without a component
 * called `toString` or `constructor` shows 0 in its column, not the text of Object.prototype's method (which a plain
 * `byComponent[component] ?? '0'` wrote into the CSV).
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('statements.csv component columns', () => {
  it('shows 0 for a component the statement does not have, whatever it is called', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-components-'));
    dirs.push(dir);
    const writer = new ResultWriter(dir, { dialect: DEFAULT_DIALECT, partners: new Map(), components: ['commission', 'toString', 'constructor'], locale: 'en' });
    await writer.open();
    const statement = (partnerId: string, byComponent: Record<string, string>) =>
      ({ period: '2026-10', partnerId, currency: 'EUR', total: '0', byComponent, lines: [], issues: [], blocked: false }) as unknown as Statement;
    writer.statement(statement('P1', { commission: '12.50' }));
    writer.statement(statement('P2', { toString: '3.00' }));
    await writer.close(undefined, []);
    const csv = await readFile(join(dir, 'statements.csv'), 'utf8');
    expect(csv).not.toContain('function');
    const rows = csv.trim().split(/\r?\n/).map((r) => r.split(','));
    const header = rows[0]!;
    const cell = (row: number, column: string) => rows[row]![header.indexOf(column)];
    expect([cell(1, 'commission'), cell(1, 'toString'), cell(1, 'constructor')]).toEqual(['12.50', '0', '0']);
    expect([cell(2, 'commission'), cell(2, 'toString'), cell(2, 'constructor')]).toEqual(['0', '3.00', '0']);
  });
});
