// Live feed: the newest closed auctions, then each new one as the stream announces it.
import type { AuctionSummary } from '@intentmesh/sdk';
import { client } from '../api';
import { chip, errorBox, h, link, mount, time } from '../dom';

type Row = { auctionId: string; closedAt: number; intents: number; awards: number; unfilled: number; settled?: number };
const MAX_ROWS = 50;
const SETTLEMENT_POLL_MS = 3_000;

export function feedPage(view: HTMLElement): () => void {
  const rows = new Map<string, Row>();
  const awardedIntents = new Map<string, string[]>(); // auctionId -> awarded intent hashes
  const body = h('tbody', { id: 'feed' });
  const live = h('span', { class: 'live', id: 'live-state' }, 'live');
  mount(
    view,
    h('h1', {}, 'Live auctions ', live),
    h(
      'p',
      { class: 'muted' },
      'Auctions appear as they close. Bids are sealed until then; open an auction to see every bid, the winners and the verification.',
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, ...['auction', 'closed', 'intents', 'awards', 'unfilled', 'settlement'].map((c) => h('th', {}, c))),
      ),
      body,
    ),
  );
  const render = () => {
    const sorted = [...rows.values()].sort((a, b) => b.closedAt - a.closedAt).slice(0, MAX_ROWS);
    body.replaceChildren(
      ...sorted.map((r) =>
        h(
          'tr',
          { 'data-auction': r.auctionId },
          h('td', {}, link('auction', r.auctionId)),
          h('td', {}, time(r.closedAt)),
          h('td', {}, r.intents),
          h('td', {}, r.awards),
          h('td', {}, r.unfilled),
          h(
            'td',
            {},
            r.awards === 0
              ? '—'
              : r.settled === undefined
                ? chip('checking', 'pending')
                : chip(`${r.settled}/${r.awards} settled`, r.settled === r.awards ? 'ok' : 'pending'),
          ),
        ),
      ),
    );
  };
  const add = async (auctionId: string, summary?: Partial<Row>) => {
    if (rows.has(auctionId)) return;
    rows.set(auctionId, { auctionId, closedAt: Date.now(), intents: 0, awards: 0, unfilled: 0, ...summary });
    render();
    const record = await client.getAuction(auctionId as `0x${string}`).catch(() => undefined);
    if (!record) return;
    awardedIntents.set(
      auctionId,
      record.awards.map((a) => a.award.intentHash),
    );
    rows.set(auctionId, {
      ...rows.get(auctionId)!,
      closedAt: record.closedAt,
      intents: record.intents.length,
      awards: record.awards.length,
      unfilled: record.unfilled.length,
    });
    render();
  };
  // settlement state of the newest rows, until all their awards are settled
  const pollSettlements = async () => {
    const newest = [...rows.values()].sort((a, b) => b.closedAt - a.closedAt).slice(0, 10);
    for (const r of newest) {
      const hashes = awardedIntents.get(r.auctionId);
      if (!hashes?.length || r.settled === r.awards) continue;
      const views = await Promise.all(hashes.map((x) => client.getIntent(x as `0x${string}`).catch(() => undefined)));
      r.settled = views.filter((v) => v?.status === 'settled').length;
    }
    render();
  };
  const timer = setInterval(() => void pollSettlements(), SETTLEMENT_POLL_MS);

  client
    .listAuctions({ limit: 20 })
    .then((page) =>
      page.items.forEach(
        (s: AuctionSummary) => void add(s.auctionId, { closedAt: s.closedAt, intents: s.intents, awards: s.awards }),
      ),
    )
    .catch((err) => view.append(errorBox(err)));
  const stop = client.watchAuctions({
    onEvent: (event) => {
      live.textContent = 'live';
      live.className = 'live';
      if (event.type === 'auction.closed')
        void add(event.data.auctionId, {
          closedAt: event.data.closedAt,
          awards: event.data.awards,
          unfilled: event.data.unfilled.length,
        });
    },
    onError: (err) => {
      live.textContent = `reconnecting (${err.code})`;
      live.className = 'muted';
    },
  });
  return () => {
    stop();
    clearInterval(timer);
  };
}
