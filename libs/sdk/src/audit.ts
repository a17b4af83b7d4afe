import {
  IntentMeshError,
  errorFromBody,
  isErrorBody,
  isStreamEventType,
  parseStreamEvent,
  type AuctionFilter,
  type AuctionPageJSON,
  type AuctionRecordJSON,
  type AuctionSummaryJSON,
  type SolverCompetitionJSON,
  type AuctionStreamEvent,
  type Hex,
  type IntentStatus,
} from '@intentmesh/protocol';
import { createSseParser } from './sse';

export type AuctionSummary = AuctionSummaryJSON;
export type AuctionPage = AuctionPageJSON;

/** Filters of GET /v1/auctions, combined with AND; times are closedAt in unix ms (`to` exclusive). */
export type ListAuctionsParameters = AuctionFilter & { limit?: number; cursor?: string };

export type IntentAuction = {
  intentHash: Hex;
  status: IntentStatus | null;
  attempts: number;
  latest: AuctionRecordJSON;
  earlier: Hex[];
  liveAuctionId: Hex | null;
};

export type SolverCompetition = SolverCompetitionJSON;

export type WatchAuctionsParameters = {
  onEvent: (event: AuctionStreamEvent) => void;
  /** Connection and validation problems; the watch keeps reconnecting unless the API refused it (4xx). */
  onError?: (error: IntentMeshError) => void;
  /** Resume after this event id (a previous watch's last `event.id`). */
  lastEventId?: string;
  /** Reconnect when nothing (not even a heartbeat) arrived for this long; default 45 s. */
  idleTimeoutMs?: number;
};

type Request = <T>(path: string, init?: RequestInit) => Promise<T>;

/** Audit actions of the client: filtered lists, an intent's auctions, a solver's record, ranges, and the live stream. */
export function auditActions({
  base,
  request,
  fetch: doFetch,
}: {
  base: string;
  request: Request;
  fetch: typeof fetch;
}) {
  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    return q.size ? `?${q}` : '';
  };

  const actions = {
    listAuctions(params: ListAuctionsParameters = {}): Promise<AuctionPage> {
      return request(`/v1/auctions${query(params)}`);
    },

    /** The latest closed auction that offered the intent (full record) and the ids of its earlier ones. */
    getIntentAuction(intentHash: Hex): Promise<IntentAuction> {
      return request(`/v1/intents/${intentHash}/auction`);
    },

    /** Wins, losses, bids by verdict and scores over time; `next` pages through `series`. */
    getSolverCompetition(
      solver: string,
      params: { from?: number; to?: number; limit?: number; cursor?: string } = {},
    ): Promise<SolverCompetition> {
      return request(`/v1/solvers/${solver}/competition${query(params)}`);
    },

    /**
     * The records from one auction to another of the same auctioneer, both included, in sequence order (ready for
     * verifyChain). A record missing from the store simply is not there: verifyChain names the gap.
     */
    async getAuctionRange(fromId: Hex, toId: Hex): Promise<AuctionRecordJSON[]> {
      const [a, b] = await Promise.all([
        request<AuctionRecordJSON>(`/v1/auctions/${fromId}`),
        request<AuctionRecordJSON>(`/v1/auctions/${toId}`),
      ]);
      if (a.auctioneer.toLowerCase() !== b.auctioneer.toLowerCase()) {
        throw new IntentMeshError(
          `The two auctions belong to different auctioneers (${a.auctioneer}, ${b.auctioneer}); a range follows one hash chain.`,
          { code: 'INVALID_RANGE', details: { from: fromId, to: toId } },
        );
      }
      const [lo, hi] = a.seq <= b.seq ? [a, b] : [b, a];
      const ids: Hex[] = [];
      for (let cursor: string | undefined; ;) {
        const page = await actions.listAuctions({
          auctioneer: lo.auctioneer,
          fromSeq: lo.seq,
          toSeq: hi.seq,
          limit: 200,
          cursor,
        });
        ids.push(...page.items.map((i) => i.auctionId));
        if (!page.next) break;
        cursor = page.next;
      }
      const records: AuctionRecordJSON[] = [];
      // a few requests in flight: fast on a large range without flooding the API
      for (let i = 0; i < ids.length; i += 16)
        records.push(
          ...(await Promise.all(ids.slice(i, i + 16).map((id) => request<AuctionRecordJSON>(`/v1/auctions/${id}`)))),
        );
      return records.sort((x, y) => x.seq - y.seq);
    },

    /**
     * Follows GET /v1/stream (auction.opened, auction.closed, award, gap) over fetch streaming, so it runs in
     * Node 20 and browsers alike; reconnects with Last-Event-ID. Returns the function that stops watching.
     */
    watchAuctions({ onEvent, onError, lastEventId, idleTimeoutMs = 45_000 }: WatchAuctionsParameters): () => void {
      let stopped = false;
      let controller = new AbortController();
      let last = lastEventId;
      let retryMs = 2000;
      const fail = (e: IntentMeshError) => !stopped && onError?.(e);

      async function connectOnce(): Promise<'retry' | 'stop'> {
        controller = new AbortController();
        let idle: ReturnType<typeof setTimeout> | undefined;
        const touch = () => {
          clearTimeout(idle);
          idle = setTimeout(() => controller.abort(), idleTimeoutMs);
        };
        try {
          touch();
          const res = await doFetch(`${base}/v1/stream`, {
            headers: { accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) },
            signal: controller.signal,
          });
          if (!res.ok || !res.body) {
            const body = await res.json().catch(() => undefined);
            fail(
              isErrorBody(body)
                ? errorFromBody(body)
                : new IntentMeshError(`The stream answered ${res.status}.`, {
                    code: 'INTERNAL',
                    details: { status: res.status },
                  }),
            );
            return res.status >= 400 && res.status < 500 && res.status !== 429 ? 'stop' : 'retry';
          }
          const parser = createSseParser(
            (m) => {
              if (m.id !== undefined) last = m.id;
              if (!isStreamEventType(m.event)) return; // a newer server's event type: not ours to handle
              try {
                onEvent(parseStreamEvent(m.event, JSON.parse(m.data), m.id));
              } catch (err) {
                fail(
                  err instanceof IntentMeshError
                    ? err
                    : new IntentMeshError(`An unreadable ${m.event} event: ${(err as Error).message}`, {
                        code: 'SCHEMA_INVALID',
                        cause: err,
                      }),
                );
              }
            },
            (ms) => (retryMs = ms),
          );
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return 'retry';
            touch();
            parser.push(decoder.decode(value, { stream: true }));
          }
        } catch (cause) {
          if (!stopped)
            fail(
              new IntentMeshError(`The event stream at ${base} dropped; reconnecting.`, { code: 'UNREACHABLE', cause }),
            );
          return 'retry';
        } finally {
          clearTimeout(idle);
        }
      }

      void (async () => {
        while (!stopped && (await connectOnce()) === 'retry' && !stopped)
          await new Promise((r) => setTimeout(r, retryMs));
      })();
      return () => {
        stopped = true;
        controller.abort();
      };
    },
  };
  return actions;
}
