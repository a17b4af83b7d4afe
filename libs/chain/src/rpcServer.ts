// JSON-RPC over HTTP for an in-process chain, so wallets, scripts and CHAIN_RPC_URLS can reach the embedded EVMs.
import { createServer, type Server } from 'node:http';
import type { EIP1193Provider } from 'viem';

export type RpcServer = { url: string; close(): Promise<void> };

type RpcRequest = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

async function answer(provider: EIP1193Provider, req: RpcRequest) {
  const id = req?.id ?? null;
  if (typeof req?.method !== 'string')
    return { jsonrpc: '2.0', id, error: { code: -32600, message: 'invalid request: method must be a string' } };
  try {
    const result = await provider.request({ method: req.method, params: req.params } as never);
    return { jsonrpc: '2.0', id, result: result ?? null };
  } catch (err) {
    const e = err as { code?: number; message?: string; data?: unknown };
    return {
      jsonrpc: '2.0',
      id,
      error: { code: typeof e.code === 'number' ? e.code : -32603, message: e.message ?? String(err), data: e.data },
    };
  }
}

/** Serves `provider` on http://host:port (POST JSON-RPC, single or batch; CORS open, as local dev nodes do). */
export function serveJsonRpc(
  provider: EIP1193Provider,
  { host = '127.0.0.1', port }: { host?: string; port: number },
): Promise<RpcServer> {
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 5 * 1024 * 1024)
        req.destroy(); // a deploy with large bytecode fits; anything bigger is not a dev call
      else chunks.push(c);
    });
    req.on('end', async () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }));
      }
      const out = Array.isArray(body)
        ? await Promise.all(body.map((r) => answer(provider, r as RpcRequest)))
        : await answer(provider, body as RpcRequest);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({ url: `http://${host}:${bound}`, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
