// Loads the dist modules of a built checkout, so a bench runs two builds (base and branch) side by side in one process.
import { createRequire } from 'node:module';

/** `{ dir, P: <dir>/libs/protocol/dist, ... }` for `{ P: 'libs/protocol', ... }`; a bare package name resolves from `dir`. */
export function loadBuild(dir, modules) {
  const r = createRequire(dir + '/package.json');
  const at = (p) => (/^(libs|apps)\//.test(p) ? r(`${dir}/${p}/dist/index.js`) : r(p));
  return { dir, ...Object.fromEntries(Object.entries(modules).map(([k, p]) => [k, at(p)])) };
}
