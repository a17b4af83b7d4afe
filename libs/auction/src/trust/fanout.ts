import { keccakHex, type Address, type FanoutRecordJSON, type Hex } from '@intentmesh/protocol';

const enc = new TextEncoder();
const h = (s: string) => keccakHex(enc.encode(s));

/** Seed of one shard's draw: the auction's seed (keccak(auctionId ‖ previous record hash)) bound to the shard key. */
export function shardSeed(auctionSeed: Hex | string, shardKey: string): Hex {
  return h(`${auctionSeed}|${shardKey}`);
}

/** xoshiro128** seeded with keccak(seed|order): a cheap, specified stream an auditor can reproduce. */
export function seedStream(seed: Hex | string, label: string): () => number {
  const x = h(`${seed}|${label}`);
  const word = (i: number) => parseInt(x.slice(2 + 8 * i, 10 + 8 * i), 16) | 0;
  let a = word(0) | 1,
    c = word(1),
    d = word(2),
    e = word(3);
  return () => {
    const r = Math.imul(rotl(Math.imul(c, 5), 7), 9) >>> 0;
    const t = c << 9;
    d ^= a;
    e ^= c;
    c ^= d;
    a ^= e;
    d ^= t;
    e = rotl(e, 11);
    return r / 4294967296;
  };
}
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher-Yates over a list already in a canonical order (operators sorted by address). */
function seededShuffle<T>(items: T[], seed: Hex | string): T[] {
  const next = seedStream(seed, 'order');
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

export type SeatCandidate = { operator: Address | string; weight: bigint };

/**
 * Systematic probability-proportional-to-size sampling without replacement, one seat per operator.
 * An operator whose weight is at least W/n is taken with certainty and removed (its seat can hold only it),
 * then the rest are drawn with a single random start u in [0, W) and points u + k·W over the operators laid
 * end to end at n x their weight, in an order shuffled by the seed (operators sorted by address, then
 * Fisher-Yates driven by `seedStream(seed, 'order')`). Every operator is thereby invited with
 * probability n·w/W exactly (below the cap), so splitting a stake over operators changes nothing in
 * expectation, and over keys of one operator changes nothing at all. All integer arithmetic: an auditor
 * holding the seed and the weights gets the same set.
 */
export function drawSeats(candidates: readonly SeatCandidate[], seats: number, seed: Hex | string): string[] {
  const canonical: { operator: string; weight: bigint }[] = [];
  for (const c of candidates)
    if (c.weight > 0n) canonical.push({ operator: c.operator.toLowerCase(), weight: c.weight });
  canonical.sort((a, b) => (a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0));
  if (canonical.length <= seats) return canonical.map((c) => c.operator);
  let remaining = seededShuffle(canonical, seed);
  const chosen: string[] = [];
  let n = seats;
  let total = 0n;
  let max = 0n;
  for (const c of remaining) {
    total += c.weight;
    if (c.weight > max) max = c.weight;
  }
  // certainty units: an operator at or above W/n would cover more than one point; it takes one seat outright
  for (;;) {
    const N = BigInt(n);
    if (max * N < total) break;
    const rest: typeof remaining = [];
    for (const c of remaining) {
      if (c.weight * N >= total) {
        chosen.push(c.operator);
        n--;
      } else rest.push(c);
    }
    remaining = rest;
    total = 0n;
    max = 0n;
    for (const c of remaining) {
      total += c.weight;
      if (c.weight > max) max = c.weight;
    }
    if (n <= 0) return chosen;
    if (remaining.length <= n) return chosen.concat(remaining.map((c) => c.operator));
  }
  const N = BigInt(n);
  let point = BigInt(h(`${seed}|start`)) % total; // u in [0, W)
  let k = 0n;
  let cum = 0n;
  for (const c of remaining) {
    cum += c.weight * N;
    // at most one point falls in an operator's span, because its length n·w is below W, the step between points
    if (k < N && point < cum) {
      chosen.push(c.operator);
      k++;
      point += total;
    }
  }
  return chosen;
}

export type NodeCost = { solver: Address; latencyMs: number; inflight: number };

/**
 * Power of two choices over Peak-EWMA latency x (in-flight + 1), within one operator's eligible nodes:
 * two distinct nodes at random, the cheaper one wins. A slow node loses nearly every pairing, yet any
 * node still wins against a slower one, so load spreads without herding on the single fastest.
 */
export function pickNode(nodes: readonly NodeCost[], random: () => number): Address | undefined {
  if (nodes.length <= 1) return nodes[0]?.solver;
  const i = Math.floor(random() * nodes.length);
  let j = Math.floor(random() * (nodes.length - 1));
  if (j >= i) j++;
  const cost = (n: NodeCost) => (n.latencyMs + 1) * (n.inflight + 1);
  const a = nodes[i];
  const b = nodes[j];
  const ca = cost(a);
  const cb = cost(b);
  return ca < cb ? a.solver : cb < ca ? b.solver : random() < 0.5 ? a.solver : b.solver;
}

export type { ShardDrawJSON, FanoutRecordJSON } from '@intentmesh/protocol';

/** Recomputes every shard's invited operators from the record's seed and weights: the auditor's check. */
export function verifyFanout(auctionSeed: string, fanout: FanoutRecordJSON): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  for (const s of fanout.shards) {
    if (s.seed !== shardSeed(auctionSeed, s.key)) problems.push(`${s.key}: seed is not derived from the auction seed`);
    const candidates = Object.entries(s.weights).map(([operator, w]) => ({ operator, weight: BigInt(w) }));
    const eligible = candidates.filter((c) => c.weight > 0n);
    const expected =
      eligible.length <= fanout.inviteAllMax
        ? eligible.map((c) => c.operator)
        : drawSeats(candidates, fanout.seats, s.seed);
    const mode = eligible.length <= fanout.inviteAllMax ? 'all' : 'sampled';
    if (mode !== s.mode) problems.push(`${s.key}: mode ${s.mode}, expected ${mode}`);
    const a = [...expected].sort().join(',');
    const b = [...s.invited].sort().join(',');
    if (a !== b) problems.push(`${s.key}: invited [${b}] but the draw gives [${a}]`);
  }
  return { ok: problems.length === 0, problems };
}
