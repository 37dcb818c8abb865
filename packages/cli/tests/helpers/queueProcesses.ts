// Separate processes for the queue tests: `provvigo worker` from the CLI's TypeScript sources, and a private
// redis-server on its own loopback port (the shared Redis is never restarted).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cliRoot = resolve(here, '../..');
const bin = resolve(cliRoot, 'src/bin.ts');

/** A child process whose stdout lines the test reads. */
export interface Proc {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (already printed or to come) matching `pattern`; rejects when the process exits. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess, name: string): Proc {
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (c) => {
      code = c;
      for (const w of waiters.splice(0)) w();
      done(c);
    }),
  );
  return {
    child,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}\n${stderr}`)), timeoutMs);
        const check = () => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit !== undefined) {
            clearTimeout(timer);
            ok(hit);
          } else if (code !== undefined) {
            clearTimeout(timer);
            fail(new Error(`${name} exited (${code}) before printing ${pattern}:\n${lines.join('\n')}\n${stderr}`));
          } else waiters.push(check);
        };
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (code === undefined) child.kill(signal);
      await exited;
    },
  };
}

/** `provvigo worker` as its own process, ready once it says it is waiting for partitions. */
export async function startWorkerProcess(args: { queue: string; db: string; prefix: string; lockSeconds: number }, name: string): Promise<Proc> {
  const child = spawn(
    process.execPath,
    ['--conditions=@provvigo/source', '--import', 'tsx', bin, 'worker', '--queue', args.queue, '--db', args.db, '--queue-prefix', args.prefix, '--lock-seconds', String(args.lockSeconds)],
    { cwd: cliRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = track(child, name);
  await proc.waitFor(/waiting for partitions/, 180_000);
  return proc;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** A private redis-server without persistence: a restart loses every job, as a crashed cache node would. */
export async function startRedis(port: number): Promise<Proc> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track(child, `redis-server:${port}`);
  await proc.waitFor(/Ready to accept connections/, 30_000);
  return proc;
}
