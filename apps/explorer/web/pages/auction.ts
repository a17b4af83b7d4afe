// One auction as its record tells it: intents, invitations and seat draw, every bid with its verdict, scores,
// winners, awards and their settlement, and a verification badge computed in this browser.
import type { AuctionRecordJSON, IntentJSON, TokenInfo } from '@intentmesh/sdk';
import { client, pinned, tokenIndex } from '../api';
import { amount } from '../amounts';
import { chip, errorBox, h, link, mount, short, table, time } from '../dom';
import { verificationBadge } from '../verify';

export function auctionPage(view: HTMLElement, auctionId: string): () => void {
  let alive = true;
  mount(view, h('p', { class: 'muted' }, 'Loading auction…'));
  void (async () => {
    try {
      const [record, tokens] = await Promise.all([client.getAuction(auctionId as `0x${string}`), tokenIndex()]);
      if (!alive) return;
      renderAuction(view, record as AuctionRecordJSON, tokens);
    } catch (err) {
      mount(view, h('h1', {}, 'Auction ', h('span', { class: 'mono' }, short(auctionId))), errorBox(err));
    }
  })();
  return () => {
    alive = false;
  };
}

/** Each operator's share of the shard's total weight: the integer weights themselves are unwieldy to read. */
function shares(weights: Record<string, string>): string {
  const total = Object.values(weights).reduce((a, w) => a + BigInt(w), 0n);
  if (total === 0n) return '—';
  return Object.entries(weights)
    .map(([op, w]) => `${short(op)}: ${(Number((BigInt(w) * 10_000n) / total) / 100).toFixed(2)} %`)
    .join(', ');
}

export function renderAuction(view: HTMLElement, record: AuctionRecordJSON, tokens: Map<string, TokenInfo>): void {
  const intents = new Map<string, IntentJSON>(record.intents.map((i) => [i.hash, i.intent]));
  const buyAmount = (intentHash: string, value: string) => {
    const i = intents.get(intentHash);
    return i ? amount(tokens, i.destinationChainId, i.buyToken, value) : value;
  };
  const outcomeOf = new Map(record.outcomes.map((o) => [o.index, o]));
  const settlementCells = new Map<string, HTMLElement>();
  const download = h(
    'a',
    {
      href: URL.createObjectURL(new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' })),
      download: `auction-${record.auctionId}.json`,
    },
    'download the record',
  );

  mount(
    view,
    h('h1', {}, 'Auction ', h('span', { class: 'mono', title: record.auctionId }, short(record.auctionId, 10))),
    verificationBadge([record], pinned.get()),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'seq'),
      h('dd', {}, record.seq),
      h('dt', {}, 'auctioneer'),
      h('dd', { class: 'mono' }, record.auctioneer),
      h('dt', {}, 'opened'),
      h('dd', {}, time(record.openedAt)),
      h('dt', {}, 'closed'),
      h(
        'dd',
        {},
        `${time(record.closedAt)} (${record.closedAt - record.openedAt} ms; window ${record.bidWindowMs} ms)`,
      ),
      h('dt', {}, 'seed'),
      h('dd', { class: 'mono' }, record.seed),
      h('dt', {}, 'record hash'),
      h('dd', { class: 'mono' }, record.recordHash),
      h('dt', {}, 'previous'),
      h('dd', { class: 'mono' }, record.prevRecordHash),
      h('dt', {}, 'record'),
      h('dd', {}, download),
    ),
    h('h2', {}, `Intents (${record.intents.length})`),
    table(
      ['intent', 'swapper', 'sells', 'for at least', 'route'],
      record.intents.map(({ hash, intent: i }) => [
        link('intent', hash),
        h('span', { class: 'mono', title: i.swapper }, short(i.swapper)),
        amount(tokens, i.sourceChainId, i.sellToken, i.sellAmount),
        amount(tokens, i.destinationChainId, i.buyToken, i.minBuyAmount),
        i.sourceChainId === i.destinationChainId
          ? `chain ${i.sourceChainId}`
          : `${i.sourceChainId} → ${i.destinationChainId}`,
      ]),
    ),
    h('h2', {}, `Solvers (${record.solvers.filter((s) => s.invited).length} invited of ${record.solvers.length})`),
    table(
      ['solver', 'operator', 'invited', 'reason', 'weight', 'chains', 'attested RTT'],
      record.solvers.map((s) => [
        link('solver', s.solver),
        s.operator ? h('span', { class: 'mono', title: s.operator }, short(s.operator)) : '—',
        s.invited ? chip('invited', 'ok') : chip('not invited', 'muted'),
        s.reason,
        s.weight ?? '—',
        s.chains?.join(', ') ?? '—',
        s.attestation ? `${s.attestation.rttMs} ms` : '—',
      ]),
    ),
    record.fanout
      ? h(
          'div',
          {},
          h('h3', {}, `Seat draw${record.fanout.panic ? ' (panic mode: everyone healthy invited)' : ''}`),
          table(
            ['shard', 'chain', 'mode', 'seats', 'weights', 'invited'],
            record.fanout.shards.map((s) => [
              s.key,
              s.chainId,
              s.mode,
              s.seats,
              shares(s.weights),
              s.invited.map((op) => short(op)).join(', '),
            ]),
          ),
        )
      : null,
    h(
      'h2',
      {},
      `Bids (${record.bids.length}${record.duplicateBids ? `, plus ${record.duplicateBids} duplicates` : ''})`,
    ),
    table(
      ['#', 'solver', 'arrived', 'verdict', 'fills', 'score', 'outcome'],
      record.bids.map((b, index) => {
        const bid = b.bid as { fills?: { intentHash: string; buyAmount: string }[] } | undefined;
        const o = outcomeOf.get(index);
        return [
          index,
          b.solver ? link('solver', b.solver) : '—',
          `+${b.receivedAt - record.openedAt} ms`,
          h(
            'span',
            { title: b.reason },
            chip(b.verdict, b.verdict === 'ACCEPTED' ? 'ok' : 'bad'),
            b.reason && b.verdict !== 'ACCEPTED' ? ` ${b.reason}` : '',
          ),
          h(
            'div',
            {},
            ...(bid?.fills ?? []).map((f) =>
              h('div', {}, link('intent', f.intentHash), ' ', buyAmount(f.intentHash, f.buyAmount)),
            ),
          ),
          o?.score ?? '—',
          o ? chip(o.outcome, o.outcome === 'WON' ? 'ok' : 'muted') : '—',
        ];
      }),
    ),
    h('h2', {}, `Winners (${record.winners.length})`),
    table(
      ['intent', 'solver', 'delivers', 'bid', 'reference score'],
      record.winners.map((w) => [
        link('intent', w.intentHash),
        link('solver', w.solver),
        buyAmount(w.intentHash, w.buyAmount),
        `#${w.bidIndex}`,
        record.referenceScores[w.solver] ?? '—',
      ]),
    ),
    record.unfilled.length
      ? h('p', {}, `Unfilled: `, ...record.unfilled.flatMap((x) => [link('intent', x), ' ']))
      : null,
    h('h2', {}, `Awards (${record.awards.length})`),
    table(
      ['intent', 'solver', 'amount', 'settle by', 'signature', 'settlement'],
      record.awards.map(({ award, signature }) => {
        const cell = h('span', { class: 'muted' }, 'checking…');
        settlementCells.set(award.intentHash, cell);
        return [
          link('intent', award.intentHash),
          link('solver', award.solver),
          buyAmount(award.intentHash, award.buyAmount),
          time(award.settleBy * 1000),
          h('span', { class: 'mono', title: signature }, short(signature)),
          cell,
        ];
      }),
    ),
  );
  for (const [intentHash, cell] of settlementCells) {
    client.getIntent(intentHash as `0x${string}`).then(
      (v) => {
        const s = v.settlement;
        cell.replaceChildren(
          s
            ? h(
                'span',
                {},
                chip('settled', 'ok'),
                ` tx `,
                h('span', { class: 'mono', title: s.txHash }, short(s.txHash)),
                ` on chain ${s.chainId}, block ${s.blockNumber}`,
              )
            : chip(v.status, v.status === 'awarded' ? 'pending' : 'muted'),
        );
      },
      (err) => cell.replaceChildren(errorBox(err)),
    );
  }
}
