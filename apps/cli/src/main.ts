import { IntentMeshError } from '@intentmesh/protocol';
import type { CommandIO } from './command';
import './commands';
import { EXIT_CODES_HELP, ExitCodes, exitCodeOf } from './exitCodes';
import { commands } from './registry';
import { version } from '../package.json';

function usage(group?: string): string {
  const listed = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands;
  const width = Math.max(...listed.map((c) => c.name.length), 4);
  return [
    group
      ? `intentmesh ${group}: ${listed.map((c) => c.name.split(' ')[1]).join(', ')}`
      : 'intentmesh: trade, run a solver and audit auctions on IntentMesh',
    '',
    `Usage: intentmesh ${group ? `${group} <command>` : '<command>'} [options]   (intentmesh <command> --help for details)`,
    '',
    'Commands:',
    ...listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command accepts --json for machine-readable output and --url (or INTENTMESH_URL) for the API.',
    'Amounts are human units of the token (1.5 WETH) unless --raw says base units.',
    EXIT_CODES_HELP,
    'intentmesh --version prints the version.',
  ].join('\n');
}

export async function main(
  argv: string[],
  io: CommandIO = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    env: process.env,
  },
): Promise<number> {
  const [name, ...rest] = argv;
  const wantsHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(version);
    return ExitCodes.OK;
  }
  if (!name || wantsHelp(name)) {
    (name ? io.out : io.err)(usage());
    return name ? ExitCodes.OK : ExitCodes.USAGE;
  }
  // "solver init" style two-word commands are registered with a space; "solver" alone is their group
  const cmd = commands.find((c) => c.name === `${name} ${rest[0]}`) ?? commands.find((c) => c.name === name);
  const isGroup = commands.some((c) => c.name.startsWith(`${name} `));
  if (!cmd && isGroup) {
    if (!rest[0] || wantsHelp(rest[0])) {
      (rest[0] ? io.out : io.err)(usage(name));
      return rest[0] ? ExitCodes.OK : ExitCodes.USAGE;
    }
    io.err(`Unknown command "${name} ${rest[0]}".\n\n${usage(name)}`);
    return ExitCodes.USAGE;
  }
  if (!cmd) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return ExitCodes.USAGE;
  }
  const args = cmd.name.includes(' ') ? rest.slice(1) : rest;
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${cmd.help}\n\n${EXIT_CODES_HELP}`);
    return ExitCodes.OK;
  }
  const json = args.includes('--json');
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof IntentMeshError) {
      io.err(json ? JSON.stringify(err.toJSON()) : `error ${err.code}: ${err.shortMessage}`);
      return exitCodeOf(err.code);
    }
    // node:util parseArgs refuses unknown or malformed flags: a usage error, not a crash
    const code = (err as { code?: string })?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const e = new IntentMeshError(`${(err as Error).message} (intentmesh ${cmd.name} --help lists the options)`, {
        code: 'INVALID_ARGUMENT',
      });
      io.err(json ? JSON.stringify(e.toJSON()) : `error ${e.code}: ${e.shortMessage}`);
      return ExitCodes.USAGE;
    }
    io.err(
      json
        ? JSON.stringify({ error: { code: 'INTERNAL', message: String((err as Error)?.message ?? err) } })
        : `error: ${(err as Error)?.message ?? err}`,
    );
    return ExitCodes.FAILURE;
  }
}
