import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createNatsMessaging, decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import {
  createSubjects,
  hashBid,
  parseAuctionOpen,
  serializeSignedBid,
  type Address,
  type AuctionOpen,
  type Bid,
  type DigestSigner,
} from '@intentmesh/protocol';

/** Removes the stream a test run created under its prefix, so runs leave nothing on the shared server. */
export async function dropStream(prefix: string, servers = 'nats://127.0.0.1:4222'): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(createSubjects(prefix).streamName).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** The test's own connection under the marketplace's prefix, collecting every auction.open it sees in `opened`. */
export async function watchAuctionOpens(prefix: string, name: string) {
  const nats = await createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name, prefix });
  const opened: AuctionOpen[] = [];
  const sub = nats.bus.subscribe(nats.subjects.auctionOpenAll, (msg) =>
    opened.push(parseAuctionOpen(decodeJson(msg.data))),
  );
  return { nats, opened, sub };
}

/** Signs `bid` with `signer` and sends it to its auction over NATS; the auctioneer's receipt. */
export async function sendBid(nats: Messaging, signer: DigestSigner, bid: Bid): Promise<{ verdict: string }> {
  const signed = serializeSignedBid({ bid, signature: signer.signDigest(hashBid(bid)) });
  const reply = await nats.bus.request(nats.subjects.auctionBid(bid.auctionId), encodeJson(signed), {
    timeoutMs: 2000,
  });
  return decodeJson(reply) as { verdict: string };
}

/** A bid by `solver` on the auction's first intent at twice its minimum, with an empty route commitment. */
export function bidOnFirstIntent(auction: AuctionOpen, solver: Address): Bid {
  const [first] = auction.intents;
  return {
    auctionId: auction.auctionId,
    solver,
    fills: [{ intentHash: first.hash, buyAmount: first.intent.minBuyAmount * 2n }],
    routeHash: `0x${'00'.repeat(32)}`,
    validUntil: Math.floor(Date.now() / 1000) + 60,
  };
}
