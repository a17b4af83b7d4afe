import { buildOnce, DIST_BUILT } from './processes';

/** e2e: dist/ is built once for the run, so test files in parallel workers never rebuild it under each other's apps. */
export default function globalSetup(): void {
  buildOnce();
  process.env[DIST_BUILT] = '1';
}
