import { ChallengeBook, SolverTrust, seededRandom } from '@intentmesh/auction';
import { answer, fakeAddress, fakeClock, keys } from '../../test/trustTestkit';

const AUCTIONEER = fakeAddress(1, 99);

describe('trust challenges - replay, binding and latency honesty', () => {
  const [alice, bob, mallory] = keys(3);

  it("refuses a reused nonce, an expired nonce, another solver's nonce, another auctioneer's answer and a wrong key, each with its own reason", () => {
    const clock = fakeClock();
    const book = new ChallengeBook({ auctioneer: AUCTIONEER });
    const c1 = book.issue(alice.address, clock.now());
    const good = answer(alice, c1);
    clock.advance(20);
    const ok = book.answer(good, clock.now());
    expect(ok).toMatchObject({ ok: true, solver: alice.address, rttMs: 20 });
    // reused nonce
    expect(book.answer(good, clock.advance(1))).toMatchObject({ ok: false, reason: 'NONCE_REUSED' });
    // expired nonce: never answered in time, the sweep counted it as a miss
    const c2 = book.issue(alice.address, clock.now());
    clock.advance(501);
    expect(book.expire(clock.now())).toEqual([alice.address]);
    expect(book.answer(answer(alice, c2), clock.now())).toMatchObject({ ok: false, reason: 'NONCE_EXPIRED' });
    // another solver's nonce: bob answers a nonce issued to alice, correctly signed by bob
    const c3 = book.issue(alice.address, clock.now());
    expect(book.answer(answer(bob, c3), clock.advance(5))).toMatchObject({ ok: false, reason: 'NONCE_NOT_YOURS' });
    // addressed to another auctioneer
    expect(book.answer(answer(alice, c3, { auctioneer: fakeAddress(2, 99) }), clock.advance(5))).toMatchObject({
      ok: false,
      reason: 'WRONG_AUCTIONEER',
    });
    // wrong key: claims to be alice, signed by mallory
    expect(book.answer(answer(mallory, c3, { solver: alice.address }), clock.advance(5))).toMatchObject({
      ok: false,
      reason: 'WRONG_KEY',
    });
    // never issued
    expect(
      book.answer(answer(alice, { auctioneer: AUCTIONEER, nonce: '0x' + '77'.repeat(32) }), clock.now()),
    ).toMatchObject({ ok: false, reason: 'NONCE_UNKNOWN' });
    expect(book.answer({ attestation: {}, signature: '0x' }, clock.now())).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    });
    // none of the refusals above burnt alice's outstanding nonce: she can still answer it
    expect(book.answer(answer(alice, c3), clock.advance(5))).toMatchObject({ ok: true, solver: alice.address });
  });

  it('counts an answer after 500 ms as a miss (LATE), and a second, different signed answer to one nonce as equivocation', () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(1) });
    trust.registry.upsertOperator(alice.address, 1n);
    trust.registry.addSolver(alice.address, alice.address);
    clock.advance(10_000); // past the start-up grace, during which a never-seen node's misses do not count
    const [{ challenge }] = trust.health.issueChallenges();
    clock.advance(501);
    const late = trust.health.onAttestation(answer(alice, challenge));
    expect(late).toMatchObject({ ok: false, reason: 'LATE', missBy: alice.address });
    expect(trust.health.node(alice.address)!.misses).toBe(1);
    // the same nonce answered again with different signed content: attributable, security ejection
    const eq = trust.health.onAttestation(answer(alice, challenge, { inflight: 9 }));
    expect(eq).toMatchObject({ ok: false, reason: 'NONCE_REUSED', equivocation: { solver: alice.address } });
    expect(trust.registry.operatorEjection(alice.address)).toMatchObject({ kind: 'security' });
  });

  it('latency honesty: 200 ms each way while claiming 5 ms measures >= 400 ms and keeps the solver out of a <= 100 ms shard', () => {
    const clock = fakeClock();
    const trust = new SolverTrust({ auctioneer: AUCTIONEER, now: clock.now, random: seededRandom(3) });
    for (const k of [alice, bob]) {
      trust.registry.upsertOperator(k.address, 10n ** 18n);
      trust.registry.addSolver(k.address, k.address);
    }
    // transport shim: a queue of deliveries on the fake clock
    type Ev = { at: number; run: () => void };
    let events: Ev[] = [];
    const oneWay = new Map([
      [alice.address, 200],
      [bob.address, 5],
    ]);
    for (let round = 0; round < 10; round++) {
      const sentAt = clock.now();
      for (const { solver, challenge } of trust.health.issueChallenges()) {
        const signer = solver === alice.address ? alice : bob;
        const d = oneWay.get(solver)!;
        // the solver stamps issuedAt as if it answered 5 ms after the send: a lie the auctioneer must not use
        events.push({
          at: sentAt + 2 * d,
          run: () => trust.health.onAttestation(answer(signer, challenge, { issuedAt: sentAt + 5 })),
        });
      }
      for (const e of events.sort((a, b) => a.at - b.at)) {
        clock.set(e.at);
        e.run();
      }
      events = [];
      clock.set(sentAt + 1000);
      trust.health.sweep();
    }
    const slow = trust.health.node(alice.address)!;
    expect(slow.rtts.percentile(50)).toBeGreaterThanOrEqual(400);
    expect(slow.ewma.value).toBeGreaterThanOrEqual(400);
    expect(trust.health.node(bob.address)!.rtts.percentile(99)).toBeLessThanOrEqual(10);
    const fast = trust.fanout.plan('0x' + '01'.repeat(32), [{ chainId: 1, maxRttMs: 100 }]);
    expect([...fast.invitations.keys()]).toEqual([bob.address]);
    expect(fast.solvers.find((s) => s.solver === alice.address)).toMatchObject({
      invited: false,
      reason: 'chain:1|rtt<=100 rtt-above-shard-limit',
    });
    // a shard without a latency bound still takes it (it answers within the 500 ms probe limit)
    expect(trust.fanout.plan('0x' + '02'.repeat(32), [{ chainId: 1 }]).invitations.has(alice.address)).toBe(true);
  });
});
