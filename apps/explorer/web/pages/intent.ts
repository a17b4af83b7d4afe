// One intent: what was signed, where it stands, and its history (each auction, award and outcome).
import { client, tokenIndex } from '../api';
import { amount } from '../amounts';
import { chip, errorBox, h, link, mount, short, table, time } from '../dom';

const FINAL = new Set(['settled', 'expired', 'cancelled']);
const POLL_MS = 2_000;

const outcomeKind = (o: string) =>
  o === 'settled' ? 'ok' : o === 'lapsed' || o === 'reported' ? 'bad' : o === 'awarded' ? 'pending' : 'muted';

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
      const history = v.history ?? [];
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
              ['closed', 'auction', 'outcome', 'solver', 'award', 'settle by', 'why'],
              history.map((a) => [
                time(a.closedAt),
                link('auction', a.auctionId),
                chip(a.outcome, outcomeKind(a.outcome)),
                a.award ? link('solver', a.award.award.solver) : '—',
                a.award ? amount(tokens, i.destinationChainId, i.buyToken, a.award.award.buyAmount) : '—',
                a.award ? time(a.award.award.settleBy * 1000) : '—',
                a.lapse
                  ? `${a.lapse.kind === 'lapsed' ? 'no settlement by settleBy' : 'the solver reported a failed settlement'}${a.lapse.reason ? `: ${a.lapse.reason}` : ''}`
                  : '',
              ]),
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
