import type { IntentStatus } from '@intentmesh/protocol';
import type { CommandIO } from './command';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Follows an intent's status: on a terminal one line redrawn in place (spinner, status, elapsed time);
 * elsewhere (pipes, CI logs) one line per status change. Silent with --json, whose stdout must stay parseable.
 */
export function createProgress(
  hash: string,
  io: CommandIO,
  { json, tty = process.stderr }: { json?: boolean; tty?: { isTTY?: boolean; write(s: string): unknown } } = {},
) {
  const started = Date.now();
  const label = `${hash.slice(0, 10)}…`;
  let status: IntentStatus | 'submitted' = 'submitted';
  let frame = 0;
  const live = !json && !!tty.isTTY;
  const draw = () =>
    tty.write(
      `\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label} ${status}  ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  const timer = live ? setInterval(draw, 80) : undefined;
  return {
    onStatus(s: IntentStatus) {
      status = s;
      if (live) draw();
      else if (!json) io.err(`  ${label} ${s}`);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (live) tty.write('\r\x1b[K');
    },
  };
}
