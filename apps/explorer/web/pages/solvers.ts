// Solvers: health state, measured RTT, reputation, and a solver's wins and losses over time.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SolverStatus } from '@intentmesh/auction';
import { client, listSolvers } from '../api';
import { chip, errorBox, h, link, mount, short, table, time } from '../dom';

const stateKind = (s: string) => (s === 'healthy' ? 'ok' : s === 'ejected' ? 'bad' : 'pending');
const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);

function healthCells(s: SolverStatus) {
  return [
    chip(s.state, stateKind(s.state)),
    ms(s.rttMs.p50),
    ms(s.rttMs.p99),
    s.reputation.toFixed(3),
    s.weight,
    s.chains.join(', '),
  ];
}

export function solversPage(view: HTMLElement): () => void {
  mount(view, h('h1', {}, 'Solvers'), h('p', { class: 'muted' }, 'Loading…'));
  listSolvers().then(
    (list) =>
      mount(
        view,
        h('h1', {}, `Solvers (${list.length})`),
        h(
          'p',
          { class: 'muted' },
          'As the auctioneer measures them: round trips on its own clock, never self-reported.',
        ),
        table(
          ['solver', 'operator', 'state', 'RTT p50', 'RTT p99', 'reputation', 'weight', 'chains'],
          list.map((s) => [
            link('solver', s.address),
            h('span', { class: 'mono', title: s.operator }, short(s.operator)),
            ...healthCells(s),
          ]),
        ),
      ),
    (err) => mount(view, h('h1', {}, 'Solvers'), errorBox(err)),
  );
  return () => undefined;
}

export function solverPage(view: HTMLElement, address: string): () => void {
  let chart: uPlot | undefined;
  mount(
    view,
    h('h1', {}, 'Solver ', h('span', { class: 'mono' }, short(address))),
    h('p', { class: 'muted' }, 'Loading…'),
  );
  void (async () => {
    const [status, competition] = await Promise.all([
      listSolvers()
        .then((l) => l.find((s) => s.address.toLowerCase() === address.toLowerCase()))
        .catch(() => undefined),
      client.getSolverCompetition(address, { limit: 200 }).catch((err: unknown) => err as Error),
    ]);
    const chartBox = h('div', { id: 'wins-chart', class: 'chart' });
    mount(
      view,
      h('h1', {}, 'Solver ', h('span', { class: 'mono', title: address }, short(address, 10))),
      status
        ? table(
            ['operator', 'state', 'RTT p50', 'RTT p99', 'reputation', 'weight', 'chains'],
            [[h('span', { class: 'mono' }, status.operator), ...healthCells(status)]],
          )
        : h(
            'p',
            { class: 'muted' },
            'The auctioneer does not list this key now (not registered, or the auctioneer did not answer).',
          ),
      status?.ejection
        ? h(
            'p',
            {},
            chip('ejected', 'bad'),
            ` ${status.ejection.kind} (${status.ejection.scope})${status.ejection.until ? ` until ${time(status.ejection.until)}` : ''}`,
          )
        : null,
      h('h2', {}, 'Wins and losses over time'),
      competition instanceof Error
        ? errorBox(competition)
        : h(
            'p',
            {},
            `${competition.totals.auctions} auctions, ${competition.totals.auctionsWon} won, ${competition.totals.intentsWon} intents won, ${competition.totals.bids} bids`,
          ),
      chartBox,
      competition instanceof Error
        ? null
        : table(
            ['auction', 'closed', 'bids', 'won', 'lost', 'unfair', 'score'],
            [...competition.series]
              .reverse()
              .slice(0, 30)
              .map((s) => [
                link('auction', s.auctionId),
                time(s.closedAt),
                s.bids,
                s.outcomes.WON,
                s.outcomes.LOST,
                s.outcomes.UNFAIR,
                s.score,
              ]),
          ),
    );
    if (competition instanceof Error || !competition.series.length) return;
    const series = [...competition.series].sort((a, b) => a.closedAt - b.closedAt);
    let won = 0;
    let lost = 0;
    const xs: number[] = [];
    const wins: number[] = [];
    const losses: number[] = [];
    for (const s of series) {
      won += s.outcomes.WON;
      lost += s.outcomes.LOST + s.outcomes.UNFAIR;
      xs.push(s.closedAt / 1000);
      wins.push(won);
      losses.push(lost);
    }
    chart = new uPlot(
      {
        width: Math.min(900, view.clientWidth || 900),
        height: 260,
        series: [
          {},
          { label: 'bids won (cumulative)', stroke: '#1a7f37', width: 2 },
          { label: 'bids lost (cumulative)', stroke: '#cf222e', width: 2 },
        ],
        axes: [{}, { label: 'bids' }],
      },
      [xs, wins, losses],
      chartBox,
    );
  })();
  return () => chart?.destroy();
}
