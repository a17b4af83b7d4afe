import { parseArgs } from 'node:util';
import { IntentMeshError } from '@intentmesh/protocol';
import { apiClient, apiFlags, valueFlags, wholeNumber } from '../options';
import { register } from '../registry';
import { findToken } from '../tokens';
import { formatUnitsExact, parseAmount } from '../units';

register({
  name: 'quote',
  summary: 'Indicative price from the healthy solvers (not binding)',
  help: `Usage: intentmesh quote --sell <token> --buy <token> --amount <n> --chain <id> [--to-chain <id>] [--raw]
                        [--slippage-bps n] [--json] [--url URL]

Asks the marketplace's healthy solvers for an indicative price (one round, about 300 ms) and prints the
best buyAmount, the spread of answers, who answered, and a suggested minBuyAmount for an intent.
Tokens are 0x addresses or symbols of the chain's token list (GET /v1/tokens). --amount is in human units
of the sell token (1.5 WETH), converted exactly with its decimals; with --raw it is base units (wei).
Every amount printed carries its symbol. Exit 3 with NO_QUOTE when no healthy solver answered in time.

Options:
  --sell, --buy       token sold and bought (address or symbol)
  --amount            sell amount in human units (1.5); base units with --raw
  --raw               --amount is base units (e.g. 1000000000000000000 for 1 token of 18 decimals)
  --chain             source chain id
  --to-chain          destination chain id (default: the source chain)
  --slippage-bps      slippage for the suggested minBuyAmount (default 50 = 0.5 %)
  --json              print the API's answer as JSON
  --url               API base URL (default INTENTMESH_URL or http://127.0.0.1:3000)

Example:
  intentmesh quote --sell WETH --buy USDC --amount 1 --chain 1
  intentmesh quote --sell WETH --buy USDC --amount 1000000000000000000 --raw --chain 1 --to-chain 10`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...valueFlags('sell', 'buy', 'amount', 'chain', 'to-chain', 'slippage-bps'),
        raw: { type: 'boolean' },
        ...apiFlags,
      },
    });
    const missing = (['sell', 'buy', 'amount', 'chain'] as const).filter((k) => !values[k]);
    if (missing.length) {
      io.err(`quote needs ${missing.map((m) => `--${m}`).join(', ')}; see intentmesh quote --help`);
      return 2;
    }
    const sourceChainId = wholeNumber('chain', values.chain)!;
    const destinationChainId = wholeNumber('to-chain', values['to-chain']) ?? sourceChainId;
    const client = apiClient(values.url, io);
    // with --raw an unlisted token needs no decimals: its amounts are printed as base units of its address
    const resolve = (token: string, chainId: number) =>
      findToken(client, chainId, token).catch((err: unknown) => {
        if (values.raw && err instanceof IntentMeshError && err.code === 'UNKNOWN_TOKEN')
          return { address: token, symbol: `base units of ${token}`, decimals: 0 };
        throw err;
      });
    const [sell, buy] = await Promise.all([
      resolve(values.sell!, sourceChainId),
      resolve(values.buy!, destinationChainId),
    ]);
    const sellAmount = parseAmount(values.amount!, sell, { raw: values.raw, flag: '--amount' });
    const quote = await client.getQuote({
      sellToken: sell.address,
      buyToken: buy.address,
      sellAmount,
      sourceChainId,
      destinationChainId,
      slippageBps: wholeNumber('slippage-bps', values['slippage-bps']),
    });
    if (values.json) {
      io.out(JSON.stringify(quote));
      return 0;
    }
    const fmt = (base: string) => `${formatUnitsExact(BigInt(base), buy.decimals)} ${buy.symbol}`;
    io.out(
      [
        `indicative (not binding): ${formatUnitsExact(sellAmount, sell.decimals)} ${sell.symbol} -> ${fmt(quote.buyAmount)}`,
        `suggested minBuyAmount at ${quote.slippageBps} bps: ${fmt(quote.minBuyAmount)}`,
        `spread over ${quote.spread.count} of ${quote.asked} healthy solvers: min ${fmt(quote.spread.min)}, median ${fmt(quote.spread.median)}, max ${fmt(quote.spread.max)}`,
        ...quote.solvers.map((s) => `  ${s.solver}  ${fmt(s.buyAmount)}  ${s.latencyMs} ms`),
        `answered in ${quote.elapsedMs} ms`,
      ].join('\n'),
    );
    return 0;
  },
});
