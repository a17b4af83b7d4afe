/**
 * A resource of the enclosing describe block: `start` runs in its beforeAll, `stop` in its afterAll (not when it never
 * started), each within `timeoutMs`. The returned object reads through to what `start` gave, so hooks and tests use it
 * as a plain variable.
 */
export function useStarted<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (started: T) => Promise<unknown>,
  timeoutMs: number,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (started) await stop(started);
  }, timeoutMs);
  return new Proxy({} as T, {
    get: (_, key) => {
      if (!started) throw new Error(`${what} is read before its beforeAll started it`);
      const value = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
