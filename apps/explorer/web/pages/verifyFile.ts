// Verify a saved record (or an array of them, in seq order) offline, in this browser.
import type { AuctionRecordJSON } from '@intentmesh/sdk';
import { pinned, tokenIndex } from '../api';
import { errorBox, h, mount } from '../dom';
import { verificationBadge } from '../verify';
import { renderAuction } from './auction';

export function verifyFilePage(view: HTMLElement): () => void {
  const input = h('input', { type: 'file', id: 'record-file', accept: 'application/json,.json' });
  const out = h('div', { id: 'file-result' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as AuctionRecordJSON | AuctionRecordJSON[];
      const records = Array.isArray(parsed) ? parsed : [parsed];
      if (!records.length) throw new Error('The file holds no record.');
      if (records.length === 1) {
        const box = h('div', {});
        renderAuction(box, records[0]!, await tokenIndex());
        out.replaceChildren(box);
      } else
        out.replaceChildren(
          h('h2', {}, `${records.length} records (verified as a chain)`),
          verificationBadge(records, pinned.get()),
        );
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  });
  mount(
    view,
    h('h1', {}, 'Verify a saved record'),
    h(
      'p',
      {},
      'Pick a record JSON saved from the API (or an array of records in seq order). Nothing leaves your browser.',
    ),
    input,
    out,
  );
  return () => undefined;
}
