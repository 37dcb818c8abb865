// What a CLI command printed: the command functions take an `io` pair, the tests read back what went to each side.
import type { Io } from '../../src/commands/shared.js';

export interface Captured {
  io: Io;
  /** Every chunk written to stdout / stderr, in order. */
  out: string[];
  err: string[];
  text(): string;
  errors(): string;
}

export function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) },
    out,
    err,
    text: () => out.join(''),
    errors: () => err.join(''),
  };
}
