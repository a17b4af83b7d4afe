import { parseArgs } from 'node:util';
import { verifyAuction, type AuctionRecordJSON } from '@intentmesh/sdk';
import {
  IntentMeshError,
  addressSchema,
  bytes32Schema,
  getChain,
  parseOrThrow,
  type Address,
  type Hex,
  toAddress,
} from '@intentmesh/protocol';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  keccak256,
  parseAbi,
  parseEventLogs,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { loadEnvKey } from '../keys';
import { apiClient, apiFlags, valueFlags } from '../options';
import { register } from '../registry';

// the few SolverRegistry and IntentSettlement functions used here (the CLI carries no contract artifacts)
const registryAbi = parseAbi([
  'function governance() view returns (address)',
  'function bondOf(address operator) view returns (uint256)',
  'function timelockDelay() view returns (uint256)',
  'function readyAt(bytes32 operation) view returns (uint256)',
  'function scheduleSlash(address operator, uint256 amount, bytes32 evidenceHash, address recipient) returns (bytes32)',
  'function slash(address operator, uint256 amount, bytes32 evidenceHash, address recipient)',
  'event Slashed(address indexed operator, uint256 amount, bytes32 indexed evidenceHash, address recipient)',
]);
const settlementAbi = parseAbi(['function isNonceUsed(address swapper, uint256 nonce) view returns (bool)']);

type Lapse = NonNullable<AuctionRecordJSON['lapses']>[number];

/**
 * Checks one lapse against the source chain: the named block is on that chain (same hash) and the intent's nonce was
 * still unused there, so neither `settle` nor a cross-chain `open` (both consume it) had happened by settleBy.
 */
async function checkOnChain(
  lapse: Lapse,
  awarding: AuctionRecordJSON,
  client: Pick<PublicClient, 'getBlock' | 'readContract'>,
): Promise<string | undefined> {
  if (lapse.kind !== 'lapsed' || !lapse.checkedBlock) return undefined; // a signed report needs no chain read
  const entry = awarding.intents.find((e) => e.hash === lapse.award.award.intentHash);
  if (!entry) return `auction ${awarding.auctionId} does not hold intent ${lapse.award.award.intentHash}`;
  const settlement = getChain(lapse.sourceChainId)?.settlement;
  if (!settlement) return `no settlement address for chain ${lapse.sourceChainId}`;
  const block = await client.getBlock({ blockNumber: BigInt(lapse.checkedBlock.number) });
  if (block.hash.toLowerCase() !== lapse.checkedBlock.hash.toLowerCase())
    return `block ${lapse.checkedBlock.number} on chain ${lapse.sourceChainId} is ${block.hash}, not ${lapse.checkedBlock.hash}`;
  const used = await client.readContract({
    address: settlement,
    abi: settlementAbi,
    functionName: 'isNonceUsed',
    args: [toAddress(entry.intent.swapper, 'the intent swapper'), BigInt(entry.intent.nonce)],
    blockNumber: BigInt(lapse.checkedBlock.number),
  });
  if (used)
    return `the intent's nonce was used by block ${lapse.checkedBlock.number}: it was settled, opened or cancelled`;
  return undefined;
}

register({
  name: 'admin slash',
  summary: "As registry governance, slash a solver operator's bond for a lapsed award, from the audit trail",
  help: `Usage: intentmesh admin slash --auction <auctionId> --registry ADDRESS --rpc URL --amount WEI
         --recipient ADDRESS --auctioneer ADDRESS [--intent HASH] [--source-rpc URL] [--keystore FILE]
         [--url URL] [--json]

Fetches the auction record (through the API) that carries the lapse evidence, verifies the whole record
offline with verifyAuction (the auctioneer's signature on the record and on the lapsed award, settleBy
passed before the lapse was decided, or the solver's own signed failure report), and with --source-rpc
also rechecks a lapse on the intent's source chain (the named block exists with that hash, and the intent's
nonce was still unused there: no settle, no cross-chain open). Then, with the governance key
(GOVERNANCE_PRIVATE_KEY, or --keystore with GOVERNANCE_KEYSTORE_PASSWORD or a prompt), it drives
SolverRegistry on the --rpc chain, citing the record hash as evidence:
  - not yet scheduled: scheduleSlash(operator, amount, recordHash, recipient); run again once due;
  - scheduled and due (or a registry without timelock): slash(...).
A record with several lapses needs --intent to pick one. Nothing is sent when a check fails.

Options:
  --auction ID           the auction whose record lists the lapse (see intentmesh audit)
  --intent HASH          the lapsed intent, when the record lists more than one lapse
  --auctioneer ADDRESS   the auctioneer you trust (or INTENTMESH_AUCTIONEER)
  --registry ADDRESS     the SolverRegistry
  --rpc URL              an RPC of the registry's chain
  --source-rpc URL       an RPC of the intent's source chain, to recheck a lapse there
  --amount WEI           how much of the operator's bond to slash (the registry slashes what there is)
  --recipient ADDRESS    who receives the slashed bond (e.g. the affected swapper)
  --json                 one JSON object: { step, operator, evidenceHash, txHash, readyAt?, slashed? }
  --url URL              the API (default INTENTMESH_URL or http://127.0.0.1:3000)

Exits 0 when the transaction went through, 1 when the evidence does not hold or the transaction failed,
2 on bad usage.

Examples:
  GOVERNANCE_PRIVATE_KEY=0x... intentmesh admin slash --auction 0x5c1f... --auctioneer 0x9b2e... \\
    --registry 0x1d4c... --rpc http://127.0.0.1:8545 --amount 100000000000000000 --recipient 0x77a0...`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...valueFlags('auction', 'intent', 'auctioneer', 'source-rpc'), // the evidence
        ...valueFlags('registry', 'rpc', 'amount', 'recipient', 'keystore'), // the slash transaction
        ...apiFlags,
      },
    });
    const need = (v: string | undefined, flag: string) => {
      if (v === undefined)
        throw new IntentMeshError(`admin slash needs ${flag} (intentmesh admin slash --help).`, {
          code: 'INVALID_ARGUMENT',
        });
      return v;
    };
    const auctionId = parseOrThrow(bytes32Schema, need(values.auction, '--auction'), '--auction') as Hex;
    const auctioneer = parseOrThrow(
      addressSchema,
      need(values.auctioneer ?? io.env.INTENTMESH_AUCTIONEER, '--auctioneer'),
      '--auctioneer',
    );
    const registry = parseOrThrow(addressSchema, need(values.registry, '--registry'), '--registry');
    const recipient = parseOrThrow(addressSchema, need(values.recipient, '--recipient'), '--recipient');
    const rpc = need(values.rpc, '--rpc');
    const amountText = need(values.amount, '--amount');
    if (!/^[1-9][0-9]*$/.test(amountText))
      throw new IntentMeshError('--amount must be a positive whole number of wei.', { code: 'INVALID_ARGUMENT' });
    const amount = BigInt(amountText);
    const key = await loadEnvKey('GOVERNANCE', io.env, values.keystore);

    // 1. the evidence: the record, verified offline as a whole (its lapse evidence included)
    const api = apiClient(values.url, io);
    const record = await api.getAuction(auctionId);
    const verdict = verifyAuction(record, { auctioneer });
    if (!verdict.ok) {
      io.err(`The record of ${auctionId} does not verify; nothing sent:`);
      for (const p of verdict.problems) io.err(`  ${p.code}: ${p.message}`);
      return 1;
    }
    const lapses = (record.lapses ?? []).filter(
      (l) => values.intent === undefined || l.award.award.intentHash === values.intent.toLowerCase(),
    );
    if (lapses.length !== 1) {
      const listed = (record.lapses ?? []).map((l) => `  ${l.award.award.intentHash} (${l.operator}, ${l.kind})`);
      io.err(
        lapses.length
          ? `The record lists ${lapses.length} lapses; pick one with --intent:\n${listed.join('\n')}`
          : `The record of ${auctionId} lists no lapse${values.intent ? ` of intent ${values.intent}` : ''}.`,
      );
      return lapses.length ? 2 : 1;
    }
    const lapse = lapses[0];
    if (values['source-rpc']) {
      const awarding = await api.getAuction(lapse.award.award.auctionId as Hex);
      const source = createPublicClient({ transport: http(values['source-rpc']) });
      const problem = await checkOnChain(lapse, awarding, source).catch((cause) => {
        throw new IntentMeshError(`The source chain RPC did not answer: ${(cause as Error).message.split('\n')[0]}`, {
          code: 'CHAIN_UNAVAILABLE',
          cause,
        });
      });
      if (problem) {
        io.err(`The lapse does not hold on chain ${lapse.sourceChainId}; nothing sent: ${problem}`);
        return 1;
      }
    }

    // 2. the registry: schedule, or carry out once due
    const operator = toAddress(lapse.operator, 'the lapse operator');
    const evidenceHash = record.recordHash as Hex;
    const account = privateKeyToAccount(key);
    const publicClient = createPublicClient({ transport: http(rpc) });
    const chainId = await publicClient.getChainId();
    const chain = defineChain({
      id: chainId,
      name: `chain ${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpc] } },
    });
    const wallet = createWalletClient({ account, chain, transport: http(rpc) });
    const read = <T>(functionName: string, args: unknown[] = []) =>
      publicClient.readContract({ address: registry, abi: registryAbi, functionName, args } as never) as Promise<T>;
    const governance = await read<Address>('governance');
    if (governance.toLowerCase() !== account.address.toLowerCase())
      throw new IntentMeshError(`The key ${account.address} is not the registry's governance (${governance}).`, {
        code: 'KEY_UNAVAILABLE',
      });
    const bond = await read<bigint>('bondOf', [operator]);
    const slashArgs = [operator, amount, evidenceHash, recipient] as const;
    // the timelock's operation id is the hash of the slash call itself
    const operation = keccak256(encodeFunctionData({ abi: registryAbi, functionName: 'slash', args: slashArgs }));
    const [delay, readyAt] = await Promise.all([read<bigint>('timelockDelay'), read<bigint>('readyAt', [operation])]);
    const step = delay === 0n || readyAt !== 0n ? 'slash' : 'schedule';
    const head = await publicClient.getBlock();
    if (step === 'slash' && readyAt > head.timestamp) {
      io.err(`The slash is scheduled and due at ${readyAt} (chain time now ${head.timestamp}); run again then.`);
      return 1;
    }
    let txHash: Hex;
    try {
      const { request } = await publicClient.simulateContract({
        account,
        address: registry,
        abi: registryAbi,
        functionName: step === 'slash' ? 'slash' : 'scheduleSlash',
        args: slashArgs,
      });
      txHash = await wallet.writeContract(request);
    } catch (cause) {
      throw new IntentMeshError(`The registry refused ${step}: ${(cause as Error).message.split('\n')[0]}`, {
        code: 'CHAIN_TX_FAILED',
        cause,
      });
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
    if (receipt.status !== 'success')
      throw new IntentMeshError(`The ${step} transaction ${txHash} reverted.`, { code: 'CHAIN_TX_FAILED' });
    const slashed = parseEventLogs({ abi: registryAbi, eventName: 'Slashed', logs: receipt.logs })[0]?.args.amount;
    const out = {
      step,
      operator,
      intentHash: lapse.award.award.intentHash,
      kind: lapse.kind,
      evidenceHash,
      bondBefore: bond.toString(),
      txHash,
      ...(step === 'schedule' ? { readyAt: (head.timestamp + delay).toString() } : {}),
      ...(slashed !== undefined ? { slashed: slashed.toString() } : {}),
    };
    if (values.json) io.out(JSON.stringify(out));
    else if (step === 'schedule')
      io.out(
        `Scheduled: slash ${amount} wei of operator ${operator}'s bond citing record ${evidenceHash} (tx ${txHash}).\n` +
          `Due in ${delay} s; run the same command again then to carry it out.`,
      );
    else io.out(`Slashed ${slashed} wei of operator ${operator}'s bond citing record ${evidenceHash} (tx ${txHash}).`);
    return 0;
  },
});
