import { indexMarket } from '../market/marketIndex';
import { tokenKey } from '../market/tokenKey';
import { formatUnits } from '../market/units';
import type { Market, Route } from '../types';

/** Human-readable, multi-line description of a route: paths, legs, venues, amounts in token units, gas. */
export function explainRoute(route: Route, market: Market): string {
  const index = indexMarket(market);
  const tok = (chainId: number, address: string) => {
    const k = index.tokenIdx.get(tokenKey(chainId, address));
    return k === undefined ? { symbol: address, decimals: 0 } : index.tokens[k];
  };
  const amt = (chainId: number, address: string, v: bigint) => {
    const t = tok(chainId, address);
    return `${formatUnits(v, t.decimals)} ${t.symbol}`;
  };
  const r = route.request;
  const sell = tok(r.sourceChainId, r.sellToken);
  const buy = tok(r.destinationChainId, r.buyToken);
  const totalGas = route.paths.reduce((a, p) => a + p.legs.reduce((b, l) => b + l.gas, 0n), 0n);
  const lines = [
    `Route ${sell.symbol} (chain ${r.sourceChainId}) -> ${buy.symbol} (chain ${r.destinationChainId})`,
    `  in  ${amt(r.sourceChainId, r.sellToken, route.amountIn)}`,
    `  out ${amt(r.destinationChainId, r.buyToken, route.amountOut)}`,
    `  gas ${totalGas} units, about ${amt(r.sourceChainId, r.sellToken, route.gasCostInSellToken)}`,
    `  ${route.paths.length} path${route.paths.length === 1 ? '' : 's'}`,
  ];
  route.paths.forEach((p, k) => {
    const first = p.legs[0];
    const last = p.legs[p.legs.length - 1];
    // In a flow a path may draw what earlier paths produced: its share is of the sell amount only when it sells.
    const sells = first.chainIdIn === r.sourceChainId && first.tokenIn === r.sellToken;
    const share = route.amountIn === 0n ? 0 : Number((p.amountIn * 10000n) / route.amountIn) / 100;
    const label = sells ? `${share.toFixed(2)}%` : 'from earlier paths';
    lines.push(
      `  path ${k + 1} (${label}): ${amt(first.chainIdIn, first.tokenIn, p.amountIn)} -> ${amt(last.chainIdOut, last.tokenOut, p.amountOut)}`,
    );
    p.legs.forEach((l, j) => {
      const v = index.venues[index.venueById.get(l.poolId) ?? -1];
      let venue: string = l.kind;
      if (v?.pool?.kind === 'constantProduct') venue = `constant product ${v.pool.feeBps / 100}%`;
      else if (v?.pool?.kind === 'concentrated') venue = `concentrated ${v.pool.fee / 10000}%`;
      else if (v?.pool?.kind === 'stableSwap')
        venue = `stableswap ${Number(v.pool.fee) / 1e8}% A=${v.pool.amplification}`;
      else if (v?.bridge) venue = `bridge ${l.chainIdIn}->${l.chainIdOut}, ~${v.bridge.delaySeconds}s`;
      const where = l.chainIdIn === l.chainIdOut ? `chain ${l.chainIdIn}` : `chains ${l.chainIdIn}->${l.chainIdOut}`;
      lines.push(
        `    ${j + 1}. ${venue} ${l.poolId} on ${where}: ${amt(l.chainIdIn, l.tokenIn, l.amountIn)} -> ${amt(l.chainIdOut, l.tokenOut, l.amountOut)} (gas ${l.gas})`,
      );
    });
  });
  return lines.join('\n');
}
