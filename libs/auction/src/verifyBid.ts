import {
  BidVerdicts,
  IntentMeshError,
  hashBid,
  isInternalFailure,
  parseBundledBid,
  parseSignedBid,
  recoverDigestSigner,
  type Address,
  type Bid,
  type BidVerdict,
  type Hex,
} from '@intentmesh/protocol';

export type BidContext = {
  auctionId: Hex;
  /** minBuyAmount per intent hash in this auction. */
  minBuyAmounts: ReadonlyMap<string, bigint>;
  isRegistered: (solver: Address) => boolean;
  /** Auctioneer clock, unix ms: when the bid arrived and when the window closes. */
  receivedAt: number;
  closesAt: number;
};

/** A bid as checked: signed on its own, or (no signature) a leaf of a bundle. */
export type CheckedBid = { bid: Bid; signature?: Hex };

/**
 * A bid that came in a bundle: the leaf the bundle holds at its position, and the bundle's signer when the bundle holds
 * (its leaves hash to its root, it counts them, and the signature is that solver's); otherwise `reason` says why not.
 */
export type BundleAuth = {
  leaf?: string;
  signer?: Address;
  reason?: string;
  /** The bid already parsed and hashed (for its leaf) when the bundle arrived: not done twice. */
  parsed?: { bid: Bid; bidHash: Hex };
};

export type VerifiedBid =
  | { verdict: 'ACCEPTED'; bid: CheckedBid; bidHash: Hex; solver: Address; reason: string }
  | { verdict: Exclude<BidVerdict, 'ACCEPTED'>; bid?: CheckedBid; bidHash?: Hex; solver?: Address; reason: string };

/**
 * Checks one bid as it arrives: shape, auction, timing, signer, registration, intents and amounts.
 * Pure: the auctioneer and an offline auditor get the same verdict from the same inputs.
 */
export function verifyBid(json: unknown, ctx: BidContext, bundled?: BundleAuth): VerifiedBid {
  let bid: CheckedBid;
  try {
    bid = bundled?.parsed ?? (bundled ? parseBundledBid(json) : parseSignedBid(json));
  } catch (err) {
    return {
      verdict: BidVerdicts.MALFORMED,
      reason: err instanceof IntentMeshError ? err.shortMessage : 'malformed bid',
    };
  }
  const b = bid.bid;
  // hashed first, so every later verdict names the bid and identical repeats can be recognised
  const bidHash = bundled?.parsed?.bidHash ?? hashBid(b);
  if (b.auctionId !== ctx.auctionId)
    return { verdict: 'WRONG_AUCTION', bid, bidHash, reason: `bid is for auction ${b.auctionId}` };
  if (ctx.receivedAt > ctx.closesAt)
    return {
      verdict: 'LATE',
      bid,
      bidHash,
      reason: `arrived ${ctx.receivedAt - ctx.closesAt} ms after the bid window closed`,
    };
  if (b.validUntil * 1000 < ctx.closesAt)
    return { verdict: 'EXPIRED', bid, bidHash, reason: 'validUntil is before the auction closes' };
  let signer: Address;
  if (bundled) {
    // the bundle's one signature covers this bid only if the bid is the leaf the signed root was built from
    if (bundled.leaf !== bidHash)
      return { verdict: 'BAD_SIGNATURE', bid, bidHash, reason: 'the bid is not the leaf its bundle signed there' };
    if (!bundled.signer)
      return { verdict: 'BAD_SIGNATURE', bid, bidHash, reason: bundled.reason ?? 'its bundle does not hold' };
    signer = bundled.signer;
  } else
    try {
      signer = recoverDigestSigner(bidHash, bid.signature!);
    } catch (err) {
      // a backend failure is ours, not the solver's: never record it as the bid's verdict
      if (isInternalFailure(err)) throw err;
      return {
        verdict: 'BAD_SIGNATURE',
        bid,
        bidHash,
        reason: (err as IntentMeshError).shortMessage ?? 'bad signature',
      };
    }
  if (signer !== b.solver)
    return { verdict: 'BAD_SIGNATURE', bid, bidHash, reason: `signed by ${signer}, not by bid.solver` };
  if (!ctx.isRegistered(signer))
    return {
      verdict: 'UNREGISTERED_SOLVER',
      bid,
      bidHash,
      solver: signer,
      reason: `${signer} is not a registered solver`,
    };
  // a single fill (most bids) cannot repeat an intent: no set for it
  const seen = b.fills.length > 1 ? new Set<string>() : undefined;
  for (const f of b.fills) {
    if (seen?.has(f.intentHash))
      return {
        verdict: 'DUPLICATE_INTENT_IN_BID',
        bid,
        bidHash,
        solver: signer,
        reason: `${f.intentHash} appears twice`,
      };
    seen?.add(f.intentHash);
    const min = ctx.minBuyAmounts.get(f.intentHash);
    if (min === undefined)
      return {
        verdict: 'UNKNOWN_INTENT',
        bid,
        bidHash,
        solver: signer,
        reason: `${f.intentHash} is not in this auction`,
      };
    if (f.buyAmount < min)
      return {
        verdict: 'BELOW_MIN_BUY',
        bid,
        bidHash,
        solver: signer,
        reason: `${f.intentHash}: ${f.buyAmount} < minBuyAmount ${min}`,
      };
  }
  return { verdict: 'ACCEPTED', bid, bidHash, solver: signer, reason: 'valid' };
}
