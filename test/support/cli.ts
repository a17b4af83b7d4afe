import { spawn, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './processes';

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a command to its end and keeps its output. */
export function run(
  cmd: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // its own process group, so a timeout ends what it started too (a timed-out `npm run pack` left its .d.ts
    // generator running, loading the machine for the suites after it)
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The workspace's `intentmesh` bin, as `npx intentmesh` runs it. */
export const cli = (args: string[], env: Record<string, string> = {}, timeoutMs = 30_000) =>
  run(process.execPath, [join(ROOT, 'apps/cli/bin/intentmesh.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeoutMs,
  });
