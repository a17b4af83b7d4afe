// Sybil simulation: seat shares when 10% of stake is one operator, one operator with 100 keys, or 100 operators,
// the seat cap of a 100-key operator, and the probe cost (attestations verified per second on this machine).
// Prints ONE JSON object. Run with `npm run sim:sybil` (builds dist first).
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'apps/auctioneer/package.json'));
const A = require('@intentmesh/auction');
const P = require('@intentmesh/protocol');
const { generatePrivateKey } = require('viem/accounts');

const AUCTIONS = Number(process.env.SIM_AUCTIONS ?? 60_000);
const CAP_AUCTIONS = Number(process.env.SIM_CAP_AUCTIONS ?? 5_000);
const UNIT = 10n ** 18n;
const DAY = 24 * 3600_000;
const addr = (tag, i) => P.keccakHex(new TextEncoder().encode(`${tag}:${i}`)).slice(0, 42);

function market(kind) {
  let t = 1_700_000_000_000;
  const now = () => t;
  const trust = new A.SolverTrust({ auctioneer: addr('auctioneer', 0), now, random: A.seededRandom(7) });
  const honest = [];
  let honestTotal = 0n;
  // 150 honest operators with uneven bonds (1-4 units), 90% of stake between them
  for (let i = 0; i < 150; i++) {
    const op = addr('honest', i);
    const bond = BigInt(1 + (i % 4)) * UNIT;
    trust.registry.upsertOperator(op, bond);
    trust.registry.addSolver(op, op);
    honest.push(op);
    honestTotal += bond;
  }
  const attackerStake = honestTotal / 9n;
  const attackers = [];
  if (kind === '100-operators') {
    for (let i = 0; i < 100; i++) {
      const op = addr('sybil', i);
      trust.registry.upsertOperator(op, attackerStake / 100n);
      trust.registry.addSolver(op, op);
      attackers.push(op);
    }
  } else {
    const op = addr('attacker', 0);
    trust.registry.upsertOperator(op, attackerStake);
    attackers.push(op);
    for (let k = 0; k < (kind === 'one-operator' ? 1 : 100); k++) trust.registry.addSolver(addr('key', k), op);
  }
  t += 2 * DAY;
  return { trust, honest, attackers: new Set(attackers), advance: (ms) => (t += ms) };
}

function seatShares() {
  const out = {};
  const traces = {};
  for (const kind of ['one-operator', 'one-operator-100-keys', '100-operators']) {
    const m = market(kind);
    const candidates = [...m.honest, ...m.attackers].map((operator) => ({
      operator,
      weight: m.trust.fanout.operatorWeight(operator, { chainId: 1 }).weight,
    }));
    let mine = 0;
    let seats = 0;
    let prev = '0x' + '00'.repeat(32);
    let trace = '';
    const started = performance.now();
    for (let i = 0; i < AUCTIONS; i++) {
      const seed = A.shardSeed(`0x${i.toString(16).padStart(64, '0')}${prev.slice(2)}`, 'chain:1');
      const drawn = A.drawSeats(candidates, m.trust.config.seats, seed);
      seats += drawn.length;
      for (const o of drawn) if (m.attackers.has(o)) mine++;
      if (kind !== '100-operators') trace += drawn.join(',') + '|';
      prev = seed;
    }
    out[kind] = {
      seatShare: Number((mine / seats).toFixed(5)),
      operators: candidates.length,
      drawUs: Number((((performance.now() - started) * 1000) / AUCTIONS).toFixed(1)),
    };
    traces[kind] = trace;
  }
  return {
    auctions: AUCTIONS,
    seatsPerAuction: 8,
    attackerStakeShare: 0.1,
    cases: out,
    firstTwoIdentical: traces['one-operator'] === traces['one-operator-100-keys'],
  };
}

function seatCap() {
  const m = market('one-operator-100-keys');
  const keys = Array.from({ length: 100 }, (_, k) => addr('key', k));
  let maxSeats = 0;
  let maxCounted = 0;
  let invited = 0;
  const refused = {};
  const fills = [{ intentHash: '0x' + 'ab'.repeat(32) }];
  for (let i = 0; i < CAP_AUCTIONS; i++) {
    const f = m.trust.fanout.plan(`0x${i.toString(16).padStart(64, '0')}`, [{ chainId: 1 }]);
    const mine = keys.filter((k) => f.invitations.has(k));
    maxSeats = Math.max(maxSeats, mine.length);
    if (mine.length) invited++;
    const adm = new A.BidAdmission(
      f.invitations,
      (s) => m.trust.registry.operatorOf(s),
      () => 1,
    );
    keys.forEach((k, idx) => {
      const v = adm.check(k, fills);
      if (v.ok) adm.count(idx, v.operator, fills);
      else refused[v.verdict] = (refused[v.verdict] ?? 0) + 1;
    });
    maxCounted = Math.max(maxCounted, adm.countedIndexes().size);
    for (const s of f.invitations.keys()) m.trust.health.recordAuctionAnswer(s, true);
    m.advance(1000);
  }
  return {
    auctions: CAP_AUCTIONS,
    keys: 100,
    maxSeatsPerAuction: maxSeats,
    maxCountedBidsPerAuction: maxCounted,
    auctionsWithASeat: invited,
    seatShare: Number((invited / (CAP_AUCTIONS * 8)).toFixed(5)),
    refusedBids: refused,
  };
}

function probeCost() {
  const N = Number(process.env.SIM_PROBES ?? 4000);
  let t = 1_700_000_000_000;
  const trust = new A.SolverTrust({ auctioneer: addr('auctioneer', 0), now: () => t, random: A.seededRandom(1) });
  const signers = Array.from({ length: 200 }, () => P.createDigestSigner(generatePrivateKey()));
  for (const s of signers) {
    trust.registry.upsertOperator(s.address, UNIT);
    trust.registry.addSolver(s.address, s.address);
  }
  const answers = [];
  while (answers.length < N) {
    for (const { solver, challenge } of trust.health.issueChallenges()) {
      const s = signers.find((x) => x.address === solver);
      answers.push(
        P.signHealthAttestation(
          { auctioneer: challenge.auctioneer, solver, nonce: challenge.nonce, issuedAt: t, inflight: 0, chains: [1] },
          s,
        ),
      );
    }
    // answer the previous round's nonces later; issue a new round (each solver has one outstanding)
    const batch = answers.slice(-signers.length);
    for (const a of batch) trust.health.onAttestation(a, t + 5);
    t += 1000;
    trust.health.sweep();
  }
  // timed part: fresh challenges, verified answers (parse, EIP-712 hash, recover, state update)
  const fresh = [];
  for (let r = 0; fresh.length < N; r++) {
    for (const { solver, challenge } of trust.health.issueChallenges()) {
      const s = signers.find((x) => x.address === solver);
      fresh.push({
        json: JSON.parse(
          JSON.stringify(
            P.signHealthAttestation(
              {
                auctioneer: challenge.auctioneer,
                solver,
                nonce: challenge.nonce,
                issuedAt: t,
                inflight: 0,
                chains: [1],
              },
              s,
            ),
          ),
        ),
        round: r,
      });
    }
    const start = performance.now();
    for (const f of fresh.filter((x) => x.round === r)) trust.health.onAttestation(f.json, t + 5);
    fresh.timed = (fresh.timed ?? 0) + (performance.now() - start);
    t += 1000;
    trust.health.sweep();
  }
  const perSec = Math.round((fresh.length / fresh.timed) * 1000);
  return {
    attestations: fresh.length,
    verifiedPerSec: perSec,
    secpBackend: P.secpBackend().name,
    cpuShareAt1HzPer1000Solvers: Number((1000 / perSec).toFixed(4)),
  };
}

const result = { bench: 'sim:sybil', scenario1: seatShares(), scenario2: seatCap(), probeCost: probeCost() };
console.log(JSON.stringify(result, null, 2));
