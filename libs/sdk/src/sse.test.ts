import { createSseParser, type SseMessage } from './sse';

function parse(chunks: string[]) {
  const out: SseMessage[] = [];
  const retries: number[] = [];
  const p = createSseParser(
    (m) => out.push(m),
    (ms) => retries.push(ms),
  );
  chunks.forEach((c) => p.push(c));
  return { out, retries };
}

describe('sdk - Server-Sent Events parser', () => {
  const stream =
    'retry: 2000\n: connected\n\nid: b-1\nevent: auction.opened\ndata: {"a":1}\n\n: ping\n\nevent: gap\ndata: {"x":\ndata: 2}\n\nid: b-2\nevent: award\ndata: {"b":2}\n\n';
  const expected = [
    { event: 'auction.opened', data: '{"a":1}', id: 'b-1' },
    { event: 'gap', data: '{"x":\n2}' },
    { event: 'award', data: '{"b":2}', id: 'b-2' },
  ];

  it('reads events, ids, multi-line data and retry, skipping comments', () => {
    expect(parse([stream])).toEqual({ out: expected, retries: [2000] });
  });

  it('gives the same events whatever the chunk boundaries and line endings', () => {
    for (const text of [stream, stream.replace(/\n/g, '\r\n'), stream.replace(/\n/g, '\r')]) {
      for (let size = 1; size <= 7; size++) {
        // a final lone CR may be half a CRLF: the next byte (here the start of a comment) settles it
        const chunks = [...text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!, ':'];
        expect(parse(chunks).out).toEqual(expected);
      }
    }
  });

  it('holds an event back until its blank line arrives', () => {
    expect(parse(['event: award\ndata: {}\n']).out).toEqual([]);
  });
});
