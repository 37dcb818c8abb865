import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'smtpServer.mjs');

export interface TestSmtp {
  url: string;
  port: number;
  /** Every message the server accepted so far, parsed with mailparser. */
  received(): Promise<ParsedMail[]>;
  stop(): Promise<void>;
}

/** Starts the SMTP server child process on 127.0.0.1 (random port); `reject` names recipients to refuse with 550. */
export async function startSmtp(reject?: string): Promise<TestSmtp> {
  const dir = await mkdtemp(join(tmpdir(), 'provvigo-smtp-'));
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, dir, ...(reject ? [reject] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject_) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject_(new Error(`SMTP test server did not start: ${err}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject_(new Error(`SMTP test server exited with ${code}: ${err}`));
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    async received() {
      const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
      return Promise.all(files.map(async (f) => simpleParser(await readFile(join(dir, f)))));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
