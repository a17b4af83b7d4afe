import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './marketplace';

/** The newest PostgreSQL server binaries installed (Debian's /usr/lib/postgresql/<major>/bin). */
function pgBin(): string {
  const out = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], { encoding: 'utf8' });
  const dir = out.trim();
  if (!dir) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  return dir;
}

/**
 * A private PostgreSQL cluster (initdb + pg_ctl) on its own port, so a test can stop the database under a running
 * app without touching the machine's own. Runs as the postgres user when we are root (PostgreSQL refuses root).
 */
export async function startPrivatePostgres() {
  const bin = pgBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'im-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asPg = (cmd: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
  };
  asPg(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () =>
    asPg(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'pg.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  start();
  asPg(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    port,
    start,
    /** Stops the server at once (immediate mode: every connection is cut, like a crash). */
    stop: () => asPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']),
  };
}
