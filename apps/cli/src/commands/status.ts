import { parseArgs } from 'node:util';
import type { Hex } from '@intentmesh/protocol';
import { createProgress } from '../progress';
import { apiClient, apiFlags } from '../options';
import { register } from '../registry';
import { describeAmount } from '../tokens';

register({
  name: 'status',
  summary: 'Show an intent and follow it to its award',
  help: `Usage: intentmesh status <intentHash> [--wait] [--timeout ms] [--json] [--url URL]

Prints the intent's status, auction and award, then its history: each auction it was in, the award
and how it ended (unfilled, awarded, settled, lapsed at settleBy, or reported failed by the solver,
with its decoded reason). With --wait, follows it until it is awarded
(a live progress line on a terminal) or the timeout passes (exit 5 TIMEOUT).

Example:
  intentmesh status 0xabc... --wait --url http://127.0.0.1:3000`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        wait: { type: 'boolean' },
        timeout: { type: 'string', default: '30000' },
        ...apiFlags,
      },
    });
    const hash = positionals[0] as Hex | undefined;
    if (!hash) {
      io.err('status needs an intent hash: intentmesh status 0x...');
      return 2;
    }
    const client = apiClient(values.url, io);
    let view;
    if (values.wait) {
      const progress = createProgress(hash, io, { json: values.json });
      try {
        view = await client.waitForAward(hash, { timeoutMs: Number(values.timeout), onStatus: progress.onStatus });
      } finally {
        progress.stop();
      }
    } else view = await client.getIntent(hash);
    if (values.json) io.out(JSON.stringify(view));
    else {
      const award = view.award
        ? `  awarded to ${view.award.award.solver} for ${await describeAmount(client, view.intent.destinationChainId, view.intent.buyToken, view.award.award.buyAmount)}`
        : '';
      io.out(
        `${view.hash}  ${view.status}${view.statusReason ? ` (${view.statusReason})` : ''}${view.auctionId ? `  auction ${view.auctionId}` : ''}${award}`,
      );
      for (const a of view.history ?? []) {
        const award = a.award
          ? `  ${a.award.award.solver} for ${await describeAmount(client, view.intent.destinationChainId, view.intent.buyToken, a.award.award.buyAmount)} by ${new Date(a.award.award.settleBy * 1000).toISOString()}`
          : '';
        io.out(
          `  ${new Date(a.closedAt).toISOString()}  ${a.auctionId}  ${a.outcome}${award}${a.lapse?.reason ? `  (${a.lapse.reason})` : ''}`,
        );
      }
    }
    return 0;
  },
});
