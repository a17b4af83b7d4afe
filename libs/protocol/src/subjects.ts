/**
 * NATS subjects, in one place. An optional prefix isolates deployments (and test runs) on a shared server.
 *   intents.<sourceChainId>   JetStream stream INTENTS: signed intents accepted by the API
 *   auction.<id>.open         auctioneer -> solvers: an auction and its intents (signed: solvers check their pinned auctioneer)
 *   auction.<id>.bid          solver -> auctioneer (request/reply): a signed bid; the reply is a BidReceipt
 *   auction.<id>.result       auctioneer -> all: winners and signed awards
 *   auctioneer.events         auctioneer -> API: intent status changes (for live views)
 *   auctioneer.status         request/reply: a live auctioneer answers with its address and counters
 *   solver.<addr>.auction     auctioneer -> one invited solver: its auction (only the intents of its invited shards)
 *   solver.<addr>.challenge   auctioneer -> one solver (request/reply): a health nonce; the reply is a signed attestation
 *   auctioneer.quote          API -> auctioneer (request/reply): an indicative quote round among healthy solvers
 *   solver.<addr>.quote       auctioneer -> one healthy solver (request/reply): a quote request; the reply is a signed indicative answer
 *   auctioneer.metrics        request/reply: the auctioneer's Prometheus text (signed over the asker's nonce), relayed by the API's /metrics
 *   auctioneer.admin          admin -> auctioneer (request/reply): a signed admin action; only the admin user may publish it
 *   solver.<addr>.inbox.>     replies to one solver's own requests (its bid receipts, its registration verdict)
 * Everything a solver may read sits under solver.<addr>.> or is public (auction.*.open, auction.*.result), so the
 * server config (deploy/nats/intentmesh.conf) can seal bids: only the auctioneer's user may subscribe to auction.*.bid.
 *   auctioneer.settlement.failed  solver -> auctioneer (request/reply): a signed settlement-failure report
 */
export type Subjects = ReturnType<typeof createSubjects>;

export function createSubjects(prefix = '') {
  const p = prefix ? `${prefix}.` : '';
  return {
    prefix,
    streamName: prefix ? `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}_INTENTS` : 'INTENTS',
    intentsAll: `${p}intents.>`,
    intents: (sourceChainId: number) => `${p}intents.${sourceChainId}`,
    auctionOpenAll: `${p}auction.*.open`,
    auctionOpen: (auctionId: string) => `${p}auction.${auctionId}.open`,
    auctionBid: (auctionId: string) => `${p}auction.${auctionId}.bid`,
    auctionResultAll: `${p}auction.*.result`,
    auctionResult: (auctionId: string) => `${p}auction.${auctionId}.result`,
    events: `${p}auctioneer.events`,
    solverAuction: (solver: string) => `${p}solver.${solver.toLowerCase()}.auction`,
    solverChallenge: (solver: string) => `${p}solver.${solver.toLowerCase()}.challenge`,
    solverQuote: (solver: string) => `${p}solver.${solver.toLowerCase()}.quote`,
    /** Inbox prefix of one solver's request replies. */
    solverInbox: (solver: string) => `${p}solver.${solver.toLowerCase()}.inbox`,
    /** Everything one solver may subscribe to, as its server permission reads. */
    solverAll: (solver: string) => `${p}solver.${solver.toLowerCase()}.>`,
    quote: `${p}auctioneer.quote`,
    metrics: `${p}auctioneer.metrics`,
    settlementFailed: `${p}auctioneer.settlement.failed`,
    /** Logical pattern (as written in @MessagePattern) to its subject under this prefix. */
    resolve: (pattern: string) => `${p}${pattern}`,
  };
}
