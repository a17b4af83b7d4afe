import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce, ROOT, startApp } from './support/processes';

/** deploy/node-flags.json: the one place each app's V8 flags are set. */
const table = JSON.parse(readFileSync(join(ROOT, 'deploy/node-flags.json'), 'utf8')) as Record<string, string[]>;
const APPS = ['auctioneer', 'embedded', 'api', 'solver'];
const entryRe = /apps\/([a-z]+)\/dist\/main\.js/;
/** A launch command with its app replaced by a script that prints the V8 flags node got, run by the shell. */
const execArgvOf = (command: string) =>
  JSON.parse(
    execFileSync(
      'sh',
      [
        '-c',
        command.replace(entryRe, `-p 'JSON.stringify(process.execArgv.slice(0, process.execArgv.indexOf("-p")))'`),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ),
  ) as string[];
/** The running process's own command line (what node was started with). */
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('launch flags - every launcher starts an app with its flags from deploy/node-flags.json', () => {
  it('node flags - the auctioneer and the embedded marketplace have a larger young generation, fixed at its size; the file lists every app', () => {
    for (const app of APPS) expect(Array.isArray(table[app])).toBe(true);
    expect(table.auctioneer).toContain('--max-semi-space-size=64');
    // a young generation that shrinks gives pages back and faults them in again (about 14.5 µs a page in a guest)
    expect(table.auctioneer).toContain('--min-semi-space-size=64');
    expect(table.embedded).toEqual(table.auctioneer);
    // what a shell gets from the printer is the file's list
    for (const app of APPS)
      expect(
        execFileSync(process.execPath, ['scripts/node-flags.mjs', app], { cwd: ROOT, encoding: 'utf8' }).trim(),
      ).toBe(table[app].join(' '));
  });

  it('node flags - npm start and start:<app> run node with the app flags', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    const launchers = Object.entries(scripts).filter(([, c]) => entryRe.test(c));
    expect(launchers.map(([name]) => name).sort()).toEqual(['start', 'start:api', 'start:auctioneer', 'start:solver']);
    for (const [, command] of launchers) {
      const app = entryRe.exec(command)![1];
      // the last step of `npm start` (after ensure-deps and build) is the launch
      expect(execArgvOf(command.split('&&').pop()!.trim())).toEqual(table[app]);
    }
  });

  it('node flags - docker-compose starts every app with its flags', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const commands = compose
      .split('\n')
      .filter((l) => /^\s+command:/.test(l) && entryRe.test(l))
      .map((l) => JSON.parse(l.replace(/^\s+command:\s*/, '')) as string[]);
    expect(commands.map((c) => entryRe.exec(c.join(' '))![1]).sort()).toEqual([
      'api',
      'auctioneer',
      'solver',
      'solver',
      'solver',
    ]);
    for (const c of commands) {
      expect(c.slice(0, 2)).toEqual(['sh', '-c']);
      const app = entryRe.exec(c[2])![1];
      // compose writes a literal $ as $$
      expect(execArgvOf(c[2].replaceAll('$$', '$'))).toEqual(table[app]);
    }
  });

  it('node flags - the e2e helpers and the pipeline bench spawn apps with their flags', async () => {
    buildOnce();
    // no NATS or database settings: the app exits at once, its command line is read before that
    const app = startApp('auctioneer', 'apps/auctioneer/dist/main.js', {});
    try {
      const argv = cmdline(app.child.pid!);
      expect(argv.slice(1, 1 + table.auctioneer.length)).toEqual(table.auctioneer);
    } finally {
      await app.kill('SIGKILL');
    }
    const bench = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { startApp } from './bench/lib/marketplace.mjs';
         import { readFileSync } from 'node:fs';
         const a = startApp('t', 'auctioneer', 'apps/auctioneer/dist/main.js', {});
         process.stdout.write(JSON.stringify(readFileSync('/proc/' + a.child.pid + '/cmdline', 'utf8').split('\\0')));
         a.child.kill('SIGKILL');`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect((JSON.parse(bench) as string[]).slice(1, 1 + table.auctioneer.length)).toEqual(table.auctioneer);
  });
});
