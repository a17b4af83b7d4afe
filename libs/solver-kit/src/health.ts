import { decodeJson, encodeJson, type BusSubscription, type Messaging } from '@intentmesh/messaging';
import {
  hashAuctionPass,
  parseHealthChallenge,
  signHealthAttestation,
  type Address,
  type DigestSigner,
  type Hex,
} from '@intentmesh/protocol';

export type AnswerChallengesParameters = {
  messaging: Messaging;
  signer: DigestSigner;
  /** Chains this solver serves (empty: all); an intent is sent only to keys that declared both its chains. */
  chains?: number[];
  /** Region this solver runs in (signed in each attestation); auctioneers with AUCTION_REGION prefer their own. */
  region?: string;
  /** Called on each challenge: an auctioneer that probes this key invites it on its own subject. */
  onChallenge?: () => void;
  /** Auctions being worked on now; advisory, the auctioneer counts its own. */
  inflight: () => number;
  /** Answer only these auctioneers (default: any). */
  auctioneers?: Address[];
  now?: () => number;
};

/**
 * Answers the auctioneer's health challenges on solver.<address>.challenge with a signed attestation.
 * Answering promptly is what keeps this solver invited: the auctioneer times the round trip on its own clock.
 */
export function answerChallenges({
  messaging,
  signer,
  chains = [],
  region,
  onChallenge,
  inflight,
  auctioneers,
  now = Date.now,
}: AnswerChallengesParameters): BusSubscription {
  const allowed = auctioneers?.map((a) => a.toLowerCase());
  return messaging.bus.subscribe(messaging.subjects.solverChallenge(signer.address), (m) => {
    let challenge;
    try {
      challenge = parseHealthChallenge(decodeJson(m.data));
    } catch {
      return; // not a challenge: no answer, nothing signed
    }
    if (allowed && !allowed.includes(challenge.auctioneer)) return;
    onChallenge?.();
    m.respond?.(
      encodeJson(
        signHealthAttestation(
          {
            auctioneer: challenge.auctioneer,
            solver: signer.address,
            nonce: challenge.nonce,
            issuedAt: now(),
            inflight: inflight(),
            chains,
            ...(region ? { region } : {}),
          },
          signer,
        ),
      ),
    );
  });
}

/** A signed "no bid" for an auction this solver was invited to, so silence is never mistaken for a pass. */
export function signPass(auctionId: Hex, signer: DigestSigner): { solver: Address; signature: Hex } {
  return { solver: signer.address, signature: signer.signDigest(hashAuctionPass(auctionId, signer.address)) };
}
