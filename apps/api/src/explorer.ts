import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@intentmesh/runtime';

/** Where `npm run build` puts the explorer, seen from apps/api/dist (or src under jest). */
const DEFAULT_DIR = join(__dirname, '..', '..', 'explorer', 'dist');

/**
 * Serves the explorer's static build at / (index.html, app.js, chunks, app.css). The pages only read the public API,
 * so the same build works embedded and distributed. Assets are content-hashed except the entry files, which revalidate.
 */
export function serveExplorer(app: NestExpressApplication, dir: string | undefined, log: Logger): void {
  if (dir === 'off') return;
  const root = dir ?? DEFAULT_DIR;
  if (!existsSync(join(root, 'index.html'))) {
    log.warn({ dir: root }, 'the explorer is not built (npm run build builds it): / serves nothing');
    return;
  }
  app.useStaticAssets(root, {
    index: 'index.html',
    setHeaders: (res, path) =>
      res.setHeader(
        'Cache-Control',
        /chunk-[A-Z0-9]+\.js$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
}
