// Try it (embedded default): a burner key, the dev faucet, a quote, sign, submit, and follow to settled.
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { TokenInfo } from '@intentmesh/sdk';
import { client } from '../api';
import { errorBox, formatUnits, h, link, mount, parseUnits } from '../dom';

const KEY = 'intentmesh.explorer.burner';
const FOLLOW_MS = 1_000;

function burner() {
  let key = sessionStorage.getItem(KEY) as `0x${string}` | null;
  if (!key) sessionStorage.setItem(KEY, (key = generatePrivateKey()));
  return privateKeyToAccount(key);
}

export function tryItPage(view: HTMLElement): () => void {
  let alive = true;
  const account = burner();
  const log = h('ol', { id: 'try-log', class: 'log' });
  const say = (...parts: (string | Node)[]) => log.append(h('li', {}, ...parts));
  const sell = h('select', { id: 'try-sell' });
  const buy = h('select', { id: 'try-buy' });
  const amountInput = h('input', { id: 'try-amount', value: '1', inputmode: 'decimal' });
  let tokens: TokenInfo[] = [];
  const pick = (sel: HTMLSelectElement) => tokens[Number(sel.value)]!;
  let quote: { buyAmount: string; minBuyAmount: string } | undefined;

  const step = (label: string, id: string, run: () => Promise<void>) => {
    const button = h('button', { id, type: 'button' }, label);
    button.addEventListener('click', () => {
      button.disabled = true;
      run()
        .catch((err) => log.append(h('li', {}, errorBox(err))))
        .finally(() => (button.disabled = false));
    });
    return button;
  };
  const sellAmount = () => parseUnits(amountInput.value, pick(sell).decimals);

  const faucet = step('1. Get test tokens', 'try-faucet', async () => {
    const t = pick(sell);
    const res = await fetch('/v1/dev/faucet', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chainId: t.chainId,
        token: t.address,
        to: account.address,
        amount: sellAmount().toString(),
      }),
    });
    if (res.status === 404) throw new Error('The faucet exists on the embedded default only (npm start).');
    const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok)
      throw Object.assign(new Error(body.error?.message ?? `HTTP ${res.status}`), { code: body.error?.code });
    say(
      `Minted ${formatUnits(sellAmount(), t.decimals)} ${t.symbol} on chain ${t.chainId} and approved the settlement.`,
    );
  });
  const getQuote = step('2. Quote', 'try-quote', async () => {
    const [s, b] = [pick(sell), pick(buy)];
    quote = await client.getQuote({
      sellToken: s.address,
      buyToken: b.address,
      sellAmount: sellAmount(),
      sourceChainId: s.chainId,
      destinationChainId: b.chainId,
    });
    say(
      `Quote: ${formatUnits(quote.buyAmount, b.decimals)} ${b.symbol} (you sign for at least ${formatUnits(quote.minBuyAmount, b.decimals)}).`,
    );
  });
  const submit = step('3. Sign and submit', 'try-submit', async () => {
    const [s, b] = [pick(sell), pick(buy)];
    if (!quote) throw new Error('Get a quote first.');
    const intent = client.buildIntent({
      swapper: account.address,
      sellToken: s.address,
      sellAmount: sellAmount(),
      buyToken: b.address,
      sourceChainId: s.chainId,
      destinationChainId: b.chainId,
      minBuyAmount: BigInt(quote.minBuyAmount),
    });
    const signature = await client.signIntent(intent, account);
    const { hash } = await client.submitIntent(intent, signature);
    say('Submitted ', link('intent', hash), '. Following it…');
    const status = h('li', { id: 'try-status' }, 'pending');
    log.append(status);
    let last = '';
    while (alive) {
      const v = await client.getIntent(hash);
      if (v.status !== last) {
        last = v.status;
        status.dataset.status = v.status;
        status.replaceChildren(
          `Status: ${v.status}`,
          v.settlement
            ? ` (tx ${v.settlement.txHash} on chain ${v.settlement.chainId}, block ${v.settlement.blockNumber})`
            : '',
        );
      }
      if (['settled', 'expired', 'cancelled'].includes(v.status)) break;
      await new Promise((r) => setTimeout(r, FOLLOW_MS));
    }
  });

  mount(view, h('h1', {}, 'Try it'), h('p', { class: 'muted' }, 'Loading tokens…'));
  client.getTokens().then(
    (list) => {
      if (!alive) return;
      tokens = list;
      for (const sel of [sell, buy])
        sel.replaceChildren(...list.map((t, i) => h('option', { value: i }, `${t.symbol} on chain ${t.chainId}`)));
      sell.value = String(
        Math.max(
          0,
          list.findIndex((t) => t.symbol === 'WETH'),
        ),
      );
      buy.value = String(
        Math.max(
          0,
          list.findIndex((t) => t.symbol === 'USDC'),
        ),
      );
      mount(
        view,
        h('h1', {}, 'Try it'),
        h(
          'p',
          {},
          'A burner key lives in this tab only: ',
          h('span', { class: 'mono', id: 'try-address' }, account.address),
          '. The faucet and the local chains exist on the embedded default (npm start).',
        ),
        h('div', { class: 'form' }, h('label', {}, 'Sell ', amountInput, ' ', sell), h('label', {}, 'Buy ', buy)),
        h('p', {}, faucet, ' ', getQuote, ' ', submit),
        log,
      );
    },
    (err) => mount(view, h('h1', {}, 'Try it'), errorBox(err)),
  );
  return () => {
    alive = false;
  };
}
