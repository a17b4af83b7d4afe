// Lets `npm start` and `npm test` work on a fresh clone: installs dependencies when node_modules is missing
// or older than package.json / package-lock.json. Uses only Node built-ins (it runs before the install).
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const marker = `${root}node_modules/.package-lock.json`;
const stale =
  !existsSync(marker) ||
  ['package.json', 'package-lock.json'].some(
    (f) => existsSync(root + f) && statSync(root + f).mtimeMs > statSync(marker).mtimeMs + 1000,
  );
if (stale) {
  console.error('installing dependencies (npm install)...');
  // npm install, not npm ci: the lockfile made here lacks other platforms' optional binaries
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
