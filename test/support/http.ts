import { request } from 'node:http';

export type RawAnswer = { status: number; code?: string };

/** One HTTP request on its own socket, headers exactly as given; `trickle` sends the body's start and then nothing. */
export function rawRequest(
  base: string,
  o: { method: string; path: string; headers: Record<string, string>; body: string | Buffer; trickle?: boolean },
): Promise<RawAnswer> {
  const url = new URL(o.path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: o.method,
        path: url.pathname,
        headers: { ...(o.trickle ? {} : { 'content-length': String(Buffer.byteLength(o.body)) }), ...o.headers },
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: parseCode(text) }));
      },
    );
    req.on('error', reject);
    req.write(o.body);
    if (!o.trickle) req.end();
  });
}

function parseCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Opens GET /v1/stream from `localAddress`; a 200 stays open until `close()`, a refusal carries its code. */
export function openStream(base: string, localAddress = '127.0.0.1'): Promise<RawAnswer & { close(): void }> {
  const url = new URL('/v1/stream', base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress, agent: false },
      (res) => {
        const close = () => req.destroy();
        if (res.statusCode === 200) return resolve({ status: 200, close });
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: parseCode(text), close }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The auctioneer's signature checks so far, from the API's /metrics: taken under the intake seal, or recovered. */
export async function signatureChecks(url: string): Promise<{ sealed: number; recovered: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (by: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`intentmesh_intent_signature_checks_total{by="${by}"}`))
        ?.split(' ')
        .pop() ?? 0,
    );
  return { sealed: count('sealed'), recovered: count('recovered') };
}
