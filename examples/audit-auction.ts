/**
 * Auditor: fetch the latest auction records and verify them offline (signatures, scores, winners, hash chain).
 * Exits non-zero if any record fails. Run against the embedded default: `npm start`, then `npx tsx examples/audit-auction.ts`.
 * AUCTIONEER_ADDRESS pins the key you trust; without it the address /health reports is used (fine for a local demo only).
 */
import { createIntentMeshClient, verifyAuction, verifyChain, type AuctionRecordJSON } from '@intentmesh/sdk';

async function main() {
  const url = process.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000';
  const client = createIntentMeshClient({ url });
  const auctioneer =
    process.env.AUCTIONEER_ADDRESS ??
    ((await (await fetch(`${url}/health`)).json()) as { auctioneer: { auctioneer: string } }).auctioneer.auctioneer;

  const { items } = await client.listAuctions({ limit: 10 });
  if (!items.length) throw new Error('no auction records yet: submit an intent first (examples/submit-intent.ts)');
  const records: AuctionRecordJSON[] = [];
  for (const item of items) records.push(await client.getAuction(item.auctionId));
  records.sort((a, b) => a.seq - b.seq);

  for (const r of records) {
    const { ok, problems } = verifyAuction(r, { auctioneer });
    console.log(
      `auction ${r.auctionId} seq ${r.seq}: ${r.bids.length} bids, ${r.awards.length} awards -> ${ok ? 'verified' : problems.map((p) => p.code).join(', ')}`,
    );
    if (!ok) throw new Error(`record seq ${r.seq} failed: ${problems.map((p) => p.message).join('; ')}`);
  }
  // consecutive records link by hash: a removed or reordered one shows up here
  const chain = verifyChain(records, {
    auctioneer,
    from: records[0].seq === 1 ? undefined : records[0].prevRecordHash,
  });
  if (!chain.ok) throw new Error(`chain broken: ${chain.problems.map((p) => p.message).join('; ')}`);
  console.log(`chain of ${records.length} records verified against auctioneer ${auctioneer}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
