// Chain market benchmark: 1,000 real Uniswap pools (V2 pairs and V3 pools from the npm artifacts) on a local EVM,
// read over HTTP JSON-RPC by ChainMarketSource. Figures: the cold load; the per-block update with 100 changed pools;
// quote latency on the chain-loaded market against the same market held in memory (parsed from its JSON, as
// StaticMarketSource holds it), beside the generated 1,000-pool demo market for scale.
// Setup (not timed): pools are created through the real factories and filled through their real entry points, with
// transactions sent straight to the in-process provider (eth_sendTransaction from a dev account, no gas estimate).
// Prints ONE JSON object (--json: nothing else). Run: npm run bench:market -- --json (builds first).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const {
  startLocalChain,
  serveJsonRpc,
  ChainMarketSource,
  mockErc20Abi,
  mockErc20Bytecode,
  MULTICALL3_ADDRESS,
} = require('@intentmesh/chain');
const R = require('@intentmesh/routing');
const { createPublicClient, http, encodeFunctionData, maxUint256 } = require('viem');
const V2Factory = require('@uniswap/v2-core/build/UniswapV2Factory.json');
const V2Pair = require('@uniswap/v2-core/build/UniswapV2Pair.json');
const V3Factory = require('@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json');
const NPM = require('@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json');
const Router = require('@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json');

const JSON_ONLY = process.argv.includes('--json');
const say = (...a) => JSON_ONLY || console.error(...a);
const PORT = Number(process.env.BENCH_MARKET_PORT ?? 17401);
const TOKENS = 60; // 1,770 distinct pairs for the 1,000 pools
const V2_POOLS = Number(process.env.BENCH_V2_POOLS ?? 800);
const V3_POOLS = Number(process.env.BENCH_V3_POOLS ?? 200);
const QUOTES = 300;
const E18 = 10n ** 18n;

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const hex = (s) => (s.startsWith('0x') ? s : `0x${s}`);
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const local = await startLocalChain({ chainId: 1 });
const { provider, publicClient, testClient } = local;
const owner = local.accounts[0].address.toLowerCase();
const wallet = local.walletFor(local.accounts[0]);
const mined = async (hash) => publicClient.waitForTransactionReceipt({ hash });
const deploy = async (abi, bytecode, args) =>
  (await mined(await wallet.deployContract({ abi, bytecode: hex(bytecode), args }))).contractAddress.toLowerCase();
const send = (to, abi, functionName, args, gas = 6_000_000n) =>
  provider.request({
    method: 'eth_sendTransaction',
    params: [{ from: owner, to, data: encodeFunctionData({ abi, functionName, args }), gas: `0x${gas.toString(16)}` }],
  });
const read = (address, abi, functionName, args) => publicClient.readContract({ address, abi, functionName, args });

const setupStarted = performance.now();
// Multicall3 at its canonical address (its creation code as viem ships it)
const mcCode = /multicall3Bytecode = '(0x[0-9a-f]+)'/.exec(
  readFileSync(join(dirname(require.resolve('viem')), 'constants', 'contracts.js'), 'utf8'),
)[1];
await testClient.setCode({
  address: MULTICALL3_ADDRESS,
  bytecode: await publicClient.getCode({ address: await deploy([], mcCode, []) }),
});
const v2Factory = await deploy(V2Factory.abi, V2Factory.bytecode, [owner]);
const v3Factory = await deploy(V3Factory.abi, V3Factory.bytecode, []);
const npm = await deploy(NPM.abi, NPM.bytecode, [v3Factory, owner, owner]);
const router = await deploy(Router.abi, Router.bytecode, [v3Factory, owner]);
const tokens = [];
for (let i = 0; i < TOKENS; i++) {
  const decimals = i % 4 === 1 ? 6 : 18;
  const t = await deploy(mockErc20Abi, mockErc20Bytecode, [`T${i}`, `T${i}`, decimals]);
  tokens.push({ address: t, decimals, priceUsd: 1 + Math.floor(rand() * 3000) });
  await send(t, mockErc20Abi, 'mint', [owner, 10n ** 45n]);
  await send(t, mockErc20Abi, 'approve', [npm, maxUint256]);
  await send(t, mockErc20Abi, 'approve', [router, maxUint256]);
}
/** Raw amount of token t worth `usd` dollars. */
const worth = (t, usd) =>
  (BigInt(Math.round(usd * 1e6)) * 10n ** BigInt(t.decimals)) / BigInt(Math.round(t.priceUsd * 1e6));
const pairsOf = new Set();
const pick = () => {
  for (;;) {
    const a = Math.floor(rand() * TOKENS);
    const b = Math.floor(rand() * TOKENS);
    const k = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (a !== b && !pairsOf.has(k)) return (pairsOf.add(k), [tokens[a], tokens[b]]);
  }
};
const v2 = [];
for (let i = 0; i < V2_POOLS; i++) {
  const [a, b] = pick();
  const usd = 10_000 + rand() * 5_000_000;
  await send(v2Factory, V2Factory.abi, 'createPair', [a.address, b.address]);
  const pair = (await read(v2Factory, V2Factory.abi, 'getPair', [a.address, b.address])).toLowerCase();
  await send(a.address, mockErc20Abi, 'transfer', [pair, worth(a, usd)]);
  await send(b.address, mockErc20Abi, 'transfer', [pair, worth(b, usd)]);
  await send(pair, V2Pair.abi, 'mint', [owner]);
  v2.push({ pair, a, b });
  if (i % 200 === 199) say(`v2 pairs: ${i + 1}`);
}
const FEES = [
  [500, 10],
  [3000, 60],
  [10000, 200],
];
const v3 = [];
for (let i = 0; i < V3_POOLS; i++) {
  const [x, y] = pick();
  const [a, b] = BigInt(x.address) < BigInt(y.address) ? [x, y] : [y, x];
  const [fee, spacing] = FEES[i % 3];
  // price of b per a in raw units, from the reference prices
  const price = (a.priceUsd / b.priceUsd) * 10 ** (b.decimals - a.decimals);
  const sqrt = BigInt(Math.floor(Math.sqrt(price) * 2 ** 48)) * 2n ** 48n;
  const tick = Math.floor(Math.log(price) / Math.log(1.0001));
  await send(npm, NPM.abi, 'createAndInitializePoolIfNecessary', [a.address, b.address, fee, sqrt]);
  const usd = 50_000 + rand() * 2_000_000;
  for (const width of [10, 40, 200]) {
    const lo = Math.floor((tick - width * spacing) / spacing) * spacing;
    const hi = Math.ceil((tick + width * spacing) / spacing) * spacing;
    await send(npm, NPM.abi, 'mint', [
      {
        token0: a.address,
        token1: b.address,
        fee,
        tickLower: lo,
        tickUpper: hi,
        amount0Desired: worth(a, usd),
        amount1Desired: worth(b, usd),
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: owner,
        deadline: maxUint256,
      },
    ]);
  }
  v3.push({
    pool: (await read(v3Factory, V3Factory.abi, 'getPool', [a.address, b.address, fee])).toLowerCase(),
    a,
    b,
    fee,
  });
  if (i % 100 === 99) say(`v3 pools: ${i + 1}`);
}
const setupMs = performance.now() - setupStarted;
say(`setup: ${Math.round(setupMs)} ms`);

const rpcStats = {};
const timed = {
  request: async (args) => {
    const t0 = performance.now();
    try {
      return await provider.request(args);
    } finally {
      const s = (rpcStats[args.method] ??= { n: 0, ms: 0 });
      s.n++;
      s.ms += performance.now() - t0;
    }
  },
};
const rpc = await serveJsonRpc(process.env.BENCH_RPC_STATS ? timed : provider, { port: PORT });
const client = createPublicClient({ transport: http(rpc.url, { batch: { batchSize: 200 } }) });
const factories = [
  { kind: 'v2', address: v2Factory },
  { kind: 'v3', address: v3Factory },
];
const tokenSpecs = tokens.map((t) => ({ address: t.address, priceUsdE18: BigInt(t.priceUsd) * E18 }));
const newSource = () =>
  new ChainMarketSource({
    client,
    chainId: 1,
    factories,
    tokens: tokenSpecs,
    gasPriceWei: 10n ** 9n,
    nativeToken: tokens[0].address,
    maxPools: 1000,
    multicall3: process.env.BENCH_MULTICALL === 'off' ? null : undefined,
  });

// 1. cold load, three times (a new source each time)
const cold = [];
let source;
for (let i = 0; i < 3; i++) {
  source = newSource();
  const t0 = performance.now();
  await source.start();
  cold.push(performance.now() - t0);
}
const market = source.current();
if (process.env.BENCH_RPC_STATS) console.error(JSON.stringify(rpcStats));
const v3Ticks = market.pools.filter((p) => p.kind === 'concentrated').reduce((s, p) => s + p.ticks.length, 0);

// 2. per-block update: 100 pools swapped in one block (70 V2, 30 V3), then one sync
await testClient.setAutomine(false);
const updates = [];
for (let round = 0; round < 5; round++) {
  for (const { pair, a, b } of v2.slice(round * 70, round * 70 + 70)) {
    const amountIn = worth(a, 1000);
    const [r0, r1] = await read(pair, V2Pair.abi, 'getReserves');
    const zeroForOne = BigInt(a.address) < BigInt(b.address);
    const [rin, rout] = zeroForOne ? [r0, r1] : [r1, r0];
    const out = (amountIn * 997n * rout) / (rin * 1000n + amountIn * 997n);
    await send(a.address, mockErc20Abi, 'transfer', [pair, amountIn], 100_000n);
    await send(pair, V2Pair.abi, 'swap', [zeroForOne ? 0n : out, zeroForOne ? out : 0n, owner, '0x'], 200_000n);
  }
  for (const { a, b, fee } of v3.slice(round * 30, round * 30 + 30)) {
    await send(
      router,
      Router.abi,
      'exactInputSingle',
      [
        {
          tokenIn: a.address,
          tokenOut: b.address,
          fee,
          recipient: owner,
          deadline: maxUint256,
          amountIn: worth(a, 1000),
          amountOutMinimum: 0n,
          sqrtPriceLimitX96: 0n,
        },
      ],
      400_000n,
    );
  }
  await testClient.mine({ blocks: 1 });
  const block = await publicClient.getBlock({ includeTransactions: false });
  const t0 = performance.now();
  const r = await source.sync();
  updates.push({ ms: performance.now() - t0, changed: r.changed, txs: block.transactions.length });
}
await testClient.setAutomine(true);
// the updated market equals a fresh full load: the figure is for a correct update
const updated = source.current();
const check = newSource();
await check.start();
const sameAsFresh =
  JSON.stringify(R.serializeMarket(updated).pools) === JSON.stringify(R.serializeMarket(check.current()).pools);

// 3. quotes: chain-loaded market vs the same market in memory (its JSON parsed), vs the generated 1,000-pool market
const inMemory = R.parseMarket(JSON.parse(JSON.stringify(R.serializeMarket(updated))));
const profile = { maxHops: 3, maxSplits: 4, allowBridges: false };
function quoteTimes(m, requests) {
  const q = R.createQuoter(m, profile);
  for (const r of requests.slice(0, 20)) q.quote(r); // warm the code paths, not the cache: those pairs come again only once
  const times = [];
  let routed = 0;
  for (const r of requests) {
    const t0 = performance.now();
    if (q.quote(r)) routed++;
    times.push(performance.now() - t0);
  }
  return { p50: p50(times), routed };
}
const requestsFor = (m, n) => {
  const out = [];
  const ts = m.tokens.filter((t) => t.priceUsdE18 > 0n);
  for (let i = 0; i < n; i++) {
    const a = ts[Math.floor(rand() * ts.length)];
    let b = ts[Math.floor(rand() * ts.length)];
    if (b === a || b.chainId !== a.chainId) b = ts.find((t) => t !== a && t.chainId === a.chainId);
    const usd = 100 + rand() * 20_000;
    out.push({
      sellToken: a.address,
      buyToken: b.address,
      sourceChainId: a.chainId,
      destinationChainId: a.chainId,
      sellAmount: (BigInt(Math.round(usd * 1e6)) * 10n ** BigInt(a.decimals) * E18) / (a.priceUsdE18 * 10n ** 6n),
    });
  }
  return out;
};
const requests = requestsFor(updated, QUOTES);
// alternate the order so neither side always runs warm
const chainQ = [];
const memQ = [];
for (let i = 0; i < 3; i++) {
  chainQ.push(quoteTimes(updated, requests));
  memQ.push(quoteTimes(inMemory, requests));
}
const generated = R.generateMarket({ seed: 1, poolCount: 1000 });
const genQ = quoteTimes(generated, requestsFor(generated, QUOTES));

await rpc.close();
await local.close();

const coldMs = p50(cold);
const updateMs = p50(updates.map((u) => u.ms));
const chainP50 = p50(chainQ.map((q) => q.p50));
const memP50 = p50(memQ.map((q) => q.p50));
const out = {
  bench: 'market',
  rpc: 'serveJsonRpc over HTTP (in-process EDR), Multicall3 at 0xca11...',
  pools: {
    v2: market.pools.filter((p) => p.kind === 'constantProduct').length,
    v3: market.pools.filter((p) => p.kind === 'concentrated').length,
    v3TicksLoaded: v3Ticks,
    tokens: market.tokens.length,
  },
  setupMs: Math.round(setupMs),
  coldLoadMs: { runs: cold.map((x) => Math.round(x)), p50: Math.round(coldMs), target: 5000, ok: coldMs <= 5000 },
  updateMs: {
    changedPoolsPerBlock: updates.map((u) => u.changed),
    runs: updates.map((u) => Math.round(u.ms * 10) / 10),
    p50: Math.round(updateMs * 10) / 10,
    target: 50,
    ok: updateMs <= 50,
    sameAsFreshLoad: sameAsFresh,
  },
  quoteP50Ms: {
    chainLoaded: Math.round(chainP50 * 1000) / 1000,
    inMemorySameMarket: Math.round(memP50 * 1000) / 1000,
    ratio: Math.round((chainP50 / memP50) * 1000) / 1000,
    target: 'ratio <= 1.10',
    ok: chainP50 <= memP50 * 1.1,
    routed: chainQ[0].routed,
    generatedDemoMarket1000: Math.round(genQ.p50 * 1000) / 1000,
    profile,
  },
};
console.log(JSON.stringify(out, null, JSON_ONLY ? 0 : 2));
