import { findBestRoute, generateMarket, type Market, type Token } from '@intentmesh/routing';
import { createIntentMeshClient, type Intent, type IntentMeshClient } from '@intentmesh/sdk';
import { hashIntent, serializeIntent, signIntent, type Hex } from '@intentmesh/protocol';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { forEachConcurrently } from './pool';

export const MARKET_SEED = 7;
export const MARKET_POOLS = 300;

/** Pairs traders ask for: same-chain hub pairs and cross-chain ones that need a bridge. */
const PAIRS: [number, string, number, string][] = [
  [1, 'WETH', 1, 'USDC'],
  [1, 'USDC', 1, 'DAI'],
  [10, 'WETH', 10, 'USDT'],
  [42161, 'WBTC', 42161, 'WETH'],
  [1, 'WETH', 10, 'USDC'],
  [10, 'USDC', 42161, 'DAI'],
];

export type PlannedIntent = { intent: Intent; account: PrivateKeyAccount; expectedOut: bigint; fillable: boolean };

export function demoMarket(): Market {
  return generateMarket({ seed: MARKET_SEED, poolCount: MARKET_POOLS });
}

function token(market: Market, chainId: number, symbol: string): Token {
  const t = market.tokens.find((x) => x.chainId === chainId && x.symbol === symbol);
  if (!t) throw new Error(`no ${symbol} on ${chainId}`);
  return t;
}

/** findBestRoute's amounts already found, per market: steady flows and repeated plans ask for the same ones again. */
const bestOuts = new WeakMap<Market, Map<string, bigint>>();

/** What the best router gets for `sellAmount`, with the same reach as the best reference solver: no bridges within a chain, one bridge across. */
function bestOut(market: Market, sell: Token, buy: Token, sellAmount: bigint): bigint {
  const known = bestOuts.get(market) ?? bestOuts.set(market, new Map()).get(market)!;
  const key = `${sell.chainId}:${sell.address}>${buy.chainId}:${buy.address}:${sellAmount}`;
  let out = known.get(key);
  if (out === undefined) {
    const route = findBestRoute(
      market,
      {
        sellToken: sell.address,
        buyToken: buy.address,
        sourceChainId: sell.chainId,
        destinationChainId: buy.chainId,
        sellAmount,
      },
      sell.chainId === buy.chainId ? { allowBridges: false } : { maxBridges: 1 },
    );
    out = route?.amountOut ?? 0n;
    known.set(key, out);
  }
  return out;
}

/**
 * Intents whose minBuyAmount sits 5% under what the best router finds (fillable), or at twice it
 * (nobody can fill it, so it must end unfilled).
 */
export function planIntents(
  market: Market,
  n: number,
  { unfillableEvery = 10, deadlineInSec = 600 } = {},
): PlannedIntent[] {
  const accounts = Array.from({ length: 20 }, () => privateKeyToAccount(generatePrivateKey()));
  const now = Math.floor(Date.now() / 1000);
  const out: PlannedIntent[] = [];
  for (let i = 0; i < n; i++) {
    const [sc, ss, dc, ds] = PAIRS[i % PAIRS.length];
    const sell = token(market, sc, ss);
    const buy = token(market, dc, ds);
    // about $1,000 to $5,000 of the sell token: inside every demo pool's depth
    const usd = 1000n + BigInt((i * 397) % 4000);
    const sellAmount = (usd * 10n ** 18n * 10n ** BigInt(sell.decimals)) / sell.priceUsdE18;
    const expectedOut = bestOut(market, sell, buy, sellAmount);
    const fillable = expectedOut > 0n && i % unfillableEvery !== unfillableEvery - 1;
    const account = accounts[i % accounts.length];
    const swapper = account.address.toLowerCase() as Hex;
    out.push({
      account,
      expectedOut,
      fillable,
      intent: {
        swapper,
        sellToken: sell.address,
        sellAmount,
        buyToken: buy.address,
        minBuyAmount: fillable ? (expectedOut * 95n) / 100n : expectedOut > 0n ? expectedOut * 2n : 10n ** 30n,
        recipient: swapper,
        sourceChainId: sc,
        destinationChainId: dc,
        nonce: BigInt(i),
        deadline: now + deadlineInSec,
      },
    });
  }
  return out;
}

/** Signs and submits through the SDK, `concurrency` at a time; returns hashes in order. */
export async function submitAll(url: string, planned: PlannedIntent[], concurrency = 16): Promise<Hex[]> {
  const client = createIntentMeshClient({ url });
  const hashes: Hex[] = new Array(planned.length);
  await forEachConcurrently(planned, concurrency, async (p, i) => {
    const signature = await client.signIntent(p.intent, p.account);
    hashes[i] = (await client.submitIntent(p.intent, signature)).hash;
  });
  return hashes;
}

/**
 * Signs and submits what it can, `concurrency` at a time: a refusal (503 during an outage) is counted by code and not
 * accepted; with `retryUntilMs`, a refused intent is tried again every 200 ms until that time.
 */
export async function submitTolerant(
  url: string,
  planned: PlannedIntent[],
  concurrency = 16,
  retryUntilMs?: number,
): Promise<{ accepted: { i: number; hash: Hex }[]; refused: Record<string, number> }> {
  const client = createIntentMeshClient({ url, timeoutMs: 10_000 });
  const accepted: { i: number; hash: Hex }[] = [];
  const refused: Record<string, number> = {};
  await forEachConcurrently(planned, concurrency, async (p, i) => {
    const sig = await client.signIntent(p.intent, p.account);
    for (;;) {
      try {
        accepted.push({ i, hash: (await client.submitIntent(p.intent, sig)).hash });
        return;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        refused[code] = (refused[code] ?? 0) + 1;
        if (retryUntilMs === undefined || Date.now() > retryUntilMs) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
  return { accepted, refused };
}

/** A fresh trader's intent, built by the SDK: 1 WETH on chain 1 for at least 1,000 USDC on `destinationChainId`. */
export async function wethForUsdc(client: IntentMeshClient, destinationChainId = 1) {
  const trader = privateKeyToAccount(generatePrivateKey());
  const [weth, usdc] = await Promise.all([client.getToken(1, 'WETH'), client.getToken(destinationChainId, 'USDC')]);
  const intent = client.buildIntent({
    swapper: trader.address,
    sellToken: weth.address,
    sellAmount: 10n ** 18n,
    buyToken: usdc.address,
    minBuyAmount: 1_000n * 10n ** 6n,
    sourceChainId: 1,
    destinationChainId,
  });
  return { trader, weth, usdc, intent };
}

/**
 * Signs and submits through POST /v1/intents/batch, `size` intents a request (one intake group each), `concurrency`
 * requests at a time; a refused item or request is counted by code and, with `retryUntilMs`, tried again every 200 ms.
 */
export async function submitBatches(
  url: string,
  planned: PlannedIntent[],
  size = 50,
  concurrency = 2,
  retryUntilMs?: number,
): Promise<{ accepted: { i: number; hash: Hex }[]; refused: Record<string, number> }> {
  const accepted: { i: number; hash: Hex }[] = [];
  const refused: Record<string, number> = {};
  const chunks: number[][] = [];
  for (let i = 0; i < planned.length; i += size) chunks.push(planned.slice(i, i + size).map((_, k) => i + k));
  const wire = await Promise.all(
    planned.map(async (p) => ({ intent: serializeIntent(p.intent), signature: await signIntent(p.intent, p.account) })),
  );
  const refuse = (code: string) => (refused[code] = (refused[code] ?? 0) + 1);
  await forEachConcurrently(chunks, concurrency, async (chunk) => {
    let left = chunk;
    for (;;) {
      const again: number[] = [];
      try {
        const res = await fetch(`${url}/v1/intents/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ intents: left.map((i) => wire[i]) }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json()) as {
          results?: { index: number; hash?: Hex; error?: { code: string } }[];
          error?: { code: string };
        };
        if (!body.results) {
          refuse(body.error?.code ?? `HTTP_${res.status}`);
          again.push(...left);
        } else
          for (const r of body.results) {
            if (r.hash) accepted.push({ i: left[r.index], hash: r.hash });
            // on a retry, a duplicate was accepted by the earlier try whose answer was lost
            else if (r.error?.code === 'DUPLICATE_INTENT' && left !== chunk)
              accepted.push({ i: left[r.index], hash: hashIntent(planned[left[r.index]].intent) });
            else {
              refuse(r.error?.code ?? 'UNKNOWN');
              again.push(left[r.index]);
            }
          }
      } catch {
        refuse('UNREACHABLE');
        again.push(...left);
      }
      if (!again.length || retryUntilMs === undefined || Date.now() > retryUntilMs) return;
      left = again;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  return { accepted, refused };
}
