import { SolverTrust, seededRandom } from '@intentmesh/auction';
import {
  consentSolverVoucher,
  createDigestSigner,
  signAdminAction,
  signSolverVoucher,
  type Address,
  type DigestSigner,
} from '@intentmesh/protocol';
import { generatePrivateKey } from 'viem/accounts';
import { answer, fakeAddress, fakeClock, keys, markAttested } from '../../test/trustTestkit';

const AUCTIONEER = fakeAddress(1, 99);
const UNIT = 10n ** 18n;
const DAY = 24 * 3600_000;

/** One probe round: challenges out, the listed signers answer after `rtt` ms, the rest stay silent; then 1 s later the sweep. */
function round(
  trust: SolverTrust,
  clock: ReturnType<typeof fakeClock>,
  answering: Map<Address, { signer: DigestSigner; rttMs: number }>,
) {
  const start = clock.now();
  const pending = trust.health.issueChallenges().flatMap(({ solver, challenge }) => {
    const a = answering.get(solver);
    return a ? [{ at: start + a.rttMs, json: answer(a.signer, challenge) }] : [];
  });
  for (const p of pending.sort((x, y) => x.at - y.at)) {
    clock.set(p.at);
    trust.health.onAttestation(p.json);
  }
  clock.set(start + 1000);
  return trust.health.sweep();
}

describe('trust health - ejection, recovery, partitions, reputation and least-loaded routing', () => {
  it('degraded after 2 misses, ejected after 3; back-off 30 s then 60 s, capped at 300 s; healthy after exactly 3 good probes; one miss on probation re-ejects with the doubled back-off', () => {
    const clock = fakeClock();
    const [node, other] = keys(2);
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(5) });
    for (const k of [node, other]) {
      trust.registry.upsertOperator(k.address, UNIT);
      trust.registry.addSolver(k.address, k.address);
    }
    const both = new Map([
      [node.address, { signer: node, rttMs: 10 }],
      [other.address, { signer: other, rttMs: 10 }],
    ]);
    const onlyOther = new Map([[other.address, { signer: other, rttMs: 10 }]]);
    const h = trust.health.node(node.address)!;
    for (let i = 0; i < 3; i++) round(trust, clock, both);
    expect(h.state).toBe('healthy');
    round(trust, clock, onlyOther);
    expect(h.state).toBe('healthy');
    round(trust, clock, onlyOther);
    expect(h.state).toBe('degraded');
    const r = round(trust, clock, onlyOther);
    expect(h.state).toBe('ejected');
    expect(r.ejected).toEqual([expect.objectContaining({ solver: node.address, kind: 'liveness' })]);
    const first = h.ejectedUntil - h.ejectedAt;
    expect(first).toBeGreaterThanOrEqual(30_000);
    expect(first).toBeLessThan(33_000);
    // ejected nodes are not probed and not invited
    expect(trust.health.issueChallenges().map((c) => c.solver)).not.toContain(node.address);
    expect(trust.fanout.plan('0x' + '01'.repeat(32), [{ chainId: 1 }]).invitations.has(node.address)).toBe(false);
    // back-off over: probation; one miss re-ejects with the doubled back-off
    while ((h.state as string) === 'ejected') round(trust, clock, onlyOther);
    expect(h.state).toBe('probation');
    expect(clock.now() - h.ejectedAt).toBeLessThanOrEqual(first + 1000);
    round(trust, clock, onlyOther);
    expect(h.state).toBe('ejected');
    const second = h.ejectedUntil - h.ejectedAt;
    expect(second).toBeGreaterThanOrEqual(60_000);
    expect(second).toBeLessThan(66_000);
    // back in probation: healthy after exactly 3 good probes, not 2
    while ((h.state as string) === 'ejected') round(trust, clock, both);
    round(trust, clock, both);
    round(trust, clock, both);
    expect(h.state).toBe('probation');
    round(trust, clock, both);
    expect(h.state).toBe('healthy');
    // repeated failures: the back-off grows by 30 s per ejection and stops at 300 s (plus at most 10% jitter)
    const backoffs: number[] = [];
    for (let e = 0; e < 10; e++) {
      while ((h.state as string) !== 'ejected') round(trust, clock, onlyOther);
      backoffs.push(h.ejectedUntil - h.ejectedAt);
      while ((h.state as string) === 'ejected') round(trust, clock, onlyOther);
    }
    expect(backoffs[0]).toBeGreaterThanOrEqual(90_000);
    expect(Math.max(...backoffs)).toBeLessThan(330_000);
    expect(backoffs.slice(-3).every((b) => b >= 300_000)).toBe(true);
  });

  it('bid timeouts: 5 in a row eject, and so does more than 20% over the last 50 auctions', () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(5) });
    const a = fakeAddress(1);
    const b = fakeAddress(2);
    for (const s of [a, b, fakeAddress(3)]) {
      trust.registry.upsertOperator(s, UNIT);
      trust.registry.addSolver(s, s);
    }
    for (let i = 0; i < 4; i++) trust.health.recordAuctionAnswer(a, false);
    trust.health.sweep();
    expect(trust.health.node(a)!.state).not.toBe('ejected');
    trust.health.recordAuctionAnswer(a, false);
    trust.health.sweep();
    expect(trust.health.node(a)!.ejectionKind).toBe('bid-timeouts');
    // one in four missed (25%): never 5 in a row, but over the window
    for (let i = 0; i < 50 && trust.health.node(b)!.state !== 'ejected'; i++) {
      trust.health.recordAuctionAnswer(b, i % 4 !== 3);
      trust.health.sweep();
    }
    expect(trust.health.node(b)!.ejectionKind).toBe('bid-timeouts');
  });

  it('a sweep told its own bus was down counts no misses: three silent rounds then eject nobody, and the next judged ones do', () => {
    const clock = fakeClock();
    const [node] = keys(1);
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(5) });
    trust.registry.upsertOperator(node.address, UNIT);
    trust.registry.addSolver(node.address, node.address);
    const answering = new Map([[node.address, { signer: node, rttMs: 10 }]]);
    for (let i = 0; i < 3; i++) round(trust, clock, answering);
    const h = trust.health.node(node.address)!;
    expect(h.state).toBe('healthy');
    for (let i = 0; i < 3; i++) {
      trust.health.issueChallenges();
      clock.set(clock.now() + 1000);
      expect(trust.health.sweep({ countMisses: false }).missed).toEqual([]);
    }
    expect(h.state).toBe('healthy');
    for (let i = 0; i < 3; i++) round(trust, clock, new Map());
    expect(h.state).toBe('ejected');
  });

  it('partition: 60% of stake goes dark; at most 30% of stake is ejected per sweep, >= 99% of intents still reach a live solver, security-ejected operators never come back', () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(11) });
    const signers = keys(100);
    const ops = signers.map((s) => s.address);
    for (const s of ops) {
      trust.registry.upsertOperator(s, UNIT);
      trust.registry.addSolver(s, s);
    }
    const all = new Map(signers.map((s) => [s.address, { signer: s, rttMs: 15 }]));
    for (let i = 0; i < 4; i++) round(trust, clock, all);
    // three operators caught equivocating are security-ejected before the partition
    const bad = ops.slice(0, 3);
    for (const b of bad) trust.registry.securityEject(b);
    const dark = new Set(ops.slice(40)); // 60 operators, 60% of stake, go dark at once
    const live = new Map([...all].filter(([s]) => !dark.has(s)));
    const total = 100;
    let auctions = 0;
    let reached = 0;
    let badInvited = 0;
    let maxEjectedPerSweep = 0;
    let panicSeen = false;
    for (let sec = 0; sec < 240; sec++) {
      // 10 auctions per second between sweeps, each with its own seed
      for (let k = 0; k < 10; k++) {
        const f = trust.fanout.plan(`0x${(sec * 10 + k).toString(16).padStart(64, '0')}`, [{ chainId: 1 }]);
        auctions++;
        if ([...f.invitations.keys()].some((s) => live.has(s) && !bad.includes(s))) reached++;
        if (bad.some((b) => f.invitations.has(b))) badInvited++;
        for (const s of f.invitations.keys()) trust.health.recordAuctionAnswer(s, live.has(s));
      }
      const r = round(trust, clock, live);
      const ejectedOps = new Set(r.ejected.map((e) => e.operator)).size;
      maxEjectedPerSweep = Math.max(maxEjectedPerSweep, ejectedOps / total);
      panicSeen ||= r.panic;
    }
    expect(maxEjectedPerSweep).toBeGreaterThan(0);
    expect(maxEjectedPerSweep).toBeLessThanOrEqual(0.3);
    expect(reached / auctions).toBeGreaterThanOrEqual(0.99);
    expect(panicSeen).toBe(true);
    expect(badInvited).toBe(0);
    for (const b of bad) expect(trust.registry.operatorEjection(b)).toMatchObject({ kind: 'security' });
  }, 60_000);

  it('covert flash: 1,000 good auctions earn nothing; weight falls >= 45% by the 2nd unsettled award and the 3rd ejects, exactly as for a new operator', () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(2) });
    const veteran = fakeAddress(1);
    for (let i = 1; i <= 3; i++) {
      trust.registry.upsertOperator(fakeAddress(i), UNIT);
      trust.registry.addSolver(fakeAddress(i), fakeAddress(i));
    }
    clock.advance(2 * DAY);
    markAttested(trust, clock.now());
    const shard = { chainId: 1 };
    for (let i = 0; i < 1000; i++) {
      trust.fanout.plan(`0x${i.toString(16).padStart(64, '0')}`, [shard]);
      for (let s = 1; s <= 3; s++) trust.health.recordAuctionAnswer(fakeAddress(s), true);
      clock.advance(1000);
    }
    const newcomer = fakeAddress(9);
    trust.registry.upsertOperator(newcomer, UNIT);
    trust.registry.addSolver(newcomer, newcomer);
    markAttested(trust, clock.now());
    const trace = (op: Address) => {
      const w0 = trust.fanout.operatorWeight(op, shard).weight;
      trust.registry.recordOutcome(op, 'unsettled');
      clock.advance(5000);
      const w1 = trust.fanout.operatorWeight(op, shard).weight;
      trust.registry.recordOutcome(op, 'unsettled');
      clock.advance(5000);
      const w2 = trust.fanout.operatorWeight(op, shard).weight;
      const ejectedAfter2 = trust.registry.operatorEjection(op);
      trust.registry.recordOutcome(op, 'unsettled');
      return {
        w0,
        w1,
        w2,
        fall2: 1 - Number((w2 * 1_000_000n) / w0) / 1e6,
        ejectedAfter2,
        ejectedAfter3: trust.registry.operatorEjection(op),
        w3: trust.fanout.operatorWeight(op, shard).weight,
      };
    };
    for (const t of [trace(veteran), trace(newcomer)]) {
      expect(t.w1 < t.w0).toBe(true);
      expect(t.fall2).toBeGreaterThanOrEqual(0.45);
      expect(t.ejectedAfter2).toBeUndefined();
      expect(t.ejectedAfter3).toMatchObject({ kind: 'reputation' });
      expect(t.w3).toBe(0n);
    }
    expect(trust.fanout.plan('0x' + 'ff'.repeat(32), [shard]).invitations.has(veteran)).toBe(false);
  });

  it("least-loaded routing: of one operator's nodes at 20, 20 and 300 ms the slow one gets <= 10% of the flow, and recovers within 30 s after its spike", () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(8) });
    const op = fakeAddress(1, 5);
    const [a, b, c] = keys(3);
    trust.registry.upsertOperator(op, UNIT);
    for (const k of [a, b, c]) trust.registry.addSolver(k.address, op);
    const jitter = seededRandom(99);
    let slowUntil = Number.POSITIVE_INFINITY;
    const rttOf = (s: Address) => (s === c.address && clock.now() < slowUntil ? 300 : 20) * (0.9 + 0.2 * jitter());
    const signerOf = new Map([a, b, c].map((k) => [k.address, k]));
    // auctions every 50 ms; each invited node answers after its round trip (in-flight counted meanwhile)
    const answers: { at: number; solver: Address }[] = [];
    const flow: { at: number; solver: Address }[] = [];
    const runSecond = () => {
      const start = clock.now();
      const probes = trust.health.issueChallenges().map(({ solver, challenge }) => ({
        at: start + rttOf(solver),
        json: answer(signerOf.get(solver)!, challenge),
      }));
      for (let t = 0; t < 1000; t += 50) {
        clock.set(start + t);
        for (const p of probes.filter((p) => p.at <= clock.now())) trust.health.onAttestation(p.json, p.at);
        probes.splice(0, probes.length, ...probes.filter((p) => p.at > clock.now()));
        for (const x of answers.filter((x) => x.at <= clock.now())) trust.health.recordAuctionAnswer(x.solver, true);
        answers.splice(0, answers.length, ...answers.filter((x) => x.at > clock.now()));
        const f = trust.fanout.plan(`0x${clock.now().toString(16).padStart(64, '0')}`, [{ chainId: 1 }]);
        for (const s of f.invitations.keys()) {
          flow.push({ at: clock.now(), solver: s });
          answers.push({ at: clock.now() + rttOf(s), solver: s });
        }
      }
      for (const p of probes) trust.health.onAttestation(p.json, p.at);
      clock.set(start + 1000);
      trust.health.sweep();
    };
    const t0 = clock.now();
    for (let s = 0; s < 60; s++) runSecond();
    const spikeEnd = clock.now();
    const during = flow.filter((f) => f.at >= t0 + 1000 && f.at < spikeEnd);
    const slowShare = during.filter((f) => f.solver === c.address).length / during.length;
    expect(slowShare).toBeLessThanOrEqual(0.1);
    slowUntil = spikeEnd;
    let recoveredAt: number | undefined;
    for (let s = 0; s < 40 && recoveredAt === undefined; s++) {
      runSecond();
      const lastWindow = flow.filter((f) => f.at >= clock.now() - 3000);
      if (lastWindow.filter((f) => f.solver === c.address).length / lastWindow.length >= 0.2) recoveredAt = clock.now();
    }
    expect(recoveredAt).toBeDefined();
    expect(recoveredAt! - spikeEnd).toBeLessThanOrEqual(30_000);
  }, 60_000);

  it('identity: vouchers bind keys to operators; history stays with the operator when keys change; admin actions need an admin signature', () => {
    const clock = fakeClock();
    const admin = createDigestSigner(generatePrivateKey());
    const operator = createDigestSigner(generatePrivateKey());
    const trust = new SolverTrust({
      auctioneer: AUCTIONEER,
      now: clock.now,
      random: seededRandom(1),
      config: { admins: [admin.address] },
    });
    trust.registry.upsertOperator(operator.address, UNIT);
    const [k1, k2] = keys(2);
    const expiry = Math.floor(clock.now() / 1000) + 3600;
    const salt = ('0x' + '01'.repeat(32)) as `0x${string}`;
    // a voucher for `solver` naming `by` as its operator, signed by `signer`, with `consent`'s consent (null: none)
    const vouch = (
      solver: DigestSigner,
      o: { by?: DigestSigner; signer?: DigestSigner; consent?: DigestSigner | null; until?: number } = {},
    ) => {
      const by = o.by ?? operator;
      const v = signSolverVoucher(
        { solver: solver.address, operator: by.address, salt, expiry: o.until ?? expiry },
        o.signer ?? by,
      );
      const consent = o.consent === undefined ? solver : o.consent;
      return consent ? consentSolverVoucher(v, consent) : v;
    };
    const register = (v: unknown) => trust.registry.registerVoucher(v);
    // proof of possession: the operator alone cannot claim a key, nor can it forge the key's consent
    expect(register(vouch(k1, { consent: null }))).toMatchObject({ ok: false, reason: 'NO_CONSENT' });
    expect(register(vouch(k1, { consent: operator }))).toMatchObject({ ok: false, reason: 'NO_CONSENT' });
    expect(trust.registry.isRegistered(k1.address)).toBe(false);
    expect(register(vouch(k1))).toMatchObject({ ok: true });
    // signed by someone else than the operator it names
    expect(register(vouch(k2, { signer: k2, consent: null }))).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    // an operator without a bond
    const stranger = createDigestSigner(generatePrivateKey());
    expect(register(vouch(k2, { by: stranger }))).toMatchObject({ ok: false, reason: 'UNKNOWN_OPERATOR' });
    expect(register(vouch(k2, { until: Math.floor(clock.now() / 1000) - 1 }))).toMatchObject({
      ok: false,
      reason: 'EXPIRED',
    });
    expect(trust.registry.operatorOf(k1.address)).toBe(operator.address);
    trust.registry.recordOutcome(operator.address, 'unsettled');
    const repBefore = trust.registry.reputation(operator.address)!.count('unsettled', clock.now());
    // new key, same operator: the unsettled award is still on the operator's record
    expect(register(vouch(k2))).toMatchObject({ ok: true });
    expect(trust.registry.reputation(operator.address)!.count('unsettled', clock.now())).toBe(repBefore);
    // a voucher expires: the key is no longer registered
    clock.advance(3601_000);
    expect(trust.registry.isRegistered(k1.address)).toBe(false);

    const exp = Math.floor(clock.now() / 1000) + 60;
    const eject = signAdminAction(
      { action: 'eject', operator: operator.address, amount: 0n, nonce: 1n, expiry: exp },
      admin,
    );
    expect(
      trust.registry.applyAdminAction(
        signAdminAction({ action: 'eject', operator: operator.address, amount: 0n, nonce: 1n, expiry: exp }, operator),
      ),
    ).toMatchObject({ ok: false, reason: 'NOT_ADMIN' });
    expect(trust.registry.applyAdminAction(eject)).toEqual({ ok: true });
    expect(trust.registry.applyAdminAction(eject)).toMatchObject({ ok: false, reason: 'NONCE_USED' });
    expect(trust.registry.operatorEjection(operator.address)).toMatchObject({ kind: 'admin' });
    clock.advance(3600_000);
    trust.health.sweep();
    expect(trust.registry.operatorEjection(operator.address)).toMatchObject({ kind: 'admin' }); // never by itself
    const exp2 = Math.floor(clock.now() / 1000) + 60;
    expect(
      trust.registry.applyAdminAction(
        signAdminAction({ action: 'readmit', operator: operator.address, amount: 0n, nonce: 2n, expiry: exp2 }, admin),
      ),
    ).toEqual({ ok: true });
    expect(trust.registry.operatorEjection(operator.address)).toBeUndefined();
    expect(
      trust.registry.applyAdminAction(
        signAdminAction(
          { action: 'setBond', operator: operator.address, amount: 5n * UNIT, nonce: 3n, expiry: exp2 },
          admin,
        ),
      ),
    ).toEqual({ ok: true });
    expect(trust.status().find((s) => s.address === k2.address)).toMatchObject({
      operator: operator.address,
      bond: (5n * UNIT).toString(),
    });
  });
});
