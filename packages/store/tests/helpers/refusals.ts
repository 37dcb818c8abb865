import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';

export type Texts = { en: string; it: string };

/**
 * The refusal `opening` ends in: `message` is the English of `messages`, the Italian differs, and none of `secrets` is
 * anywhere in the error as printed whole (message, stack, properties, cause). A store that opened instead is closed
 * and the test fails.
 */
export async function refusal(opening: Promise<unknown>, secrets: readonly string[] = []): Promise<Texts> {
  const error = await opening.then(
    async (opened) => {
      await (opened as { close?: () => Promise<void> }).close?.();
      return expect.unreachable('it was not refused');
    },
    (e: unknown) => e,
  );
  const { message, messages } = error as { message: string; messages?: Texts };
  expect(messages, `English only: ${message}`).toBeDefined();
  expect(messages!.en).toBe(message);
  expect(messages!.it).not.toBe(messages!.en);
  const printed = inspect(error, { depth: 10 });
  for (const secret of secrets) expect(printed).not.toContain(secret);
  return messages!;
}

/**
 * A TCP server on 127.0.0.1 that accepts every connection and never says a word, for the block it is called in (as
 * another service on a PostgreSQL port, or a proxy whose backend is gone, would): node-postgres's startup message goes
 * unanswered. `port` is known once the block's beforeAll has run; `connections` counts what it accepted.
 */
export function silentServer(): { readonly port: number; readonly connections: number } {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {}); // the client dropping the connection at its timeout resets it
    });
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((closed) => (server ? server.close(() => closed()) : closed()));
  });
  return {
    get port() {
      return port;
    },
    get connections() {
      return sockets.length;
    },
  };
}
