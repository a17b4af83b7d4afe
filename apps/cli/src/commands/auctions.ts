import { parseArgs } from 'node:util';
import { type AuctionStreamEvent, type ListAuctionsParameters } from '@intentmesh/sdk';
import type { Hex } from '@intentmesh/protocol';
import { apiClient, apiFlags, valueFlags, wholeNumber } from '../options';
import { register } from '../registry';

const short = (h: string) => `${h.slice(0, 10)}…`;
const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** One table row per stream event: what a person watching wants at a glance. */
function row(e: AuctionStreamEvent): string {
  switch (e.type) {
    case 'auction.opened':
      return `${time(e.data.openedAt)}  opened   ${short(e.data.auctionId)}  ${String(e.data.intents.length).padStart(5)} intents  closes ${time(e.data.closesAt)}`;
    case 'auction.closed':
      return `${time(e.data.closedAt)}  closed   ${short(e.data.auctionId)}  ${String(e.data.awards).padStart(5)} awards   ${e.data.unfilled.length} unfilled`;
    case 'award':
      return `${' '.repeat(12)}  award    ${short(e.data.award.auctionId)}  intent ${short(e.data.award.intentHash)} -> ${short(e.data.award.solver)} for ${e.data.award.buyAmount}`;
    case 'gap':
      return `gap: ${e.data.message}`;
  }
}

register({
  name: 'auctions',
  summary: 'List closed auctions, or watch them live (--watch)',
  help: `Usage:
  intentmesh auctions [--limit N] [--solver ADDRESS] [--intent HASH] [--chain ID] [--json] [--url URL]
  intentmesh auctions --watch [--count N] [--json] [--url URL]

Without --watch: the newest closed auctions (GET /v1/auctions) as a table, with the filters given.
With --watch: a live table of auctions as they open and close and of every award (GET /v1/stream,
Server-Sent Events); it reconnects by itself and resumes where it left off. Stop with Ctrl-C, or
give --count to stop after that many events.

Options:
  --limit N         page size, 1-200 (default 20)
  --solver ADDRESS  auctions this solver bid in
  --intent HASH     auctions that offered this intent
  --chain ID        auctions with an intent on this chain
  --watch           follow the live stream
  --count N         with --watch: exit after N events
  --json            the page as one JSON object, or with --watch one JSON event per line
  --url URL         the API (default INTENTMESH_URL or http://127.0.0.1:3000)

Examples:
  intentmesh auctions --limit 5
  intentmesh auctions --watch
  intentmesh auctions --watch --json --count 10 | jq .type`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...valueFlags('limit', 'solver', 'intent', 'chain', 'count'),
        watch: { type: 'boolean' },
        ...apiFlags,
      },
    });
    const client = apiClient(values.url, io);

    if (!values.watch) {
      const params: ListAuctionsParameters = { limit: wholeNumber('limit', values.limit, 1) ?? 20 };
      if (values.solver) params.solver = values.solver as Hex;
      if (values.intent) params.intent = values.intent as Hex;
      if (values.chain) params.chainId = wholeNumber('chain', values.chain, 1);
      const page = await client.listAuctions(params);
      if (values.json) io.out(JSON.stringify(page));
      else {
        io.out('closed        auction      seq      intents  awards');
        for (const a of page.items)
          io.out(
            `${time(a.closedAt)}  ${short(a.auctionId)}  ${String(a.seq).padStart(6)}  ${String(a.intents).padStart(8)}  ${String(a.awards).padStart(6)}`,
          );
        if (!page.items.length) io.out('(no closed auction matches)');
      }
      return 0;
    }

    const count = wholeNumber('count', values.count, 1);
    let seen = 0;
    return new Promise<number>((resolve) => {
      const finish = (code: number) => {
        stop();
        process.off('SIGINT', onSigint);
        resolve(code);
      };
      const onSigint = () => finish(0);
      const stop = client.watchAuctions({
        onEvent: (e) => {
          io.out(values.json ? JSON.stringify(e) : row(e));
          if (count !== undefined && ++seen >= count) finish(0);
        },
        // the stream reconnects by itself; a refusal (4xx) ends it, so the command ends with it
        onError: (err) => {
          io.err(values.json ? JSON.stringify(err.toJSON()) : `stream: ${err.code}: ${err.shortMessage}`);
          if (
            err.code !== 'UNREACHABLE' &&
            err.code !== 'BUS_UNAVAILABLE' &&
            err.code !== 'INTERNAL' &&
            err.code !== 'SCHEMA_INVALID'
          )
            finish(1);
        },
      });
      process.on('SIGINT', onSigint);
      if (!values.json) io.out('time          event    auction      details');
    });
  },
});
