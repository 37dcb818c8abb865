// The queue words what a user reads in both languages (`QueueError`); the CLI prints it in its own. A bad --queue URL
// is refused before anything opens, so no server is needed here: the worker names the URL's defect, exit 2 as any
// usage error, in Italian when the CLI speaks Italian and in the same English as before otherwise.
import { describe, expect, it } from 'vitest';
import { provvigo } from './helpers/provvigoProcess.js';

const args = ['worker', '--queue', 'http://127.0.0.1:6379', '--db', 'postgres://127.0.0.1:1/none'];

describe('a refusal of the queue, in the CLI\'s language', () => {
  it('Italian: the worker refuses a URL that is not redis://, naming it', async () => {
    const r = await provvigo(args, { env: { PROVVIGO_LOCALE: 'it' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('provvigo worker: --queue: http://127.0.0.1:6379/ non è un URL redis://');
    expect(r.stderr).not.toContain('is not a redis');
  }, 60_000);

  it('English: the same refusal, worded as before', async () => {
    const r = await provvigo(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('provvigo worker: --queue: http://127.0.0.1:6379/ is not a redis:// URL (expected redis://HOST:PORT)');
  }, 60_000);
});
