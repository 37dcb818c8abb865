import { describe, expect, it } from 'vitest';
import { actorFrom } from '../src/commands/period.js';
import { CliError } from '../src/io/errors.js';

// `--at` is checked by the store's rule before a command does anything: a time the store would refuse after the
// command had computed (or written documents) is refused first, naming the option.
describe('--at', () => {
  it.each(['2026-11-01', '2026-11-01T08:00:00', '2026-11-01 08:00:00Z', 'yesterday', '2026-02-30T08:00:00Z', '2026-11-01T24:00:00Z', 'Sun, 01 Nov 2026 08:00:00 GMT'])(
    'refuses %j naming --at (the old check, Date.parse, took most of these)',
    (at) => {
      expect(() => actorFrom({ as: 'carla', at })).toThrow(CliError);
      expect(() => actorFrom({ as: 'carla', at })).toThrow(/^--at: /);
    },
  );

  it.each(['2026-11-01T08:00:00Z', '2026-11-01T08:00Z', '2026-11-01T09:00:00.123+01:00', '2024-02-29T23:59:59.999999999-05:30'])('takes %j', (at) => {
    expect(actorFrom({ as: 'carla', at }).at).toBe(at);
  });
});
