import { useStarted } from '../../../test/support/useStarted';
import type { Storage } from '../src/index';
import { openTestStorage, type STORES } from './testFixtures';

/**
 * The enclosing describe block's store of `kind`, opened before its tests and closed (its database dropped) after them;
 * PGlite takes seconds to start on a loaded machine, so both get 60 s rather than the 5 s default.
 */
export function useTestStorage(kind: (typeof STORES)[number], name: string): Storage {
  let drop: () => Promise<void>;
  return useStarted(
    `the ${kind} store`,
    async () => {
      const { s, stop } = await openTestStorage(kind, name);
      drop = stop;
      return s;
    },
    () => drop(),
    60_000,
  );
}
