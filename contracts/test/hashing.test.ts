// Property: the contract's EIP-712 digests equal libs/protocol's for arbitrary intents and awards.
import { getChainDomain, hashAward, hashIntent, type Award, type Intent } from '@intentmesh/protocol';
import fc from 'fast-check';
import type { Address, Hex } from 'viem';
import { startLocalChain, type LocalChain } from '@intentmesh/chain';
import {
  deployLocal,
  destinationSettlerAbi,
  intentSettlementAbi,
  toSolidityAward,
  toSolidityIntent,
  type LocalDeployment,
} from '@intentmesh/chain';

import { read } from './fixtures/env';

jest.setTimeout(60_000);

let chain: LocalChain;
let d: LocalDeployment;
beforeAll(async () => {
  chain = await startLocalChain({ chainId: 31337 });
  d = await deployLocal({
    walletClient: chain.walletFor(chain.accounts[0]),
    publicClient: chain.publicClient,
  });
});
afterAll(() => chain?.close());

/** A digest the settlement contract computes (hashIntent, hashAward) for one struct argument. */
const settlementDigest = (functionName: string, struct: unknown) =>
  read<Hex>({ chain }, { address: d.settlement, abi: intentSettlementAbi, functionName, args: [struct] });

const hexOf = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map((b) => ('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')) as Hex);
const address = hexOf(20) as fc.Arbitrary<Address>;
const uint256 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  fc.constantFrom(0n, 1n, (1n << 256n) - 1n, 1n << 255n),
);
const safeUint = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

const intentArb: fc.Arbitrary<Intent> = fc.record({
  swapper: address,
  sellToken: address,
  sellAmount: uint256,
  buyToken: address,
  minBuyAmount: uint256,
  recipient: address,
  sourceChainId: fc.constant(31337), // the domain chain id must be the chain the contract runs on
  destinationChainId: fc.oneof(fc.constant(31337), safeUint),
  nonce: uint256,
  deadline: safeUint,
});

describe('EIP-712 digests match libs/protocol', () => {
  it('hashIntent(intent) on chain == hashIntent(intent, getChainDomain(31337, settlement))', async () => {
    const domain = getChainDomain(31337, d.settlement);
    await fc.assert(
      fc.asyncProperty(intentArb, async (intent) => {
        expect(await settlementDigest('hashIntent', toSolidityIntent(intent))).toBe(hashIntent(intent, domain));
      }),
      { numRuns: 100 },
    );
  });

  it('DestinationSettler.orderIdOf(intent, originSettler) == the origin intent hash', async () => {
    // the destination recomputes the origin's id for any origin chain/settlement, not just its own chain
    await fc.assert(
      fc.asyncProperty(
        intentArb,
        safeUint.filter((n) => n > 0),
        address,
        async (intent, sourceChainId, origin) => {
          const i = { ...intent, sourceChainId };
          const onChain = await chain.publicClient.readContract({
            address: d.destinationSettler,
            abi: destinationSettlerAbi,
            functionName: 'orderIdOf',
            args: [toSolidityIntent(i), origin],
          });
          expect(onChain).toBe(hashIntent(i, getChainDomain(sourceChainId, origin)));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('hashAward(award) on chain == hashAward(award, domain)', async () => {
    const domain = getChainDomain(31337, d.settlement);
    const awardArb: fc.Arbitrary<Award> = fc.record({
      auctionId: hexOf(32),
      intentHash: hexOf(32),
      solver: address,
      buyAmount: uint256,
      settleBy: safeUint,
    });
    await fc.assert(
      fc.asyncProperty(awardArb, async (award) => {
        expect(await settlementDigest('hashAward', toSolidityAward(award))).toBe(hashAward(award, domain));
      }),
      { numRuns: 50 },
    );
  });
});
