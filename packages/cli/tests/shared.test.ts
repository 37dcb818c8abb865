import { describe, expect, it } from 'vitest';
import { loadPeriod } from '../src/io/loadInputs.js';
import { createProgress, renderBar } from '../src/io/progress.js';

describe('periods', () => {
  it('turns a month into its first and last day', async () => {
    await expect(loadPeriod('2026-02')).resolves.toEqual({ id: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    await expect(loadPeriod('2028-02')).resolves.toMatchObject({ end: '2028-02-29' });
    await expect(loadPeriod('2026-13')).rejects.toThrow(/month out of range/);
    await expect(loadPeriod('October')).rejects.toThrow(/--period/);
  });
});

describe('progress bar', () => {
  it('renders a bar with percentage and counts', () => {
    expect(renderBar('calculating', 45, 100, 20)).toBe('calculating [#########...........]  45%  45/100');
    expect(renderBar('x', 0, 0, 4)).toBe('x [....]   0%  0/0');
  });
  it('writes nothing when disabled, and whole lines when stderr is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WritableStream;
    createProgress({ enabled: false, stream }).update('a', 1, 2);
    expect(written).toEqual([]);
    const p = createProgress({ enabled: true, stream, width: 4 });
    p.update('reading', 1, 2);
    p.update('reading', 2, 2);
    p.update('reading', 2, 2);
    p.update('calculating', 2, 2);
    p.done();
    expect(written).toEqual(['reading [##..]  50%  1/2\n', 'reading [####] 100%  2/2\n', 'calculating [####] 100%  2/2\n']);
  });
});
