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
  /** Chains this solver serves (empty: all); advisory for the auctioneer's sharding. */
  chains?: number[];
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
