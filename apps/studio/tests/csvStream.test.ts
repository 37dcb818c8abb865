import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { csvWriter } from '@provvigo/core';
import { csvStream } from '../server/http/csvStream.js';

/**
 * The CSV download stream over real HTTP (Hono on Node's server, as the studio runs): whole when its source ends, a
 * failed download when the source fails after the first bytes were sent, and a proper error response when the
 * source fails before.
 */
const writer = csvWriter<{ n: number }>([{ header: 'n', kind: 'number', value: (r) => r.n }], { bom: false, lineEnding: '\n' });
let close: (() => void) | undefined;
afterEach(() => close?.());

/** The rows 1..count, then `fail` thrown (if any) instead of the next row. */
async function* rows(count: number, fail?: Error): AsyncGenerator<{ n: number }> {
  for (let n = 1; n <= count; n++) yield { n };
  if (fail) throw fail;
}

/** A studio-like server answering GET / with the stream of `source()`. */
async function serving(source: () => AsyncGenerator<{ n: number }>): Promise<string> {
  const app = new Hono();
  app.get('/', async (c) => c.body(await csvStream(writer, source()), 200, { 'content-type': 'text/csv; charset=utf-8' }));
  app.onError((e, c) => c.json({ error: e.message }, 500));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('a CSV download stream', () => {
  it('sends the header and every row when its source ends', async () => {
    const res = await fetch(await serving(() => rows(3000)));
    expect(res.status).toBe(200);
    const lines = (await res.text()).split('\n');
    expect(lines[0]).toBe('n');
    expect(lines.slice(1, -1).map(Number)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });

  it('fails the download when its source fails after the first bytes, instead of ending it as if whole', async () => {
    const res = await fetch(await serving(() => rows(3000, new Error('the store went away'))));
    expect(res.status).toBe(200);
    // the body ends in a network error, not in an end of file: a reader cannot take the rows for the whole log
    await expect(res.text()).rejects.toThrow();
  });

  it('answers with an error, not a file, when its source fails before the first row', async () => {
    const res = await fetch(await serving(() => rows(0, new Error('the store is down'))));
    expect([res.status, await res.json()]).toEqual([500, { error: 'the store is down' }]);
  });
});
