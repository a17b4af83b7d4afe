import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a market source keeps its cursor and pool state between runs (a file, a database row, memory in tests). */
export interface MarketStateStore {
  load(): Promise<string | undefined>;
  save(text: string): Promise<void>;
}

/** A file written atomically (write, then rename), so a crash mid-write leaves the previous cursor intact. */
export function fileStateStore(path: string): MarketStateStore {
  return {
    load: async () => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    save: async (text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, text);
      renameSync(`${path}.tmp`, path);
    },
  };
}

export function memoryStateStore(): MarketStateStore & { text?: string } {
  const store: MarketStateStore & { text?: string } = {
    load: async () => store.text,
    save: async (text) => void (store.text = text),
  };
  return store;
}
