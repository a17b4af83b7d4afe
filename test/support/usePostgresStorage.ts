import type { Storage } from '@intentmesh/storage';
import { createTestStorage } from './postgres';
import { useStarted } from './useStarted';

/** The enclosing describe block's store on a fresh PostgreSQL database (createTestStorage), dropped after its tests. */
export function usePostgresStorage(tag: string): Storage {
  let close: () => Promise<void>;
  return useStarted(
    `the ${tag} store`,
    async () => {
      const store = await createTestStorage(tag);
      close = store.close;
      return store.storage;
    },
    () => close(),
    60_000,
  );
}
