import {
  bidDigest,
  bytesToHex,
  isInternalFailure,
  merkleRoot,
  parseBidBundleMessage,
  readBundledBid,
  recordedBidLeaf,
  recoverBidBundleSigner,
  serializeBid,
  type Address,
  type Bid,
  type Hex,
  type RecordedBidJSON,
  type RecordedBundleJSON,
} from '@intentmesh/protocol';
import {
  CountedColumns,
  scoreOnArrival,
  tieHeadOf,
  tieKey,
  type AuctionIntentTerms,
  type CandidateBid,
} from './selectWinners';
import { BidAdmission } from './trust/admission';
import { verifyBid, type BundleAuth, type VerifiedBid } from './verifyBid';

/** The leaf recorded for a bundled bid that is not a readable bid: no bid hashes to it, so the bundle cannot hold. */
export const UNREADABLE_LEAF = ('0x' + '0'.repeat(64)) as Hex;

export type AuctionBookContext = {
  auctionId: Hex;
  /** Auctioneer clock, unix ms: a bid received after this is LATE. */
  closesAt: number;
  /** minBuyAmount per intent hash in this auction. */
  minBuyAmounts: ReadonlyMap<string, bigint>;
  isRegistered: (solver: Address) => boolean;
  /** The operator a key belongs to; counted bids are per operator. Without solver trust a key is its own operator. */
  operatorOf?: (solver: Address) => Address | undefined;
  /** Solver trust: the chains each invited key may bid on, and each intent's chain. */
  invitations?: ReadonlyMap<Address, ReadonlySet<number>>;
  chainOf?: (intentHash: string) => number | undefined;
  /** The auction seed: with it each counted bid's tie-break key is hashed on arrival, not at close. */
  seed?: string;
  /** The scoring terms selectWinners will get at close (this same array): with them each counted bid is scored on arrival. */
  terms?: readonly AuctionIntentTerms[];
  /** Operators kept out of an intent because their earlier award of it lapsed (record `excluded`). */
  excluded?: ReadonlyMap<string, ReadonlySet<string>>;
};

export type BookedBid = {
  verified: VerifiedBid;
  /** Position in `bids`; undefined for an identical repeat, which is answered but not kept. */
  index?: number;
  duplicateOf?: number;
  /** Earlier counted bids of the same operator this one replaced (now SUPERSEDED). */
  superseded: number[];
};

/**
 * The bids of one auction as they arrive: each is checked (verifyBid, then the seat rule), recorded with its
 * verdict, and counted once per operator per intent (a later bid replaces the earlier one whole).
 * Pure: the auctioneer runs it live and verifyAuction replays a record's bids through it to recheck each verdict.
 */
export class AuctionBook {
  readonly bids: RecordedBidJSON[] = [];
  /** recordedBidLeaf of each entry, kept current as verdicts change: the record hash needs only these at close. */
  readonly bidLeaves: Hex[] = [];
  /** The bid bundles received (record `bundles`): their bids point into them by index. */
  readonly bundles: RecordedBundleJSON[] = [];
  private readonly bundleAuth: { signer?: Address; reason?: string }[] = [];
  duplicateBids = 0;
  /** The counted bids by index, kept as selectWinners takes them; the operator is looked up again at close. */
  private readonly counted = new Map<number, CandidateBid>();
  private readonly bidHashes = new Map<string, number>();
  private readonly admission: BidAdmission;
  private readonly slotOf?: Map<string, number>;
  /** With terms: what the close reads of each counted bid, kept as columns (row per counted bid, by bid index). */
  private readonly table?: CountedColumns;
  private readonly rowOf: number[] = [];
  private readonly rowOperator: Address[] = [];

  constructor(private readonly ctx: AuctionBookContext) {
    if (ctx.terms) {
      this.slotOf = new Map(ctx.terms.map((t, i) => [t.hash, i]));
      this.table = new CountedColumns(ctx.terms);
    }
    const operatorOf = ctx.operatorOf ?? ((s: Address) => s);
    this.admission = new BidAdmission(ctx.invitations ?? new Map(), operatorOf, ctx.chainOf ?? (() => undefined));
  }

  /**
   * One bundle message `{ bundle, signature, bids }` as received: the bundle is checked once (openBundle), then each
   * bid by its leaf, in order. An unreadable envelope is one MALFORMED entry.
   */
  addBundle(json: unknown, receivedAt: number): BookedBid[] {
    let msg;
    try {
      msg = parseBidBundleMessage(json);
    } catch (err) {
      return [
        this.add(
          undefined,
          receivedAt,
          undefined,
          `unreadable bid bundle: ${(err as { shortMessage?: string }).shortMessage ?? String(err)}`,
        ),
      ];
    }
    // each bid parsed and hashed once: the hash is its leaf here and its bidHash in verifyBid; its bytes go into the
    // root as they are (no trip back from hex)
    const n = msg.bids.length;
    const parsed: ({ bid: Bid; bidHash: Hex } | undefined)[] = new Array(n);
    const leaves: Hex[] = new Array(n);
    const digests: Uint8Array[] = new Array(n);
    let readable = true;
    for (let i = 0; i < n; i++) {
      const bid = readBundledBid(msg.bids[i]);
      if (!bid) {
        readable = false;
        leaves[i] = UNREADABLE_LEAF;
        continue;
      }
      const digest = (digests[i] = bidDigest(bid));
      parsed[i] = { bid, bidHash: (leaves[i] = bytesToHex(digest)) };
    }
    const bundle = this.openBundle({ ...msg.bundle, signature: msg.signature, leaves }, readable ? digests : undefined);
    return msg.bids.map((b, leaf) => this.add({ bid: b }, receivedAt, { bundle, leaf, parsed: parsed[leaf] }));
  }

  /**
   * Keeps a bundle and decides once whether it holds: it is for this auction, counts its leaves, they hash to its root
   * and the signature is its solver's. Returns its index in `bundles`. `leafBytes`: the leaves as bytes, when the
   * caller computed them (addBundle: each is the digest `b.leaves` holds as hex), so the root is not re-read from hex.
   */
  openBundle(b: RecordedBundleJSON, leafBytes?: readonly Uint8Array[]): number {
    let reason: string | undefined;
    if (b.auctionId.toLowerCase() !== this.ctx.auctionId) reason = `the bundle is for auction ${b.auctionId}`;
    else if (!b.leaves.length || b.count !== b.leaves.length)
      reason = `the bundle counts ${b.count} bids but carries ${b.leaves.length}`;
    else if (b.leaves.includes(UNREADABLE_LEAF)) reason = 'the bundle carries an unreadable bid';
    else if (merkleRoot(leafBytes ?? b.leaves) !== b.root.toLowerCase())
      reason = 'the bundle root is not the root of its bids';
    else {
      try {
        const signer = recoverBidBundleSigner(
          { auctionId: this.ctx.auctionId, solver: b.solver as Address, root: b.root as Hex, count: b.count },
          b.signature,
        );
        if (signer !== b.solver.toLowerCase()) reason = `the bundle is signed by ${signer}, not by ${b.solver}`;
      } catch (err) {
        if (isInternalFailure(err)) throw err;
        reason = 'the bundle signature is unreadable';
      }
    }
    this.bundleAuth.push(reason ? { reason } : { signer: b.solver.toLowerCase() as Address });
    return this.bundles.push(b) - 1;
  }

  /**
   * One bid as received (`undefined`: the message was not JSON); `via`: it is leaf `leaf` of bundle `bundle`
   * (openBundle), signed by the bundle instead of on its own.
   */
  add(
    json: unknown,
    receivedAt: number,
    via?: { bundle: number; leaf: number; parsed?: { bid: Bid; bidHash: Hex } },
    unreadable = 'not JSON',
  ): BookedBid {
    let auth: BundleAuth | undefined;
    if (via) {
      const b = this.bundles[via.bundle];
      const a = this.bundleAuth[via.bundle];
      auth = b
        ? { signer: a.signer, reason: a.reason, leaf: b.leaves[via.leaf], parsed: via.parsed }
        : { reason: `no bundle #${via.bundle} in this auction` };
    }
    const v: VerifiedBid =
      json === undefined
        ? { verdict: 'MALFORMED', reason: unreadable }
        : verifyBid(
            json,
            {
              auctionId: this.ctx.auctionId,
              minBuyAmounts: this.ctx.minBuyAmounts,
              isRegistered: this.ctx.isRegistered,
              receivedAt,
              closesAt: this.ctx.closesAt,
            },
            auth,
          );
    const firstAt = v.bidHash ? this.bidHashes.get(v.bidHash) : undefined;
    if (firstAt !== undefined) {
      this.duplicateBids++;
      return {
        verified: { ...v, verdict: 'DUPLICATE_BID', reason: `identical to bid #${firstAt}` } as VerifiedBid,
        duplicateOf: firstAt,
        superseded: [],
      };
    }
    let operator: Address | undefined;
    if (v.verdict === 'ACCEPTED') {
      if (this.ctx.invitations) {
        const a = this.admission.check(v.solver, v.bid.bid.fills);
        if (a.ok) operator = a.operator;
        else Object.assign(v, { verdict: a.verdict, reason: a.reason });
      } else operator = this.ctx.operatorOf?.(v.solver) ?? v.solver;
      const barred =
        operator && this.ctx.excluded
          ? v.bid.bid.fills.find((f) => this.ctx.excluded!.get(f.intentHash)?.has(operator!))
          : undefined;
      if (barred) {
        Object.assign(v, {
          verdict: 'EXCLUDED',
          reason: `operator ${operator} let an earlier award of ${barred.intentHash} lapse`,
        });
        operator = undefined;
      }
    }
    const index = this.bids.length;
    if (v.bidHash) this.bidHashes.set(v.bidHash, index);
    const entry: RecordedBidJSON = {
      receivedAt,
      solver: v.solver ?? v.bid?.bid.solver ?? null,
      bidHash: v.bidHash ?? null,
      bid: v.bid ? serializeBid(v.bid.bid) : null,
      signature: v.bid?.signature ?? null,
      verdict: v.verdict,
      reason: v.reason,
    };
    // a bundled bid names where its signature is; an unreadable one has nothing to check against it
    if (via && v.bid) {
      entry.bundle = via.bundle;
      entry.leaf = via.leaf;
    }
    this.bids.push(entry);
    // the bid's digest is its hashBid, computed above from the bid this entry serializes: not read and hashed again
    this.bidLeaves.push(recordedBidLeaf(entry, v.bid ? v.bidHash : undefined));
    const superseded: number[] = [];
    if (v.verdict === 'ACCEPTED' && operator) {
      for (const prior of this.admission.count(index, operator, v.bid.bid.fills)) {
        if (!this.counted.delete(prior)) continue;
        this.bids[prior].verdict = 'SUPERSEDED';
        this.bids[prior].reason = `replaced by bid #${index}`;
        const was = this.bids[prior];
        this.bidLeaves[prior] = recordedBidLeaf(was, was.bid === null ? undefined : (was.bidHash ?? undefined));
        superseded.push(prior);
      }
      const tie = this.ctx.seed === undefined ? undefined : tieKey(this.ctx.seed, v.bidHash);
      const fills = v.bid.bid.fills;
      const scored = this.ctx.terms && this.slotOf ? scoreOnArrival(fills, this.ctx.terms, this.slotOf) : undefined;
      const c: CandidateBid = {
        index,
        bidHash: v.bidHash,
        solver: v.solver,
        operator,
        fills,
        tie,
        tieHead: tie === undefined ? undefined : tieHeadOf(tie),
        scored,
      };
      this.counted.set(index, c);
      if (this.table) {
        const row = (this.rowOf[index] = this.table.add(c));
        if (row >= 0) this.rowOperator[row] = operator;
      }
    }
    return { verified: v, index, superseded };
  }

  /** Keeps an entry as it stands (a replay of a record entry whose content cannot be rechecked). */
  keep(entry: RecordedBidJSON): number {
    if (entry.bidHash) this.bidHashes.set(entry.bidHash, this.bids.length);
    this.bidLeaves.push(recordedBidLeaf(entry));
    return this.bids.push(entry) - 1;
  }

  /**
   * The counted bids, in arrival order, as selectWinners takes them, with each key's operator as it stands now
   * (looked up once per key). The same objects are returned from call to call unless a key's operator changed.
   */
  candidates(): CandidateBid[] {
    const operatorOf = this.ctx.operatorOf ?? ((s: Address) => s);
    if (this.table?.complete) return this.countedRows(this.table, operatorOf);
    const operators = new Map<Address, Address>();
    const out: CandidateBid[] = new Array(this.counted.size);
    let k = 0;
    let lastSolver: Address | undefined;
    let operator: Address | undefined;
    for (const c of this.counted.values()) {
      if (c.solver !== lastSolver) {
        lastSolver = c.solver;
        operator = operators.get(c.solver);
        if (operator === undefined) operators.set(c.solver, (operator = operatorOf(c.solver) ?? c.solver));
      }
      if (c.operator === operator) out[k++] = c;
      else this.counted.set(c.index, (out[k++] = { ...c, operator: operator! }));
    }
    return out;
  }

  /**
   * candidates() from the columns: the operator is checked once per solver and per row, so no bid object is read;
   * the array goes to selectWinners with its rows (CountedColumns.prepare).
   */
  private countedRows(table: CountedColumns, operatorOf: (s: Address) => Address | undefined): CandidateBid[] {
    const out: CandidateBid[] = new Array(this.counted.size);
    const rows = new Int32Array(this.counted.size);
    const now: (Address | undefined)[] = new Array(table.solverNames.length);
    let k = 0;
    this.counted.forEach((c, index) => {
      const r = this.rowOf[index];
      const id = table.solver[r];
      let operator = now[id];
      if (operator === undefined) {
        const solver = table.solverNames[id];
        now[id] = operator = operatorOf(solver) ?? solver;
      }
      if (this.rowOperator[r] === operator) out[k] = c;
      else {
        this.rowOperator[r] = operator;
        this.counted.set(index, (out[k] = { ...c, operator }));
      }
      rows[k++] = r;
    });
    table.prepare(out, rows);
    return out;
  }
}
