// HTTP for the benches' load generators: a bounded keep-alive pool instead of fetch's unbounded one, and retries of
// requests that never reached the server. With fetch, an open-loop phase against a busy API opened one connection per
// request in flight; past the listen backlog the kernel dropped SYNs, and undici's 10 s connect timeout ended the run.
import http from 'node:http';

// enough parallel requests to keep the API's event loop busy; the rest wait here (open-loop latency counts the wait)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
// failures where the request did not get a response from the server: safe to send again (a POSTed intent that did
// arrive comes back as DUPLICATE_INTENT, which the caller reads as accepted on a retry)
const RETRY = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL', 'ECONNABORTED']);

export const httpStats = { retries: 0 };

function once(url, method, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent,
      headers:
        body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.end(body);
  });
}

/** One request; `{ status, text, retried }`. Retries (up to 8, backing off to 2 s) only what never got a response. */
export async function request(url, { method = 'GET', body } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ...(await once(url, method, body)), retried: attempt > 0 };
    } catch (err) {
      if (!RETRY.has(err.code) || attempt >= 8) throw err;
      httpStats.retries++;
      await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}

export async function getJson(url) {
  const r = await request(url);
  return JSON.parse(r.text);
}
