import { parseArgs } from 'node:util';
import { createPublicClient, erc20Abi, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { toAddress, IntentMeshError, serializeIntent, type Hex } from '@intentmesh/protocol';
import { loadEnvKey } from '../keys';
import { createProgress } from '../progress';
import { apiClient, apiFlags, valueFlags } from '../options';
import { register } from '../registry';
import { findToken } from '../tokens';
import { formatUnitsExact, parseAmount } from '../units';

/** Refuses before signing when the swapper holds less than it sells (read from the source chain's RPC). */
async function checkBalance(
  rpcUrl: string,
  token: { address: string; symbol: string; decimals: number },
  owner: Address,
  amount: bigint,
): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) });
  let balance: bigint;
  try {
    balance = await client.readContract({
      address: toAddress(token.address, `${token.symbol}'s address`),
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [owner],
    });
  } catch (cause) {
    throw new IntentMeshError(`Could not read the ${token.symbol} balance at ${rpcUrl}.`, {
      code: 'UNREACHABLE',
      cause,
    });
  }
  if (balance < amount) {
    throw new IntentMeshError(
      `${owner} holds ${formatUnitsExact(balance, token.decimals)} ${token.symbol}, less than the ${formatUnitsExact(amount, token.decimals)} ${token.symbol} it would sell.`,
      {
        code: 'INSUFFICIENT_BALANCE',
        details: { balance: balance.toString(), amount: amount.toString() },
      },
    );
  }
}

register({
  name: 'submit',
  summary: 'Sign an intent from flags and submit it; --wait follows it to its award',
  help: `Usage: intentmesh submit --sell TOKEN --amount N --buy TOKEN --min N [--chain ID] [--to-chain ID]
                         [--recipient 0x..] [--deadline-sec N] [--keystore FILE] [--raw] [--rpc-url URL]
                         [--wait] [--timeout ms] [--json] [--url URL]

Sells --amount of --sell for at least --min of --buy. Tokens by symbol (WETH) or address; amounts in
human units (1.5), converted to base units with the token's decimals exactly (more decimals than the
token has are refused); with --raw both are base units. A human amount of more than 10^12 whole tokens is
refused as a likely base-unit slip. --chain is the source chain (default 1); --to-chain the destination
(default the same). The deadline is --deadline-sec from now (default 600).

Balance guard: with --rpc-url (or INTENTMESH_RPC_URL) for the source chain, the swapper's sell-token balance
is read first and a sale above it is refused (INSUFFICIENT_BALANCE, exit 3) before anything is signed.

Key: INTENTMESH_PRIVATE_KEY, or --keystore FILE (Web3 Secret Storage v3) with the password from
INTENTMESH_KEYSTORE_PASSWORD or a hidden prompt. The key signs locally; only the signature is sent.

Prints the intent hash. With --wait, follows it (a live progress line on a terminal) until awarded,
or exits 1 on timeout/expiry. --json prints {hash, status, intent} (and the award view with --wait).

Examples:
  INTENTMESH_PRIVATE_KEY=0x... intentmesh submit --sell WETH --amount 1 --buy USDC --min 1000 --wait
  intentmesh submit --sell WETH --amount 0.5 --buy USDC --min 900 --to-chain 10 --keystore me.json --json
  intentmesh submit --sell WETH --amount 500000000000000000 --buy USDC --min 900000000 --raw --rpc-url http://127.0.0.1:8545`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...valueFlags('sell', 'amount', 'buy', 'min', 'to-chain', 'recipient', 'keystore', 'rpc-url'),
        chain: { type: 'string', default: '1' },
        'deadline-sec': { type: 'string', default: '600' },
        timeout: { type: 'string', default: '30000' },
        raw: { type: 'boolean' },
        wait: { type: 'boolean' },
        ...apiFlags,
      },
    });
    for (const f of ['sell', 'amount', 'buy', 'min'] as const) {
      if (!values[f])
        throw new IntentMeshError(`--${f} is required (intentmesh submit --help shows an example).`, {
          code: 'INVALID_ARGUMENT',
        });
    }
    const chain = Number(values.chain);
    const toChain = Number(values['to-chain'] ?? values.chain);
    const deadlineSec = Number(values['deadline-sec']);
    if (![chain, toChain].every((c) => Number.isSafeInteger(c) && c > 0))
      throw new IntentMeshError('--chain and --to-chain must be chain ids (e.g. 1, 10).', { code: 'UNKNOWN_CHAIN' });
    if (!Number.isSafeInteger(deadlineSec) || deadlineSec < 1)
      throw new IntentMeshError('--deadline-sec must be a positive whole number of seconds.', {
        code: 'INVALID_ARGUMENT',
      });
    if (values.recipient && !/^0x[0-9a-fA-F]{40}$/.test(values.recipient))
      throw new IntentMeshError('--recipient must be a 0x address.', { code: 'INVALID_ADDRESS' });

    const key = await loadEnvKey('INTENTMESH', io.env, values.keystore);
    const account = privateKeyToAccount(key);
    const client = apiClient(values.url, io);
    const [sell, buy] = await Promise.all([
      findToken(client, chain, values.sell!),
      findToken(client, toChain, values.buy!),
    ]);
    const sellAmount = parseAmount(values.amount!, sell, { raw: values.raw, flag: '--amount' });
    const minBuyAmount = parseAmount(values.min!, buy, { raw: values.raw, flag: '--min' });
    const rpcUrl = values['rpc-url'] ?? io.env.INTENTMESH_RPC_URL;
    if (rpcUrl) await checkBalance(rpcUrl, sell, account.address, sellAmount);
    const intent = client.buildIntent({
      swapper: account.address,
      sellToken: sell.address,
      sellAmount,
      buyToken: buy.address,
      minBuyAmount,
      recipient: values.recipient as Hex | undefined,
      sourceChainId: chain,
      destinationChainId: toChain,
      deadlineInSec: deadlineSec,
    });
    const signature = await client.signIntent(intent, account);
    const { hash, status } = await client.submitIntent(intent, signature);
    if (!values.wait) {
      if (values.json) io.out(JSON.stringify({ hash, status, intent: serializeIntent(intent) }));
      else
        io.out(
          `submitted ${hash}  (${formatUnitsExact(sellAmount, sell.decimals)} ${sell.symbol} -> at least ${formatUnitsExact(minBuyAmount, buy.decimals)} ${buy.symbol})\nfollow it: intentmesh status ${hash} --wait`,
        );
      return 0;
    }
    if (!values.json) io.err(`submitted ${hash}`);
    const progress = createProgress(hash, io, { json: values.json });
    let view;
    try {
      view = await client.waitForAward(hash, { timeoutMs: Number(values.timeout), onStatus: progress.onStatus });
    } finally {
      progress.stop();
    }
    if (values.json) io.out(JSON.stringify(view));
    else {
      const a = view.award!.award;
      io.out(
        `${hash}  ${view.status}  ${formatUnitsExact(BigInt(a.buyAmount), buy.decimals)} ${buy.symbol} from ${a.solver} (auction ${view.auctionId})`,
      );
    }
    return 0;
  },
});
