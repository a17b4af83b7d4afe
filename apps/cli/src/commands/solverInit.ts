import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { IntentMeshError } from '@intentmesh/protocol';
import { register } from '../registry';
import { scaffoldFiles } from './solverTemplate';
import { version } from '../../package.json';

/**
 * The scaffold depends on the published packages at this CLI's version (the solver kit carries the router too), so
 * the project moves anywhere; before a release, install the packed tarballs over them (npm install .packs/*.tgz).
 */
const scaffoldDeps = () => ({
  '@intentmesh/solver-kit': `^${version}`,
  intentmesh: `^${version}`,
});
// the compiler the scaffold's tsconfig is written for (module node20 needs TypeScript 5.9 or later)
const scaffoldDevDeps = { typescript: '^6.0.0', '@types/node': '^20.19.0' };

register({
  name: 'solver init',
  summary: 'Scaffold a TypeScript solver project on the solver kit',
  help: `Usage: intentmesh solver init <dir> [--name NAME] [--json]

Writes a solver project into <dir> (which must be empty or absent):
  package.json   @intentmesh/solver-kit and intentmesh (the CLI) at this CLI's version, from npm
  src/quote.ts   the strategy: route each intent on the demo market, bid its output less MARGIN_BPS
  src/main.ts    the same strategy as a standalone process on NATS, with createSolver()
  .env           a freshly generated SOLVER_PRIVATE_KEY (keep it secret; .gitignore lists it)
  README.md      how to run it, test it locally and get its key registered

Then: cd <dir> && npm install && npm run build && npm start
npm start runs the embedded marketplace with your solver in it: its dev operator vouches for your key,
so it competes with the three demo solvers at once, and settles what it wins on the embedded chains.

Examples:
  intentmesh solver init ./my-solver
  intentmesh solver init /tmp/s --name fast-solver --json`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { name: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!positionals[0])
      throw new IntentMeshError('solver init needs a directory: intentmesh solver init ./my-solver', {
        code: 'INVALID_ARGUMENT',
      });
    const dir = resolve(positionals[0]);
    if (existsSync(dir) && readdirSync(dir).length)
      throw new IntentMeshError(`${dir} is not empty; choose a new directory.`, { code: 'INVALID_ARGUMENT' });
    const name =
      values.name ??
      basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
      throw new IntentMeshError(`"${name}" is not a usable package name: lowercase letters, digits and -.`, {
        code: 'INVALID_ARGUMENT',
      });

    const key = generatePrivateKey();
    const address = privateKeyToAccount(key).address;
    const files = scaffoldFiles({
      name,
      key,
      address,
      deps: scaffoldDeps(),
      devDeps: scaffoldDevDeps,
    });
    for (const [path, text] of Object.entries(files)) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, path === '.env' ? { mode: 0o600 } : undefined);
    }
    if (values.json) io.out(JSON.stringify({ dir, name, solver: address, files: Object.keys(files) }));
    else
      io.out(`Scaffolded solver "${name}" in ${dir}
  solver key ${address} (private key in ${join(dir, '.env')}; keep it secret)

Next:
  cd ${dir}
  npm install && npm run build
  npm start            # your solver inside the embedded marketplace, competing at once

To compete on a NATS deployment, have an operator vouch for ${address} (see README.md).`);
    return 0;
  },
});
