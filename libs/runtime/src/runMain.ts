/**
 * The life of an app process: `start` brings it up and returns how to stop it; SIGTERM or SIGINT stops it
 * (draining what is in flight) and exits 0; a failure to start prints its message and exits 1.
 */
export function runMain(start: () => Promise<() => Promise<void>>): void {
  start().then(
    (stop) => {
      const shutdown = () => {
        stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
