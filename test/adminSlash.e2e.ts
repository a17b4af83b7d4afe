// `intentmesh admin slash` against a real SolverRegistry on the local EVM: the lapse evidence comes from a signed
// record (served the way the API serves it), is verified offline and on the source chain, and only then slashes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  intentSettlementAbi,
  serveJsonRpc,
  solverRegistryAbi,
  solverRegistryBytecode,
  startDemoChain,
  type DemoChain,
  type RpcServer,
} from '@intentmesh/chain';
import { main } from '@intentmesh/cli';
import { type Address, type AuctionRecordJSON, type Hex, type LapseEvidenceJSON } from '@intentmesh/protocol';
import { parseEther, parseEventLogs } from 'viem';
import { copy, honestAuction, resign } from '../libs/auction/test/testAuction';
import { STOP_TIMEOUT_MS } from './support/processes';

describe('admin slash - SolverRegistry slashing driven by lapse evidence from the audit trail', () => {
  let chain: DemoChain;
  let rpc: RpcServer;
  let api: Server;
  let url: string;
  const records = new Map<string, AuctionRecordJSON>();
  const first = honestAuction({
    intents: [{ minBuyAmount: 1000n }],
    solvers: [0],
    bids: [{ solver: 0, fills: [{ intent: 0, buyAmount: 1100n }] }],
  });
  const { auctioneer } = first;
  const award = first.record.awards[0];
  const operator = first.record.solvers[0].operator! as Address;
  const governanceKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as Hex; // dev key 0
  const recipient = '0x000000000000000000000000000000000000beef' as Address;
  let timelocked: Address;

  /** A record after `first` that lists one lapse of its award, the chain read up to `block`. */
  const lapseRecord = (block: { number: bigint; hash: Hex; timestamp: bigint }) => {
    const lapse: LapseEvidenceJSON = {
      award,
      sourceChainId: 1,
      operator,
      kind: 'lapsed',
      decidedAt: award.award.settleBy * 1000 + 1500,
      checkedBlock: { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) },
    };
    const r = copy(first.next({ intents: [{ minBuyAmount: 1000n }], solvers: [0], bids: [] }).record);
    r.closedAt = Math.max(r.closedAt, lapse.decidedAt + 1);
    r.lapses = [lapse];
    return resign(r, auctioneer);
  };
  const publish = (r: AuctionRecordJSON) => (records.set(r.auctionId, r), r);
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['admin', 'slash', ...args], {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      env: { GOVERNANCE_PRIVATE_KEY: governanceKey, ...env },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const flags = (r: AuctionRecordJSON, registry: Address, amount: bigint) => [
    '--auction',
    r.auctionId,
    '--auctioneer',
    auctioneer.address,
    '--registry',
    registry,
    '--rpc',
    rpc.url,
    '--source-rpc',
    rpc.url,
    '--amount',
    amount.toString(),
    '--recipient',
    recipient,
    '--url',
    url,
    '--json',
  ];
  const bondOf = (registry: Address) =>
    chain.local.publicClient.readContract({
      address: registry,
      abi: solverRegistryAbi,
      functionName: 'bondOf',
      args: [operator],
    });
  const bond = async (registry: Address, amount: bigint) => {
    // the operator's key is the test kit's; the local chain lets us send as it
    await chain.local.testClient.impersonateAccount({ address: operator });
    await chain.local.testClient.setBalance({ address: operator, value: parseEther('10') });
    const hash = await chain.local.publicClient.request({
      method: 'eth_sendTransaction',
      params: [
        {
          from: operator,
          to: registry,
          value: `0x${amount.toString(16)}`,
          data: (await import('viem')).encodeFunctionData({
            abi: solverRegistryAbi,
            functionName: 'bond',
            args: [amount],
          }),
        },
      ],
    } as never);
    await chain.local.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
  };

  beforeAll(async () => {
    const nobody = '0x000000000000000000000000000000000000dead' as Address;
    chain = await startDemoChain({ chainId: 1, auctioneer: nobody, attester: nobody, tokens: [], registry: {} });
    rpc = await serveJsonRpc(chain.local.provider, { port: 0 });
    const wallet = chain.local.walletFor(chain.local.accounts[0]);
    const deployed = await chain.local.publicClient.waitForTransactionReceipt({
      hash: await wallet.deployContract({
        abi: solverRegistryAbi,
        bytecode: solverRegistryBytecode,
        // one hour between scheduling a slash and carrying it out, a week to unbond
        args: ['0x0000000000000000000000000000000000000000', 7n * 86_400n, chain.local.accounts[0].address, 3600n],
      }),
    });
    timelocked = deployed.contractAddress!;
    api = createServer((req, res) => {
      const r = records.get(req.url?.split('/').at(-1) ?? '');
      res.writeHead(r ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r ?? { error: { code: 'AUCTION_NOT_FOUND', message: 'no such auction', details: {} } }));
    });
    await new Promise<void>((ok) => api.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    publish(first.record);
  }, 120_000);
  afterAll(async () => {
    await new Promise((ok) => api?.close(ok));
    await rpc?.close();
    await chain?.close();
  }, STOP_TIMEOUT_MS);

  it('admin slash - verifies the lapse offline and on the source chain, then slashes the operator on a registry without timelock', async () => {
    await bond(chain.registry!, parseEther('1'));
    const head = await chain.local.publicClient.getBlock();
    const r = publish(lapseRecord(head));
    const done = await cli(flags(r, chain.registry!, parseEther('0.4')));
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    const out = JSON.parse(done.out) as { step: string; txHash: Hex; evidenceHash: string; slashed: string };
    expect(out).toMatchObject({ step: 'slash', evidenceHash: r.recordHash, slashed: parseEther('0.4').toString() });
    expect(await bondOf(chain.registry!)).toBe(parseEther('0.6'));
    const receipt = await chain.local.publicClient.getTransactionReceipt({ hash: out.txHash });
    const [slashed] = parseEventLogs({ abi: solverRegistryAbi, eventName: 'Slashed', logs: receipt.logs });
    expect({
      ...slashed.args,
      operator: slashed.args.operator.toLowerCase(),
      recipient: slashed.args.recipient.toLowerCase(),
    }).toMatchObject({ operator, evidenceHash: r.recordHash, recipient });
    expect(await chain.local.publicClient.getBalance({ address: recipient })).toBe(parseEther('0.4'));
  }, 60_000);

  it('admin slash - on a timelocked registry it schedules, refuses before the delay, and slashes once due', async () => {
    await bond(timelocked, parseEther('1'));
    const r = publish(lapseRecord(await chain.local.publicClient.getBlock()));
    const scheduled = await cli(flags(r, timelocked, parseEther('0.25')));
    expect(scheduled.code).toBe(0);
    expect(JSON.parse(scheduled.out)).toMatchObject({ step: 'schedule' });
    expect(await bondOf(timelocked)).toBe(parseEther('1'));
    const early = await cli(flags(r, timelocked, parseEther('0.25')));
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/scheduled and due at \d+/);
    await chain.local.setTime((await chain.local.now()) + 3601n);
    const due = await cli(flags(r, timelocked, parseEther('0.25')));
    expect(due.code).toBe(0);
    expect(JSON.parse(due.out)).toMatchObject({ step: 'slash', slashed: parseEther('0.25').toString() });
    expect(await bondOf(timelocked)).toBe(parseEther('0.75'));
  }, 60_000);

  it('admin slash - sends nothing for a tampered record, a key that is not governance, or a lapse whose nonce the chain shows used', async () => {
    const before = await bondOf(chain.registry!);
    // tampered: the lapse moved to another operator, the record not re-signed
    const tampered = copy(lapseRecord(await chain.local.publicClient.getBlock()));
    tampered.lapses![0].operator = recipient;
    publish(tampered);
    const bad = await cli(flags(tampered, chain.registry!, 1n));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/RECORD_HASH_MISMATCH/);
    // a key that is not the registry's governance
    const honest = publish(lapseRecord(await chain.local.publicClient.getBlock()));
    const stranger = await cli(flags(honest, chain.registry!, 1n), {
      GOVERNANCE_PRIVATE_KEY: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    });
    expect(stranger.code).toBe(2);
    expect(stranger.err).toMatch(/KEY_UNAVAILABLE.*not the registry's governance/);
    // the swapper cancels the nonce; a "lapse" read up to a block after that does not hold on chain
    const { swapper, nonce } = first.record.intents[0].intent;
    await chain.local.testClient.impersonateAccount({ address: swapper as Address });
    await chain.local.testClient.setBalance({ address: swapper as Address, value: parseEther('1') });
    const { encodeFunctionData } = await import('viem');
    const tx = await chain.local.publicClient.request({
      method: 'eth_sendTransaction',
      params: [
        {
          from: swapper,
          to: chain.settlement,
          data: encodeFunctionData({ abi: intentSettlementAbi, functionName: 'cancelNonce', args: [BigInt(nonce)] }),
        },
      ],
    } as never);
    await chain.local.publicClient.waitForTransactionReceipt({ hash: tx as Hex });
    const used = publish(lapseRecord(await chain.local.publicClient.getBlock()));
    const refused = await cli(flags(used, chain.registry!, 1n));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/nonce was used by block \d+/);
    expect(await bondOf(chain.registry!)).toBe(before);
  }, 60_000);
});
