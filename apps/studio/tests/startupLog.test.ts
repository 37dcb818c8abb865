import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `pnpm studio`'s start-up lines: the built-in demo password is shown (it is in the README), a password the operator
 * set in STUDIO_DEMO_PASSWORD is a secret and never reaches the log.
 */
const main = fileURLToPath(new URL('../server/main.ts', import.meta.url));

/** Starts the studio as `pnpm studio` does, returns what it printed once it listens, and stops it. */
function startupLines(env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-studio-log-'));
  const inherited = { ...process.env };
  delete inherited['STUDIO_DEMO_PASSWORD'];
  delete inherited['STUDIO_SSO'];
  const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', main], {
    env: { ...inherited, PORT: '0', PROVVIGO_DB: join(dir, 'db'), STUDIO_PLANS: join(dir, 'plans'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    // never left running: a studio that does not say it listens is stopped before the test's own timeout
    const guard = setTimeout(() => {
      child.kill();
      reject(new Error(`the studio did not listen in 150 s:\n${out}\n${err}`));
    }, 150_000);
    child.on('exit', () => clearTimeout(guard));
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      // the line after "Provvigo studio on …" says how to sign in
      if (/Provvigo studio on .*\n.*\n/.test(out)) {
        child.kill();
        resolve(out);
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('exit', (code) => reject(new Error(`the studio exited (${code}) before listening:\n${out}\n${err}`)));
  });
}

describe('the studio start-up log', () => {
  it('shows the built-in demo password, never one set in STUDIO_DEMO_PASSWORD', async () => {
    const builtIn = await startupLines({});
    expect(builtIn).toContain('demo password: provvigo-demo');
    const secret = 'S3cret-operator-Pa55';
    const set = await startupLines({ STUDIO_DEMO_PASSWORD: secret });
    expect(set).toContain('password: the one in STUDIO_DEMO_PASSWORD');
    expect(set).not.toContain(secret);
  }, 180_000);
});
