import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Set by the e2e global set-up once it has built dist/ for the whole run (workers inherit it). */
export const DIST_BUILT = 'INTENTMESH_TEST_DIST_BUILT';

/** Builds dist/ once per test file (about 100 ms), so spawned apps run the code under test. */
export function buildOnce(): void {
  // a rebuild empties dist/ first: never while another worker's apps run from it
  if (process.env[DIST_BUILT]) return;
  execFileSync('node', [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, env: { ...process.env, QUIET_BUILD: '1' } });
}

export type AppProcess = {
  name: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

/** The V8 flags of `apps/<name>/dist/main.js` from deploy/node-flags.json (what every launcher reads); none otherwise. */
export function nodeFlagsFor(entry: string): string[] {
  const app = /^apps\/([^/]+)\/dist\/main\.js$/.exec(entry)?.[1];
  const table = JSON.parse(readFileSync(join(ROOT, 'deploy/node-flags.json'), 'utf8')) as Record<string, unknown>;
  const flags = app === undefined ? undefined : table[app];
  return Array.isArray(flags) ? (flags as string[]) : [];
}

/** Starts one app as its own OS process, as in production (with its V8 flags). */
export function startApp(name: string, entry: string, env: Record<string, string>, args: string[] = []): AppProcess {
  return spawnProcess(name, process.execPath, [...nodeFlagsFor(entry), join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
  });
}

/** Runs `command` as its own OS process, keeping the tail of its stdout and stderr. */
export function spawnProcess(
  name: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): AppProcess {
  const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    name,
    child,
    output: () => out,
    kill: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * Runs an installed bin until it prints its JSON "ready" line, and returns that line parsed; `exited` is its exit
 * code. If it never gets ready, it is killed and the error carries its output.
 */
export async function startUntilReady<T>(
  what: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
  timeoutMs: number,
): Promise<{ app: AppProcess; ready: T; exited: Promise<number> }> {
  const app = spawnProcess(what, command, args, opts);
  const exited = new Promise<number>((r) => app.child.on('exit', (c) => r(c ?? 1)));
  try {
    const line = await waitFor(
      what,
      async () =>
        app
          .output()
          .split('\n')
          .find((l) => l.includes('"ready"')),
      timeoutMs,
    );
    return { app, ready: JSON.parse(line) as T, exited };
  } catch (err) {
    await app.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${app.output()}`);
  }
}

/** Thrown inside a waitFor condition to stop waiting at once: the process waited on is gone. */
class AppExited extends Error {}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      if (err instanceof AppExited) throw err;
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`);
}

/**
 * Waits until `app` prints `text`. Fails at once if the app exits first, and either failure carries the tail of what
 * the app printed: a start-up that never finishes must say why in CI's log, not only that it timed out.
 */
export async function waitForOutput(app: AppProcess, what: string, text: string, timeoutMs: number): Promise<void> {
  const tail = () => app.output().slice(-8_000);
  try {
    await waitFor(
      what,
      async () => {
        if (app.output().includes(text)) return true;
        const { exitCode, signalCode } = app.child;
        if (exitCode !== null || signalCode !== null)
          throw new AppExited(`${app.name} exited (${exitCode ?? signalCode})`);
        return false;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${app.name}'s output ends:\n${tail()}`);
  }
}

/**
 * `npm start`'s entry (apps/embedded) on a port the kernel picks (PORT=0), with `env` on top; resolves once its banner
 * is printed, with the API's URL read from it. A port chosen ahead by freePort could be taken by another process in the
 * seconds a start takes (PGlite's first open alone is about 5 s).
 */
export async function startEmbeddedApp(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ app: AppProcess; url: string }> {
  const app = startApp('embedded', 'apps/embedded/dist/main.js', { PORT: '0', ...env });
  try {
    await waitForOutput(app, 'the embedded marketplace', '/docs', timeoutMs);
  } catch (err) {
    await app.kill('SIGKILL');
    throw err;
  }
  const url = /^ {2}API +(http:\/\/\S+)$/m.exec(app.output())?.[1];
  if (url) return { app, url };
  await app.kill('SIGKILL');
  throw new Error(`the embedded marketplace's banner names no API URL:\n${app.output().slice(-4_000)}`);
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export function uniquePrefix(tag: string): string {
  return `t${tag}${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

/** For afterAll clean-ups (killing apps, dropping a database): jest's 5 s default fails a passing file on a loaded machine. */
export const STOP_TIMEOUT_MS = 30_000;

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
