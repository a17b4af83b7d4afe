import { LiveMarket, ChainMarketSource, startLocalChain, type LocalChain } from '@intentmesh/chain';
import type { AuctionOpen } from '@intentmesh/protocol';
import type { Address } from 'viem';
import { deployUniswap, type Uniswap } from '../../../test/support/uniswap';
import { solverEnvSchema, solverMarketConfig } from './config';
import { createReferenceQuote } from './referenceQuote';

const E18 = 10n ** 18n;
let local: LocalChain;
let uni: Uniswap;
let A: Address, B: Address, pair: Address;

beforeAll(async () => {
  local = await startLocalChain({ chainId: 31337 });
  uni = await deployUniswap(local);
  A = await uni.token('AAA', 18);
  B = await uni.token('BBB', 18);
  pair = await uni.v2Pair(A, B, 1000n * E18, 2000n * E18);
}, 60_000);
afterAll(() => local?.close());

const auction = (n: number): AuctionOpen =>
  ({
    auctionId: `0x${n.toString(16).padStart(64, '0')}`,
    auctioneer: `0x${'00'.repeat(20)}`,
    openedAt: 0,
    bidWindowMs: 1000,
    intents: [
      {
        hash: `0x${'ab'.repeat(32)}`,
        signature: `0x${'22'.repeat(65)}`,
        intent: {
          swapper: A,
          sellToken: A,
          sellAmount: E18,
          buyToken: B,
          minBuyAmount: 1n,
          recipient: A,
          sourceChainId: 31337,
          destinationChainId: 31337,
          nonce: 0n,
          deadline: 2_000_000_000,
        },
      },
    ],
  }) as AuctionOpen;

describe('reference solver - live chain market', () => {
  it('bids what the pair pays on chain, and after an outside swap the next auction bids the moved price', async () => {
    const live = new LiveMarket({
      sources: [
        new ChainMarketSource({
          client: local.publicClient,
          chainId: 31337,
          factories: [{ kind: 'v2', address: uni.v2Factory }],
        }),
      ],
    });
    await live.start();
    const quote = createReferenceQuote({ market: live, profile: 'direct', marginBps: 0 });
    const ctx = async () => (
      await live.sync(),
      { deadline: Date.now() + 500, signal: new AbortController().signal, market: live.current() }
    );
    const first = await quote(auction(1), await ctx());
    const [rA, rB] = BigInt(A) < BigInt(B) ? [1000n * E18, 2000n * E18] : [2000n * E18, 1000n * E18];
    const expected =
      (E18 * 997n * (BigInt(A) < BigInt(B) ? rB : rA)) / ((BigInt(A) < BigInt(B) ? rA : rB) * 1000n + E18 * 997n);
    expect(first[0].fills[0].buyAmount).toBe(expected);
    await uni.swapV2(pair, A, 100n * E18); // someone else sells A: it buys less B now
    const second = await quote(auction(2), await ctx());
    expect(second[0].fills[0].buyAmount).toBeLessThan(first[0].fills[0].buyAmount);
    const m = live.current();
    const p = m.pools[0];
    if (p.kind !== 'constantProduct') throw new Error('expected the V2 pair');
    const [rin, rout] = p.token0 === A ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0];
    expect(second[0].fills[0].buyAmount).toBe((E18 * 997n * rout) / (rin * 1000n + E18 * 997n));
    await live.close();
  });
});

describe('solver config - market', () => {
  const parse = (env: Record<string, string>) => solverMarketConfig(solverEnvSchema.parse({ ...env }));
  it('reads SOLVER_MARKET_CONFIG as JSON, SOLVER_RPC_URLS as dev chains, and neither as no chain market', () => {
    const config = parse({
      SOLVER_MARKET_CONFIG: JSON.stringify({
        chains: [
          {
            chainId: 1,
            rpcUrl: 'http://127.0.0.1:17499',
            factories: [{ kind: 'v2', address: `0x${'5c'.repeat(20)}`, fromBlock: '100' }],
            tokens: [{ address: `0x${'c0'.repeat(20)}`, priceUsd: '3000.5' }],
          },
        ],
      }),
    });
    expect(config?.chains[0]).toMatchObject({
      chainId: 1,
      maxPools: 1000,
      tickWords: 2,
      factories: [{ kind: 'v2', fromBlock: 100n }],
    });
    expect(parse({ SOLVER_RPC_URLS: '31337=http://127.0.0.1:8545' })?.chains[0]).toMatchObject({
      chainId: 31337,
      factories: 'any',
    });
    expect(parse({})).toBeUndefined();
  });
  it('names the bad field of a wrong configuration', () => {
    expect(() => parse({ SOLVER_MARKET_CONFIG: '{"chains":[{"chainId":1,"rpcUrl":"nope"}]}' })).toThrow(
      /chains\.0\.rpcUrl/,
    );
    expect(() => parse({ SOLVER_MARKET_CONFIG: '/no/such/file.json' })).toThrow(/no file/);
  });
});
