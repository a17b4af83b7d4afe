import { GAS_PER_LEG, GAS_PER_TICK_CROSSED, type Edge, type MarketIndex } from '../market/marketIndex';
import { bridgeAmountOut } from '../pools/bridge';
import { type ConcentratedState, swapConcentratedExactIn } from '../pools/concentrated';
import { getAmountOutConstantProduct } from '../pools/constantProduct';
import { exchangeStableSwap, stableInvariant, type StableInvariant, type StableParams } from '../pools/stableSwap';
import type { Leg, RoutePath, StableSwapPool } from '../types';

type CpState = { reserve0: bigint; reserve1: bigint };
export type ExactVenueState = CpState | ConcentratedState | bigint[] | bigint;

/** Exact venue states after trades, keyed by venue; untouched venues read from the market. */
export type ExactStates = Map<number, ExactVenueState>;

type StableBase = { params: StableParams; balances: readonly bigint[]; held: bigint[]; invariant: StableInvariant };
// per index and StableSwap venue: its parameters with the index's rates, and the invariant D of its market balances,
// computed once (every quote that routes through an untouched StableSwap pool started with the same Newton solve for D)
const stableBases = new WeakMap<MarketIndex, Map<number, StableBase>>();
function stableBase(index: MarketIndex, venue: number, pool: StableSwapPool): StableBase {
  let byVenue = stableBases.get(index);
  if (!byVenue) stableBases.set(index, (byVenue = new Map()));
  let b = byVenue.get(venue);
  // the market is an immutable snapshot; the values are compared all the same (three words), so a pool whose balances
  // array was written in place is never priced from a stale D
  if (!b || b.balances !== pool.balances || !sameValues(b.held, pool.balances)) {
    const params = { ...pool, rates: index.stableRates.get(venue)! };
    b = {
      params,
      balances: pool.balances,
      held: pool.balances.slice(),
      invariant: stableInvariant(params, pool.balances),
    };
    byVenue.set(venue, b);
  }
  return b;
}
function sameValues(a: readonly bigint[], b: readonly bigint[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Executes one leg with exact on-chain math, updating states. Null = infeasible. */
export function exactLeg(index: MarketIndex, states: ExactStates, e: Edge, amountIn: bigint): Leg | null {
  const venue = index.venues[e.venue];
  const tokenIn = index.tokens[e.from].address;
  const tokenOut = index.tokens[e.to].address;
  const leg = (amountOut: bigint, gas: bigint, poolId: Leg['poolId']): Leg => ({
    kind: e.kind,
    poolId,
    chainIdIn: e.chainIn,
    chainIdOut: e.chainOut,
    tokenIn,
    tokenOut,
    amountIn,
    amountOut,
    gas,
  });
  if (venue.bridge) {
    const used = (states.get(e.venue) as bigint | undefined) ?? 0n;
    const out = bridgeAmountOut(venue.bridge, amountIn, used);
    if (out === null) return null;
    states.set(e.venue, used + amountIn);
    return leg(out, GAS_PER_LEG.bridge, venue.bridge.id);
  }
  const pool = venue.pool;
  if (amountIn <= 0n) return null;
  if (pool.kind === 'constantProduct') {
    const s = (states.get(e.venue) as CpState | undefined) ?? pool;
    const [rin, rout] = e.zeroForOne ? [s.reserve0, s.reserve1] : [s.reserve1, s.reserve0];
    const out = getAmountOutConstantProduct(amountIn, rin, rout, pool.feeBps);
    if (out <= 0n) return null;
    states.set(
      e.venue,
      e.zeroForOne
        ? { reserve0: rin + amountIn, reserve1: rout - out }
        : { reserve0: rout - out, reserve1: rin + amountIn },
    );
    return leg(out, GAS_PER_LEG.constantProduct, pool.id);
  }
  if (pool.kind === 'concentrated') {
    const s = (states.get(e.venue) as ConcentratedState | undefined) ?? pool;
    const r = swapConcentratedExactIn(pool, s, e.zeroForOne, amountIn);
    if (!r || r.amountOut <= 0n) return null;
    states.set(e.venue, r.state);
    return leg(r.amountOut, GAS_PER_LEG.concentrated + GAS_PER_TICK_CROSSED * BigInt(r.ticksCrossed), pool.id);
  }
  const traded = states.get(e.venue) as bigint[] | undefined;
  const base = stableBase(index, e.venue, pool);
  const r = traded
    ? exchangeStableSwap(base.params, traded, e.i, e.j, amountIn)
    : exchangeStableSwap(base.params, pool.balances, e.i, e.j, amountIn, base.invariant);
  if (!r || r.dy <= 0n) return null;
  states.set(e.venue, r.balances);
  return leg(r.dy, GAS_PER_LEG.stableSwap, pool.id);
}

/** Executes paths one after another so that a pool shared by two paths is seen in its updated state. */
export function evaluatePaths(
  index: MarketIndex,
  paths: ReadonlyArray<{ edges: readonly Edge[]; amountIn: bigint }>,
  states: ExactStates = new Map(),
): { paths: RoutePath[]; amountOut: bigint; states: ExactStates } | null {
  const out: RoutePath[] = [];
  let total = 0n;
  for (const p of paths) {
    if (p.amountIn <= 0n) continue;
    let a = p.amountIn;
    const legs: Leg[] = [];
    for (const e of p.edges) {
      const leg = exactLeg(index, states, e, a);
      if (!leg) return null;
      legs.push(leg);
      a = leg.amountOut;
    }
    out.push({ amountIn: p.amountIn, amountOut: a, legs });
    total += a;
  }
  return { paths: out, amountOut: total, states };
}

/**
 * Executes a flow (see Route): steps in order, each drawing its input from what is held of its first token (the
 * sell amount, or earlier steps' output), so several steps can feed one pool swap. The last step that draws a token
 * takes all that is held of it. Null when a step draws more than is held, a leg cannot fill, or a token other than
 * `to` is left over.
 */
export function evaluateFlow(
  index: MarketIndex,
  from: number,
  to: number,
  amountIn: bigint,
  steps: ReadonlyArray<{ edges: readonly Edge[]; amountIn: bigint }>,
  states: ExactStates = new Map(),
): { paths: RoutePath[]; amountOut: bigint; states: ExactStates } | null {
  const lastDraw = new Map<number, number>();
  steps.forEach((s, k) => s.edges.length > 0 && lastDraw.set(s.edges[0].from, k));
  const held = new Map<number, bigint>([[from, amountIn]]);
  const out: RoutePath[] = [];
  for (let k = 0; k < steps.length; k++) {
    const { edges } = steps[k];
    if (edges.length === 0) return null;
    const token = edges[0].from;
    const have = held.get(token) ?? 0n;
    const draw = lastDraw.get(token) === k ? have : steps[k].amountIn;
    if (draw <= 0n || draw > have) return null;
    held.set(token, have - draw);
    let a = draw;
    const legs: Leg[] = [];
    for (const e of edges) {
      const leg = exactLeg(index, states, e, a);
      if (!leg) return null;
      legs.push(leg);
      a = leg.amountOut;
    }
    const last = edges[edges.length - 1].to;
    held.set(last, (held.get(last) ?? 0n) + a);
    out.push({ amountIn: draw, amountOut: a, legs });
  }
  for (const [token, amount] of held) if (token !== to && amount !== 0n) return null;
  return { paths: out, amountOut: held.get(to) ?? 0n, states };
}
