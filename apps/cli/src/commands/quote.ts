import { parseArgs } from 'node:util';
import { formatUnits } from 'viem';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { IntentMeshError } from '@intentmesh/protocol';
import { register } from '../registry';

register({
  name: 'quote',
  summary: 'Indicative price from the healthy solvers (not binding)',
  help: `Usage: intentmesh quote --sell <token> --buy <token> --amount <wei> --chain <id> [--to-chain <id>] [--slippage-bps n] [--json] [--url URL]

Asks the marketplace's healthy solvers for an indicative price (one round, about 300 ms) and prints the
best buyAmount, the spread of answers, who answered, and a suggested minBuyAmount for an intent.
Tokens are 0x addresses or symbols of the chain's token list (GET /v1/tokens); amounts are base units (wei).
Exit 1 with NO_QUOTE when no healthy solver answered in time.

Options:
  --sell, --buy       token sold and bought (address or symbol)
  --amount            exact sell amount in base units, e.g. 1000000000000000000 for 1 token of 18 decimals
  --chain             source chain id
  --to-chain          destination chain id (default: the source chain)
  --slippage-bps      slippage for the suggested minBuyAmount (default 50 = 0.5 %)
  --json              print the API's answer as JSON
  --url               API base URL (default INTENTMESH_URL or http://127.0.0.1:3000)

Example:
  intentmesh quote --sell WETH --buy USDC --amount 1000000000000000000 --chain 1`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        sell: { type: 'string' },
        buy: { type: 'string' },
        amount: { type: 'string' },
        chain: { type: 'string' },
        'to-chain': { type: 'string' },
        'slippage-bps': { type: 'string' },
        json: { type: 'boolean' },
        url: { type: 'string' },
      },
    });
    const missing = (['sell', 'buy', 'amount', 'chain'] as const).filter((k) => !values[k]);
    if (missing.length) {
      io.err(`quote needs ${missing.map((m) => `--${m}`).join(', ')}; see intentmesh quote --help`);
      return 2;
    }
    const number = (flag: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      if (!/^[0-9]+$/.test(v)) throw new IntentMeshError(`--${flag} must be a whole number.`, { code: 'SCHEMA_INVALID', details: { field: flag } });
      return Number(v);
    };
    if (!/^[0-9]+$/.test(values.amount!)) throw new IntentMeshError('--amount must be a whole number of base units (wei), digits only.', { code: 'INVALID_AMOUNT', details: { field: 'amount' } });
    const sourceChainId = number('chain', values.chain)!;
    const destinationChainId = number('to-chain', values['to-chain']) ?? sourceChainId;
    const client = createIntentMeshClient({ url: values.url ?? io.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000' });
    // symbols are looked up in the API's token list; anything starting with 0x is taken as an address
    const resolve = async (token: string, chainId: number) => (token.startsWith('0x') ? { address: token, symbol: token.slice(0, 10), decimals: undefined } : client.getToken(chainId, token));
    const [sell, buy] = await Promise.all([resolve(values.sell!, sourceChainId), resolve(values.buy!, destinationChainId)]);
    const quote = await client.getQuote({
      sellToken: sell.address,
      buyToken: buy.address,
      sellAmount: BigInt(values.amount!),
      sourceChainId,
      destinationChainId,
      slippageBps: number('slippage-bps', values['slippage-bps']),
    });
    if (values.json) {
      io.out(JSON.stringify(quote));
      return 0;
    }
    const fmt = (wei: string) => (buy.decimals === undefined ? wei : `${formatUnits(BigInt(wei), buy.decimals)} ${buy.symbol} (${wei})`);
    io.out(
      [
        `indicative (not binding): ${values.amount} ${sell.symbol} -> ${fmt(quote.buyAmount)}`,
        `suggested minBuyAmount at ${quote.slippageBps} bps: ${fmt(quote.minBuyAmount)}`,
        `spread over ${quote.spread.count} of ${quote.asked} healthy solvers: min ${quote.spread.min}, median ${quote.spread.median}, max ${quote.spread.max}`,
        ...quote.solvers.map((s) => `  ${s.solver}  ${s.buyAmount}  ${s.latencyMs} ms`),
        `answered in ${quote.elapsedMs} ms`,
      ].join('\n'),
    );
    return 0;
  },
});

