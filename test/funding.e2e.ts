// Funding and signatures, as the settlement contract sees them: distributed apps (real NATS, PostgreSQL, separate
// processes) reading a local EVM over JSON-RPC (CHAIN_RPC_URLS). The API refuses what cannot settle (balance,
// allowance, nonce, signature), the auctioneer holds out intents that lost their funding, and an EIP-1271 wallet's
// intent settles.
import {
  intentSettlementAbi,
  mockErc1271WalletAbi,
  mockErc1271WalletBytecode,
  mockErc20Abi,
  toSolidityAward,
  toSolidityIntent,
  type DemoChain,
  type RpcServer,
} from '@intentmesh/chain';
import {
  SECP256K1_N,
  auctionRecordDigest,
  createDigestSigner,
  getChainDomain,
  hashAuctionRecord,
  hashAward,
  hashIntent,
  serializeSignedIntent,
} from '@intentmesh/protocol';
import { generateMarket } from '@intentmesh/routing';
import {
  askContractSignatures,
  checkContractSignatures,
  createIntentMeshClient,
  verifyAuction,
  type Intent,
} from '@intentmesh/sdk';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  custom,
  encodeFunctionData,
  type Address,
  type Hex,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { startChainMarketplace, type Marketplace } from './support/chainMarketplace';
import { cli } from './support/cli';
import { waitFor, STOP_TIMEOUT_MS } from './support/processes';
import { MARKET_POOLS, MARKET_SEED } from './support/trader';

type View = {
  status: string;
  statusReason: string | null;
  attempts: number;
  history: { auctionId: string; outcome: string }[];
  award: { award: { solver: string; buyAmount: string } } | null;
  settlement: { txHash: Hex } | null;
};
type Refusal = { error: { code: string; message: string; details: Record<string, unknown> } };

describe('funding - intake and auction checks against the source chain', () => {
  let chain: DemoChain;
  let rpc: RpcServer;
  let m: Marketplace;
  const market = generateMarket({ seed: MARKET_SEED, poolCount: MARKET_POOLS });
  const token = (symbol: string) =>
    market.tokens.find((t) => t.chainId === 1 && t.symbol === symbol)!.address as Address;
  const weth = token('WETH');
  const usdc = token('USDC');
  let nonce = 0n;
  const intentFor = (swapper: Address, over: Partial<Intent> = {}): Intent => ({
    swapper: swapper.toLowerCase() as Address,
    sellToken: weth,
    sellAmount: 10n ** 18n,
    buyToken: usdc,
    minBuyAmount: 1_000n * 10n ** 6n,
    recipient: swapper.toLowerCase() as Address,
    sourceChainId: 1,
    destinationChainId: 1,
    nonce: ++nonce,
    deadline: Math.floor(Date.now() / 1000) + 600,
    ...over,
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${m.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as Refusal & { hash?: Hex; results?: (Refusal & { hash?: Hex })[] },
    };
  };
  const sign = (intent: Intent, account: PrivateKeyAccount) =>
    createIntentMeshClient({ url: m.url }).signIntent(intent, account);
  const submit = async (intent: Intent, signature: Hex) =>
    post('/v1/intents', serializeSignedIntent({ intent, signature }));
  const view = async (hash: string): Promise<View> =>
    (await fetch(`${m.url}/v1/intents/${hash}`)).json() as Promise<View>;
  const balanceOf = (who: Address, t = weth) =>
    chain.local.publicClient.readContract({ address: t, abi: mockErc20Abi, functionName: 'balanceOf', args: [who] });
  // its own client: LocalChain.walletFor caches by address, and the faucet left an impersonating (json-rpc) one there
  const traderWallet = (account: PrivateKeyAccount) =>
    createWalletClient({
      chain: chain.local.chain,
      transport: custom(chain.local.provider, { retryCount: 0 }),
      account,
    });
  const mined = async (hash: Hex) => chain.local.publicClient.waitForTransactionReceipt({ hash });
  const fresh = () => privateKeyToAccount(generatePrivateKey());
  const gas = async (who: Address) => chain.local.testClient.setBalance({ address: who, value: 10n ** 19n });

  beforeAll(async () => {
    ({ chain, rpc, m } = await startChainMarketplace('funding', market, { RETRY_DELAY_MS: '300' }));
  }, 90_000);
  afterAll(async () => {
    await m?.stop();
    await rpc?.close();
    await chain?.close();
  }, STOP_TIMEOUT_MS);

  it('funding - unfunded, approved-but-empty, funded-but-unapproved and used-nonce intents are refused with their own codes', async () => {
    // a fresh key: no tokens, no approval
    const empty = fresh();
    // a signature over another intent is refused as such before any funding is read
    const r1 = await submit(intentFor(empty.address), await sign(intentFor(empty.address, { nonce: 1000n }), empty));
    expect(r1).toMatchObject({ status: 400, body: { error: { code: 'INVALID_SIGNATURE' } } });
    const i1 = intentFor(empty.address);
    const unfunded = await submit(i1, await sign(i1, empty));
    expect(unfunded).toMatchObject({
      status: 422,
      body: { error: { code: 'INSUFFICIENT_BALANCE', details: { required: i1.sellAmount.toString(), balance: '0' } } },
    });
    expect(unfunded.body.error.message).toMatch(/holds 0 .* sells 1000000000000000000; fund the swapper/);

    // approved, but holding nothing
    const approvedOnly = fresh();
    await gas(approvedOnly.address);
    await mined(
      await traderWallet(approvedOnly).writeContract({
        address: weth,
        abi: mockErc20Abi,
        functionName: 'approve',
        args: [chain.settlement, 10n ** 30n],
      }),
    );
    const i2 = intentFor(approvedOnly.address);
    expect(await submit(i2, await sign(i2, approvedOnly))).toMatchObject({
      status: 422,
      body: { error: { code: 'INSUFFICIENT_BALANCE' } },
    });

    // holding the tokens, no approval
    const unapproved = fresh();
    await chain.mint({ token: weth, to: unapproved.address, amount: 10n ** 18n });
    const i3 = intentFor(unapproved.address);
    const r3 = await submit(i3, await sign(i3, unapproved));
    expect(r3).toMatchObject({
      status: 422,
      body: { error: { code: 'INSUFFICIENT_ALLOWANCE', details: { allowance: '0', spender: chain.settlement } } },
    });
    expect(r3.body.error.message).toMatch(/approve it for at least that/);

    // funded and approved, but the nonce is already cancelled in the settlement's bitmap
    const cancelled = fresh();
    await chain.faucet({ token: weth, to: cancelled.address, amount: 10n ** 18n });
    const i4 = intentFor(cancelled.address, { nonce: 777n });
    await mined(
      await traderWallet(cancelled).writeContract({
        address: chain.settlement,
        abi: intentSettlementAbi,
        functionName: 'cancelNonce',
        args: [777n],
      }),
    );
    expect(await submit(i4, await sign(i4, cancelled))).toMatchObject({
      status: 409,
      body: { error: { code: 'NONCE_USED', details: { onChain: true, nonce: '777' } } },
    });

    // the batch route gives each item its own verdict, with the same codes
    const ok = intentFor(cancelled.address);
    const batch = await post('/v1/intents/batch', {
      intents: [
        serializeSignedIntent({ intent: i1, signature: await sign(i1, empty) }),
        serializeSignedIntent({ intent: i3, signature: await sign(i3, unapproved) }),
        serializeSignedIntent({ intent: i4, signature: await sign(i4, cancelled) }),
        serializeSignedIntent({ intent: ok, signature: await sign(ok, cancelled) }),
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results!.map((r) => r.error?.code ?? 'accepted')).toEqual([
      'INSUFFICIENT_BALANCE',
      'INSUFFICIENT_ALLOWANCE',
      'NONCE_USED',
      'accepted',
    ]);
  }, 60_000);

  it('funding - an accepted intent whose swapper moves the tokens away waits as unfunded, then is auctioned and settled once funded again', async () => {
    const trader = fresh();
    await chain.faucet({ token: weth, to: trader.address, amount: 10n ** 18n });
    const intent = intentFor(trader.address);
    const signature = await sign(intent, trader);
    // the auctioneer is paused between the API's check and the transfer, so the order of events is certain
    m.apps.auctioneer.child.kill('SIGSTOP');
    let hash: Hex;
    try {
      const accepted = await submit(intent, signature);
      expect(accepted.status).toBe(201);
      hash = accepted.body.hash!;
      await mined(
        await traderWallet(trader).writeContract({
          address: weth,
          abi: mockErc20Abi,
          functionName: 'transfer',
          args: [chain.local.accounts[5].address, 10n ** 18n],
        }),
      );
    } finally {
      m.apps.auctioneer.child.kill('SIGCONT');
    }
    const held = await waitFor('the intent to be held out as unfunded', async () => {
      const v = await view(hash);
      return v.status === 'unfunded' && v;
    });
    expect(held).toMatchObject({ status: 'unfunded', statusReason: 'INSUFFICIENT_BALANCE', attempts: 0, award: null });
    // it keeps waiting (re-checked every retry) and is never put in an auction while unfunded
    await new Promise((r) => setTimeout(r, 1500));
    expect(await view(hash)).toMatchObject({ status: 'unfunded', attempts: 0 });

    await chain.faucet({ token: weth, to: trader.address, amount: 10n ** 18n });
    const settled = await waitFor(
      'the refunded intent to settle',
      async () => {
        const v = await view(hash);
        return v.status === 'settled' && v;
      },
      40_000,
    );
    expect(settled).toMatchObject({
      statusReason: null,
      settlement: { txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) },
    });
    expect(settled.attempts).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(trader.address)).toBe(0n);
    expect(await balanceOf(trader.address, usdc)).toBeGreaterThanOrEqual(BigInt(settled.award!.award.buyAmount));
  }, 60_000);

  it('signatures - the API accepts exactly the v and s forms the settlement contract accepts (v 0/1/27/28, high s)', async () => {
    const trader = fresh();
    await chain.faucet({ token: weth, to: trader.address, amount: 10n ** 20n });
    const auctioneer = createDigestSigner(m.auctioneerEnv.AUCTIONEER_PRIVATE_KEY as Hex);
    const solver = privateKeyToAccount(m.solverKeys[0] as Hex).address.toLowerCase() as Address;
    /** The contract's verdict on the signature alone: settle() reverts with InvalidSwapperSignature, or gets past it. */
    const contractAccepts = async (intent: Intent, signature: Hex): Promise<boolean> => {
      const award = {
        auctionId: `0x${'ab'.repeat(32)}` as Hex,
        intentHash: hashIntent(intent),
        solver,
        buyAmount: intent.minBuyAmount,
        settleBy: intent.deadline,
      };
      const awardSignature = auctioneer.signDigest(hashAward(award, getChainDomain(1)));
      try {
        await chain.local.publicClient.simulateContract({
          account: solver,
          address: chain.settlement,
          // the token's errors too: past the checks, the settlement's own payment of the award is what fails
          abi: [...intentSettlementAbi, ...mockErc20Abi.filter((e) => e.type === 'error')],
          functionName: 'settle',
          args: [toSolidityIntent(intent), signature, toSolidityAward(award), awardSignature, []],
        });
        throw new Error('settle() with no interactions cannot deliver anything; it must revert');
      } catch (err) {
        const revert =
          err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
        if (!(revert instanceof ContractFunctionRevertedError)) throw err;
        // past the signature check the next refusal is the missing delivery: with no interactions the settlement
        // tries to pay the award from the solver, who never approved it
        if (
          ['InsufficientDelivery', 'InsufficientAllowance', 'InsufficientBalance'].includes(
            revert.data?.errorName ?? '',
          )
        )
          return true;
        if (revert.data?.errorName === 'InvalidSwapperSignature') return false;
        throw err;
      }
    };
    const withV = (sig: Hex, v: number) => (sig.slice(0, 130) + v.toString(16).padStart(2, '0')) as Hex;
    const highS = (sig: Hex) => {
      const s = SECP256K1_N - BigInt(`0x${sig.slice(66, 130)}`);
      const v = parseInt(sig.slice(130), 16);
      return (sig.slice(0, 66) + s.toString(16).padStart(64, '0') + (v === 27 ? '1c' : '1b')) as Hex;
    };
    const forms: [string, (sig: Hex) => Hex][] = [
      ['as signed (v 27/28)', (s) => s],
      ['v as the other of 27/28', (s) => withV(s, parseInt(s.slice(130), 16) === 27 ? 28 : 27)],
      ['v as 0/1', (s) => withV(s, parseInt(s.slice(130), 16) - 27)],
      ['v as the other of 0/1', (s) => withV(s, 28 - parseInt(s.slice(130), 16))],
      ['high s (the malleable twin)', highS],
      [
        'high s with v as 0/1',
        (s) => {
          const h = highS(s);
          return withV(h, parseInt(h.slice(130), 16) - 27);
        },
      ],
    ];
    const verdicts: [string, boolean, boolean][] = [];
    for (const [label, form] of forms) {
      const intent = intentFor(trader.address);
      const signature = form(await sign(intent, trader));
      // the contract first: once the API accepts, a solver may settle the intent and use its nonce
      const contract = await contractAccepts(intent, signature);
      const api = await submit(intent, signature);
      expect([label, api.status === 201 || api.body.error.code === 'INVALID_SIGNATURE']).toEqual([label, true]);
      verdicts.push([label, api.status === 201, contract]);
    }
    // one verdict on and off chain, and it is the expected one: only the signature as signed passes
    expect(verdicts.map(([label, api]) => [label, api])).toEqual(
      verdicts.map(([label, , contract]) => [label, contract]),
    );
    expect(verdicts.map(([label, api]) => [label, api])).toEqual(forms.map(([label], i) => [label, i === 0]));
  }, 60_000);

  it("signatures - an EIP-1271 wallet's intent is checked on chain, accepted and settled", async () => {
    const owner = fresh();
    const deployer = chain.local.walletFor(chain.local.accounts[0]);
    const deployed = await mined(
      await deployer.deployContract({
        abi: mockErc1271WalletAbi,
        bytecode: mockErc1271WalletBytecode,
        args: [owner.address],
      }),
    );
    const wallet = deployed.contractAddress!.toLowerCase() as Address;
    await gas(owner.address);
    await chain.mint({ token: weth, to: wallet, amount: 10n ** 18n });
    const approve = encodeFunctionData({
      abi: mockErc20Abi,
      functionName: 'approve',
      args: [chain.settlement, 10n ** 30n],
    });
    await mined(
      await traderWallet(owner).writeContract({
        address: wallet,
        abi: mockErc1271WalletAbi,
        functionName: 'execute',
        args: [weth, 0n, approve],
      }),
    );

    // signed by the owner key over an intent whose swapper is the wallet: no ECDSA key recovers to the wallet
    const intent = intentFor(wallet);
    const byStranger = await submit(intent, await sign(intent, fresh()));
    expect(byStranger).toMatchObject({ status: 400, body: { error: { code: 'INVALID_SIGNATURE' } } });
    const accepted = await submit(intent, await sign(intent, owner));
    expect(accepted.status).toBe(201);
    const settled = await waitFor(
      'the wallet intent to settle',
      async () => {
        const v = await view(accepted.body.hash!);
        return v.status === 'settled' && v;
      },
      40_000,
    );
    expect(await balanceOf(wallet)).toBe(0n);
    expect(await balanceOf(wallet, usdc)).toBeGreaterThanOrEqual(BigInt(settled.award!.award.buyAmount));

    // the record cites the block at which the auctioneer itself asked the wallet, and verifies offline and online
    const auctionId = settled.history.at(-1)!.auctionId as Hex;
    const record = await createIntentMeshClient({ url: m.url }).getAuction(auctionId);
    const entry = record.intents.find((e) => e.hash === accepted.body.hash)!;
    const cited = entry.contractSignature!;
    const block = await chain.local.publicClient.getBlock({ blockNumber: BigInt(cited.blockNumber) });
    expect(cited).toEqual({ chainId: 1, blockNumber: Number(block.number), blockHash: block.hash });
    expect(verifyAuction(record, { auctioneer: m.auctioneerAddress })).toMatchObject({ ok: true, problems: [] });
    const ask = askContractSignatures(new Map([[1, chain.local.publicClient]]));
    expect(await checkContractSignatures(record, ask)).toEqual([]);
    const audit = await cli([
      'audit',
      auctionId,
      '--auctioneer',
      m.auctioneerAddress,
      '--url',
      m.url,
      '--rpc-url',
      rpc.url,
    ]);
    expect(audit).toMatchObject({ code: 0 });
    expect(audit.stdout).toContain('EIP-1271: 1 signature(s) asked again at the cited block on chain 1');

    // tampered: another block hash is caught offline (the record no longer hashes) and online (the chain says otherwise)
    const copy = () => JSON.parse(JSON.stringify(record)) as typeof record;
    const forged = copy();
    forged.intents.find((e) => e.hash === entry.hash)!.contractSignature = {
      ...cited,
      blockHash: `0x${'ab'.repeat(32)}`,
    };
    expect(verifyAuction(forged, { auctioneer: m.auctioneerAddress }).problems.map((p) => p.code)).toEqual([
      'RECORD_HASH_MISMATCH',
    ]);
    expect((await checkContractSignatures(forged, ask)).map((p) => p.code)).toEqual(['BAD_CONTRACT_SIGNATURE']);
    // even signed by the auctioneer key, a citation of a block before the wallet existed is refused by the chain there
    const auctioneerKey = createDigestSigner(m.auctioneerEnv.AUCTIONEER_PRIVATE_KEY as Hex);
    const early = copy();
    const before = await chain.local.publicClient.getBlock({ blockNumber: deployed.blockNumber - 1n });
    early.intents.find((e) => e.hash === entry.hash)!.contractSignature = {
      chainId: 1,
      blockNumber: Number(before.number),
      blockHash: before.hash,
    };
    early.recordHash = hashAuctionRecord(early);
    early.signature = auctioneerKey.signDigest(auctionRecordDigest(early));
    expect(verifyAuction(early, { auctioneer: m.auctioneerAddress })).toMatchObject({ ok: true });
    const refused = await checkContractSignatures(early, ask);
    expect(refused).toEqual([expect.objectContaining({ code: 'BAD_CONTRACT_SIGNATURE' })]);
    expect(refused[0].message).toMatch(/refuses the signature at block/);
    const file = join(mkdtempSync(join(tmpdir(), 'im-1271-')), 'record.json');
    writeFileSync(file, JSON.stringify(early));
    const offline = await cli(['audit', '--file', file, '--auctioneer', m.auctioneerAddress]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/EIP-1271: 1 signature\(s\) taken on the auctioneer's signed citation/);
    const online = await cli(['audit', '--file', file, '--auctioneer', m.auctioneerAddress], {
      INTENTMESH_RPC_URL: rpc.url,
    });
    expect(online.code).toBe(1);
    expect(online.stdout).toContain('BAD_CONTRACT_SIGNATURE');
  }, 90_000);
});
