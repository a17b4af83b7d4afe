// The verification badge: the SDK's verifyAuction runs here, in the browser, against the pinned auctioneer.
// It is loaded on demand (its own chunk), so pages that never verify stay light.
import type { AuctionRecordJSON } from '@intentmesh/sdk';
import { h } from './dom';

type Verdict = { ok: boolean; problems: { code: string; message: string }[] };

export async function verifyRecords(records: AuctionRecordJSON[], auctioneer: string): Promise<Verdict> {
  const { verifyAuction, verifyChain } = await import('@intentmesh/auction');
  if (records.length === 1) return verifyAuction(records[0]!, { auctioneer });
  return verifyChain(records, { auctioneer, from: records[0]?.prevRecordHash });
}

/** A badge that fills in once the verifier ran: green (pinned and sound), amber (sound, unpinned), red (problems). */
export function verificationBadge(records: AuctionRecordJSON[], pinnedAuctioneer: string | undefined): HTMLElement {
  const badge = h('div', { class: 'badge badge-pending', 'data-verdict': 'pending' }, 'Verifying in your browser…');
  const auctioneer = pinnedAuctioneer ?? records[0]?.auctioneer ?? '';
  verifyRecords(records, auctioneer).then(
    ({ ok, problems }) => {
      const verdict = !ok ? 'failed' : pinnedAuctioneer ? 'verified' : 'unpinned';
      badge.className = `badge badge-${verdict}`;
      badge.dataset.verdict = verdict;
      const title =
        verdict === 'verified'
          ? `Verified in your browser against the pinned auctioneer ${auctioneer}`
          : verdict === 'unpinned'
            ? `Self-consistent, checked against the auctioneer the record names (${auctioneer}). Pin an auctioneer to prove who ran it.`
            : `Verification FAILED: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
      badge.replaceChildren(h('strong', {}, title));
      if (problems.length)
        badge.append(h('ul', {}, ...problems.map((p) => h('li', {}, h('code', {}, p.code), ' ', p.message))));
    },
    // a verifier that cannot run is not a verdict on the record
    (err: unknown) => {
      badge.className = 'badge badge-error';
      badge.dataset.verdict = 'error';
      badge.replaceChildren(h('strong', {}, 'The verifier could not run: '), String((err as Error).message ?? err));
    },
  );
  return badge;
}
