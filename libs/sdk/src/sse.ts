/** One Server-Sent Event as the wire carries it: type (default "message"), data lines joined by "\n", optional id. */
export type SseMessage = { event: string; data: string; id?: string };

/**
 * Incremental text/event-stream parser (the WHATWG rules: CR, LF or CRLF line ends, comments, multi-line data,
 * `retry`). Feed it text in chunks split anywhere; it calls `onMessage` per complete event. Works in any runtime.
 */
export function createSseParser(onMessage: (m: SseMessage) => void, onRetry?: (ms: number) => void) {
  let pending = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let sawId = false;

  function line(l: string): void {
    if (l === '') {
      if (data.length) onMessage({ event: event || 'message', data: data.join('\n'), ...(sawId ? { id } : {}) });
      event = '';
      data = [];
      sawId = false;
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) {
      id = value;
      sawId = true;
    } else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  }

  return {
    push(text: string): void {
      pending += text;
      for (;;) {
        const m = /\r\n|\r|\n/.exec(pending);
        // a trailing CR may be the first half of CRLF: wait for the next chunk before ending the line
        if (!m || (m[0] === '\r' && m.index === pending.length - 1)) return;
        line(pending.slice(0, m.index));
        pending = pending.slice(m.index + m[0].length);
      }
    },
  };
}
