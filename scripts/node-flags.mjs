// The V8 flags an app runs with, from deploy/node-flags.json (the one place they are set).
//   node scripts/node-flags.mjs <app>   prints them for a shell: node $(node scripts/node-flags.mjs auctioneer) apps/auctioneer/dist/main.js
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const table = JSON.parse(readFileSync(new URL('../deploy/node-flags.json', import.meta.url), 'utf8'));

/** The flags of app `name` (auctioneer, embedded, api, solver); none for anything else. */
export function nodeFlags(name) {
  const flags = table[name];
  return Array.isArray(flags) ? flags : [];
}

/** The flags for a script path: `apps/<name>/dist/main.js` gets app <name>'s, anything else none. */
export function nodeFlagsForEntry(entry) {
  const m = /(?:^|\/)apps\/([^/]+)\/dist\/main\.js$/.exec(entry);
  return m ? nodeFlags(m[1]) : [];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name || name.startsWith('$') || !(name in table)) {
    process.stderr.write(
      `usage: node scripts/node-flags.mjs <${Object.keys(table)
        .filter((k) => !k.startsWith('$'))
        .join('|')}>\n`,
    );
    process.exit(2);
  }
  process.stdout.write(nodeFlags(name).join(' ') + '\n');
}
