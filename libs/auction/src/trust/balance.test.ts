import { SolverTrust, seededRandom, verifyFanout } from '@intentmesh/auction';
import { consentSolverVoucher, signSolverVoucher, type Address, type DigestSigner } from '@intentmesh/protocol';
import { answer, fakeClock, keys } from '../../test/trustTestkit';

const AUCTIONEER = '0x00000000000000000000000000000000000000aa' as Address;
const UNIT = 10n ** 18n;
const SEED = '0x' + '01'.repeat(32);

type Decl = { chains?: number[]; region?: string };

/** Keys answer probes at once (10 ms) with their declared chains and region, until healthy. */
function setup(operators: { keys: DigestSigner[]; bond?: bigint }[], decl = new Map<Address, Decl>()) {
  const clock = fakeClock();
  const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(3) });
  for (const op of operators) {
    const operator = op.keys[0].address;
    trust.registry.upsertOperator(operator, op.bond ?? UNIT);
    for (const k of op.keys) trust.registry.addSolver(k.address, operator);
  }
  clock.advance(2 * 24 * 3600_000); // past the new-operator ramp
  const all = new Map(operators.flatMap((o) => o.keys).map((k) => [k.address, k]));
  const probe = () => {
    for (const { solver, challenge } of trust.health.issueChallenges()) {
      const d = decl.get(solver) ?? {};
      trust.health.onAttestation(answer(all.get(solver)!, challenge, d), clock.now() + 10);
    }
    clock.advance(500);
    trust.health.sweep();
  };
  for (let i = 0; i < 4; i++) probe();
  return { clock, trust, probe, all };
}

/**
 * One auction: plan, then every invited key answers after `latency(key)` ms (or never when undefined); the keys for
 * which `won(key)` is true win an intent in it.
 */
function auction(
  t: ReturnType<typeof setup>,
  latency: (s: Address) => number | undefined,
  shards = [{ chainId: 1 }],
  won: (s: Address) => boolean = () => false,
) {
  const f = t.trust.fanout.plan(SEED, shards);
  t.clock.advance(100);
  for (const s of f.invitations.keys()) {
    const ms = latency(s);
    t.trust.health.recordAuctionAnswer(s, ms !== undefined, ms ?? 300);
    t.trust.health.recordAuctionWon(s, ms !== undefined && won(s));
  }
  return f;
}

/** `n` auctions (a probe round after every 5th, so about 1 s per 5 auctions): whether `key` was invited to each. */
function run(
  t: ReturnType<typeof setup>,
  n: number,
  key: Address,
  latency: (s: Address) => number | undefined,
  won?: (s: Address) => boolean,
) {
  const invited: boolean[] = [];
  for (let i = 0; i < n; i++) {
    invited.push(auction(t, latency, undefined, won).invitations.has(key));
    if (i % 5 === 4) t.probe();
  }
  return invited;
}

const reasonOf = (f: ReturnType<typeof auction>, key: Address) => f.solvers.find((x) => x.solver === key)!.reason;

describe('trust balance - bid latency, spreading within an operator, shards by both chains and region', () => {
  it('a key that bids 160 ms late and wins nothing sits out after its 3 warm-up and 3 counted answers, is probed once per 2 s, and is back within 2 probes of being fast', () => {
    const [fast, slow] = keys(2);
    const t = setup([{ keys: [fast] }, { keys: [slow] }]);
    let late = true;
    const latency = (s: Address) => (s === slow.address && late ? 160 : 8);
    const invited = run(t, 100, slow.address, latency);
    // 100 auctions over about 20 s: the first 6, then one probe per 2 s (never two within 2 s)
    expect(invited.slice(0, 6).every(Boolean)).toBe(true);
    expect(invited[6]).toBe(false);
    const probes = invited.slice(6).filter(Boolean).length;
    expect(probes).toBeGreaterThanOrEqual(8);
    expect(probes).toBeLessThanOrEqual(10);
    expect(t.trust.status().find((s) => s.address === slow.address)).toMatchObject({
      state: 'degraded',
      bidLatencyMs: { slow: true, median: 160, wonRecently: false },
    });
    const f = auction(t, latency);
    if (!f.invitations.has(slow.address)) expect(reasonOf(f, slow.address)).toBe('chain:1 slow-at-auctions');
    late = false;
    const startFast = t.clock.now();
    let back: number | undefined;
    for (let i = 0; i < 100 && back === undefined; i++) {
      const g = auction(t, latency);
      if (g.invitations.has(slow.address) && !reasonOf(g, slow.address).includes('probe')) back = t.clock.now();
      if (i % 5 === 4) t.probe();
    }
    // two fast probes turn the median of three fast: back within 2 probe intervals (and a little)
    expect(back! - startFast).toBeLessThanOrEqual(4500);
    // and it stays: invited to every auction after its fast answers
    const after = Array.from({ length: 20 }, () => auction(t, latency).invitations.has(slow.address));
    expect(after.every(Boolean)).toBe(true);
  });

  it('cold start: two keys whose first 3 quotes come 110 ms behind the third (then 8 ms) are never sat out', () => {
    const [a, b, c] = keys(3);
    const t = setup([{ keys: [a] }, { keys: [b] }, { keys: [c] }]);
    const answers = new Map<Address, number>();
    const latency = (s: Address) => {
      const n = (answers.get(s) ?? 0) + 1;
      answers.set(s, n);
      return s !== a.address && n <= 3 ? 120 : 10;
    };
    const inv = Array.from({ length: 40 }, () => auction(t, latency).invitations.size);
    expect(inv.every((n) => n === 3)).toBe(true);
  });

  it('one late answer past warm-up (a GC pause) sits nobody out: the median of the last three decides', () => {
    const [fast, hiccup] = keys(2);
    const t = setup([{ keys: [fast] }, { keys: [hiccup] }]);
    let i = 0;
    const latency = (s: Address) => (s === hiccup.address && i++ % 7 === 5 ? 400 : 8);
    expect(run(t, 60, hiccup.address, latency).every(Boolean)).toBe(true);
  });

  it('a key 150 ms slower that wins an intent in 1 auction of 4 stays in every auction; once it stops winning it sits out after 8 losses', () => {
    const [fast, slow] = keys(2);
    const t = setup([{ keys: [fast] }, { keys: [slow] }]);
    const latency = (s: Address) => (s === slow.address ? 160 : 8);
    let n = 0;
    let winning = true;
    // it wins every 4th auction it answers; the fast key wins nothing
    const won = (s: Address) => s === slow.address && winning && n++ % 4 === 3;
    expect(run(t, 60, slow.address, latency, won).every(Boolean)).toBe(true);
    expect(t.trust.status().find((s) => s.address === slow.address)).toMatchObject({
      bidLatencyMs: { slow: true, wonRecently: true },
    });
    winning = false;
    const after = run(t, 30, slow.address, latency, won);
    // its last win is at most 3 auctions back: invited to at most 3 + 8 more, then sat out (probes aside)
    const firstOut = after.indexOf(false);
    expect(firstOut).toBeGreaterThanOrEqual(5);
    expect(firstOut).toBeLessThanOrEqual(11);
    expect(after.slice(firstOut).filter(Boolean).length).toBeLessThanOrEqual(3);
  });

  it('a key that won lately but misses a whole window (it died) sits out at once until its probe; answering it brings it back', () => {
    const [fast, winner] = keys(2);
    const t = setup([{ keys: [fast] }, { keys: [winner] }]);
    let dead = false;
    const latency = (s: Address) => (s === winner.address && dead ? undefined : 8);
    const won = (s: Address) => s === winner.address;
    run(t, 20, winner.address, latency, won);
    dead = true;
    const after = run(t, 10, winner.address, latency, won);
    // the auction it missed, then out (a probe comes 2 s later, beyond these 10 auctions' ~1.5 s)
    expect(after).toEqual([true, ...Array(9).fill(false)]);
    dead = false;
    const back = run(t, 20, winner.address, latency, won);
    const probe = back.indexOf(true);
    expect(probe).toBeGreaterThanOrEqual(0);
    expect(back.slice(probe).every(Boolean)).toBe(true);
  });

  it('a sat-out slow key that wins its probe auction is back in every auction at once', () => {
    const [fast, slow] = keys(2);
    const t = setup([{ keys: [fast] }, { keys: [slow] }]);
    const latency = (s: Address) => (s === slow.address ? 160 : 8);
    let winProbe = false;
    const won = (s: Address) => s === slow.address && winProbe;
    const before = run(t, 20, slow.address, latency, won);
    expect(before.slice(6, 10)).toEqual([false, false, false, false]);
    winProbe = true;
    let f = auction(t, latency, undefined, won);
    for (let i = 0; i < 40 && !f.invitations.has(slow.address); i++) f = auction(t, latency, undefined, won);
    expect(reasonOf(f, slow.address)).toBe('chain:1 invited slow-at-auctions-probe');
    // the probe is an ordinary invitation in the record: an auditor's recomputation agrees
    expect(verifyFanout(SEED, f.record).ok).toBe(true);
    winProbe = false;
    // it won the probe: kept, still slow, for its next 8 auctions
    const next = Array.from({ length: 8 }, () => auction(t, latency, undefined, won));
    expect(next.map((g) => reasonOf(g, slow.address))).toEqual(Array(8).fill('chain:1 invited'));
  });

  it('inside one operator a key bidding 160 ms late gives its seat to its fast sibling (but for probes), and takes its share again once fast', () => {
    const [a, b] = keys(2);
    const t = setup([{ keys: [a, b] }]);
    let late = true;
    const latency = (s: Address) => (s === b.address && late ? 160 : 8);
    run(t, 20, b.address, latency);
    const slowPhase = run(t, 100, b.address, latency);
    // about one auction per 2 s probe (20 s): at most 15 of 100
    expect(slowPhase.filter(Boolean).length).toBeLessThanOrEqual(15);
    late = false;
    run(t, 25, b.address, latency);
    const fastPhase = run(t, 100, b.address, latency);
    expect(fastPhase.filter(Boolean).length).toBeGreaterThanOrEqual(35);
  });

  it('two equal keys of one operator each take 40-60 % of its invitations', () => {
    const [a, b] = keys(2);
    const t = setup([{ keys: [a, b] }]);
    const n = { [a.address]: 0, [b.address]: 0 };
    for (let i = 0; i < 400; i++) {
      const f = auction(t, (s) => (s === a.address ? 6 : 9));
      for (const s of f.invitations.keys()) n[s]++;
      if (i % 5 === 4) t.probe();
    }
    expect(n[a.address] / 400).toBeGreaterThanOrEqual(0.4);
    expect(n[a.address] / 400).toBeLessThanOrEqual(0.6);
  });

  it('an intent goes only to keys that declared both its chains; a region with no eligible key falls back to the others, recorded', () => {
    const [only1, both, only10] = keys(3);
    const decl = new Map<Address, Decl>([
      [only1.address, { chains: [1], region: 'eu' }],
      [both.address, { chains: [1, 10], region: 'us' }],
      [only10.address, { chains: [10], region: 'eu' }],
    ]);
    const t = setup([{ keys: [only1] }, { keys: [both] }, { keys: [only10] }], decl);
    const f = t.trust.fanout.plan(SEED, [
      { chainId: 1, destinationChainId: 10 },
      { chainId: 1, destinationChainId: 1 },
    ]);
    expect([...f.routes.get(both.address)!].sort()).toEqual(['1>1', '1>10']);
    expect([...f.routes.get(only1.address)!]).toEqual(['1>1']);
    expect(f.routes.has(only10.address)).toBe(false);
    // eu serves 1>1 (only1) but nobody in eu serves 1>10: that shard is drawn among all regions, and says so
    const r = t.trust.fanout.plan(SEED, [
      { chainId: 1, destinationChainId: 10, region: 'eu' },
      { chainId: 1, destinationChainId: 1, region: 'eu' },
    ]);
    expect([...r.routes.get(both.address)!]).toEqual(['1>10']);
    expect([...r.routes.get(only1.address)!]).toEqual(['1>1']);
    expect(r.record.shards.map((s) => [s.key, s.fallback])).toEqual([
      ['chain:1>10', 'no-eligible-solver-in-region:eu'],
      ['chain:1>1|region:eu', undefined],
    ]);
    expect(verifyFanout(SEED, r.record).ok).toBe(true);
  });

  it('a key not yet attested is invited nowhere, even where nobody else can serve: its chains are unknown', () => {
    const [only1, late] = keys(2);
    const decl = new Map<Address, Decl>([[only1.address, { chains: [1] }]]);
    const t = setup([{ keys: [only1] }], decl);
    // bound after the others attested; it has not answered a challenge yet
    t.trust.registry.upsertOperator(late.address, UNIT);
    t.trust.registry.addSolver(late.address, late.address);
    t.all.set(late.address, late);
    const f = t.trust.fanout.plan(SEED, [
      { chainId: 10, destinationChainId: 10 },
      { chainId: 1, destinationChainId: 1 },
    ]);
    expect(f.routes.has(late.address)).toBe(false);
    expect([...f.routes.get(only1.address)!]).toEqual(['1>1']);
    expect(f.solvers.find((x) => x.solver === late.address)!.reason).toContain('not-yet-attested');
    // nobody serves 10>10 yet: that shard invites nobody rather than guess
    expect(f.record.shards.find((x) => x.chainId === 10)!.invited).toEqual([]);
    // once it attests chain 10 it serves that shard, and only that one
    decl.set(late.address, { chains: [10] });
    t.probe();
    const g = t.trust.fanout.plan(SEED, [
      { chainId: 10, destinationChainId: 10 },
      { chainId: 1, destinationChainId: 1 },
    ]);
    expect([...g.routes.get(late.address)!]).toEqual(['10>10']);
  });

  it("a key's region: the bond registry's, else its operator's signed voucher (v2), else its own attestation", () => {
    const operator = keys(1)[0];
    const [byVoucher, byAttestation, pinned] = keys(3);
    const t = setup([]);
    const expiry = Math.floor(t.clock.now() / 1000) + 3600;
    const salt = ('0x' + '02'.repeat(32)) as `0x${string}`;
    const vouch = (k: DigestSigner, op: DigestSigner, region?: string) =>
      t.trust.registry.registerVoucher(
        consentSolverVoucher(
          signSolverVoucher(
            { solver: k.address, operator: op.address, salt, expiry, ...(region ? { region } : {}) },
            op,
          ),
          k,
        ),
      );
    t.trust.registry.upsertOperator(operator.address, UNIT);
    expect(vouch(byVoucher, operator, 'eu')).toMatchObject({ ok: true });
    expect(vouch(byAttestation, operator)).toMatchObject({ ok: true });
    const region = (k: DigestSigner, attested?: string) => t.trust.registry.regionOf(k.address, attested);
    expect(region(byVoucher, 'us')).toEqual({ region: 'eu', from: 'voucher' });
    expect(region(byAttestation, 'us')).toEqual({ region: 'us', from: 'attestation' });
    expect(region(byAttestation)).toEqual({});
    // a newer voucher replaces the region; a version-1 one clears it
    expect(vouch(byVoucher, operator, 'ap')).toMatchObject({ ok: true });
    expect(region(byVoucher, 'us')).toEqual({ region: 'ap', from: 'voucher' });
    expect(vouch(byVoucher, operator)).toMatchObject({ ok: true });
    expect(region(byVoucher, 'us')).toEqual({ region: 'us', from: 'attestation' });
    // the bond registry (OPERATOR_BONDS region) pins every key of its operator, over the voucher
    const pinnedOp = keys(1)[0];
    t.trust.registry.upsertOperator(pinnedOp.address, UNIT, 'us');
    expect(vouch(pinned, pinnedOp, 'eu')).toMatchObject({ ok: true });
    expect(region(pinned, 'ap')).toEqual({ region: 'us', from: 'bond-registry' });
    // the fan-out follows it: the voucher-declared eu key serves an eu shard although it attests another region
    expect(vouch(byVoucher, operator, 'eu')).toMatchObject({ ok: true });
    const decl = (k: DigestSigner) => (k === byVoucher ? { region: 'us' } : k === pinned ? { region: 'eu' } : {});
    for (let i = 0; i < 4; i++) {
      for (const { solver, challenge } of t.trust.health.issueChallenges()) {
        const k = [byVoucher, byAttestation, pinned].find((x) => x.address === solver)!;
        t.trust.health.onAttestation(answer(k, challenge, decl(k)), t.clock.now() + 10);
      }
      t.clock.advance(500);
      t.trust.health.sweep();
    }
    const f = t.trust.fanout.plan(SEED, [{ chainId: 1, destinationChainId: 1, region: 'eu' }]);
    expect([...f.invitations.keys()]).toEqual([byVoucher.address]);
    expect(t.trust.status().find((x) => x.address === pinned.address)).toMatchObject({
      region: 'us',
      regionFrom: 'bond-registry',
    });
  });
});
