import { IntentMeshError } from '@intentmesh/protocol';
import type { CommandIO } from './command';
import './commands';
import { commands } from './registry';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'intentmesh: trade, run a solver and audit auctions on IntentMesh',
    '',
    'Usage: intentmesh <command> [options]   (intentmesh <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command accepts --json for machine-readable output and --url (or INTENTMESH_URL) for the API.',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n'), env: process.env }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 1;
  }
  // "solver init" style two-word commands are registered with a space
  const cmd = commands.find((c) => c.name === `${name} ${rest[0]}`) ?? commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const args = cmd.name.includes(' ') ? rest.slice(1) : rest;
  if (args.includes('--help') || args.includes('-h')) {
    io.out(cmd.help);
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    const json = args.includes('--json');
    if (err instanceof IntentMeshError) {
      io.err(json ? JSON.stringify(err.toJSON()) : `error ${err.code}: ${err.shortMessage}`);
      return 1;
    }
    io.err(json ? JSON.stringify({ error: { code: 'INTERNAL', message: String((err as Error)?.message ?? err) } }) : `error: ${(err as Error)?.message ?? err}`);
    return 1;
  }
}
