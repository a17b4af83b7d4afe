// One intent: what was signed, where it stands, and its history (each auction, award and outcome).
import { client, tokenIndex } from '../api';
import { amount } from '../amounts';
import { chip, errorBox, h, link, mount, short, table, time } from '../dom';

const FINAL = new Set(['settled', 'expired', 'cancelled']);
const POLL_MS = 2_000;

type HistoryEntry = Record<string, unknown>;

export function intentPage(view: HTMLElement, hash: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  const load = async () => {
    try {
      const [v, tokens, auctions] = await Promise.all([
        client.getIntent(hash as `0x${string}`),
        tokenIndex(),
        client.getIntentAuction(hash as `0x${string}`).catch(() => undefined),
      ]);
      if (!alive) return;
      const i = v.intent;
      const history = (v as { history?: HistoryEntry[] }).history ?? [];
      mount(
        view,
        h('h1', {}, 'Intent ', h('span', { class: 'mono', title: v.hash }, short(v.hash, 10))),
        h(
          'p',
          {},
          'Status ',
          chip(v.status, v.status === 'settled' ? 'ok' : FINAL.has(v.status) ? 'bad' : 'pending'),
          FINAL.has(v.status) ? '' : h('span', { class: 'muted' }, ' (following)'),
        ),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'swapper'),
          h('dd', { class: 'mono' }, i.swapper),
          h('dt', {}, 'sells'),
          h('dd', {}, `${amount(tokens, i.sourceChainId, i.sellToken, i.sellAmount)} on chain ${i.sourceChainId}`),
          h('dt', {}, 'for at least'),
          h(
            'dd',
            {},
            `${amount(tokens, i.destinationChainId, i.buyToken, i.minBuyAmount)} on chain ${i.destinationChainId}`,
          ),
          h('dt', {}, 'recipient'),
          h('dd', { class: 'mono' }, i.recipient),
          h('dt', {}, 'deadline'),
          h('dd', {}, time(Number(i.deadline) * 1000)),
          h('dt', {}, 'nonce'),
          h('dd', { class: 'mono' }, String(i.nonce)),
          h('dt', {}, 'accepted'),
          h('dd', {}, v.createdAt ?? '—'),
          h('dt', {}, 'auctions'),
          h('dd', {}, String(v.attempts)),
          h('dt', {}, 'award'),
          h(
            'dd',
            {},
            v.award
              ? h(
                  'span',
                  {},
                  amount(tokens, i.destinationChainId, i.buyToken, v.award.award.buyAmount),
                  ' by ',
                  link('solver', v.award.award.solver),
                  ' in ',
                  link('auction', v.award.award.auctionId),
                  `, settle by ${time(v.award.award.settleBy * 1000)}`,
                )
              : '—',
          ),
          h('dt', {}, 'settlement'),
          h(
            'dd',
            { id: 'settlement' },
            v.settlement
              ? h(
                  'span',
                  {},
                  'tx ',
                  h('span', { class: 'mono' }, v.settlement.txHash),
                  ` on chain ${v.settlement.chainId}, block ${v.settlement.blockNumber}`,
                )
              : '—',
          ),
        ),
        h('h2', {}, 'History'),
        history.length
          ? table(
              Object.keys(history[0]!),
              history.map((e) =>
                Object.values(e).map((x) =>
                  typeof x === 'string' && /^0x[0-9a-f]{64}$/i.test(x)
                    ? h('span', { class: 'mono', title: x }, short(x))
                    : typeof x === 'object'
                      ? JSON.stringify(x)
                      : String(x),
                ),
              ),
            )
          : null,
        auctions
          ? h(
              'p',
              {},
              'Auctions: ',
              link('auction', auctions.latest.auctionId),
              ...auctions.earlier.flatMap((a) => [', ', link('auction', a)]),
              auctions.liveAuctionId
                ? h('span', {}, ' · live now: ', h('span', { class: 'mono' }, short(auctions.liveAuctionId)))
                : '',
            )
          : h('p', { class: 'muted' }, 'Not in a closed auction yet.'),
      );
      if (!FINAL.has(v.status)) timer = setTimeout(() => void load(), POLL_MS);
    } catch (err) {
      if (alive) mount(view, h('h1', {}, 'Intent ', h('span', { class: 'mono' }, short(hash))), errorBox(err));
    }
  };
  void load();
  return () => {
    alive = false;
    clearTimeout(timer);
  };
}
