// A few DOM helpers instead of a framework: the explorer is a handful of read-only pages.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** Creates an element: h('a', { href: '#/' }, 'home'). `on…` attributes become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'object' ? c : String(c));
  return el;
}

export function mount(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren();
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) parent.append(typeof c === 'object' ? c : String(c));
}

export const short = (hex: string, keep = 6): string =>
  hex.length > 2 + keep * 2 ? `${hex.slice(0, 2 + keep)}…${hex.slice(-4)}` : hex;

/** A hash or address linked to its page, with the full value on hover. */
export function link(kind: 'auction' | 'intent' | 'solver', id: string): HTMLAnchorElement {
  return h('a', { href: `#/${kind}/${id}`, title: id, class: 'mono' }, short(id));
}

export const time = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

/** Base units to a decimal string with the token's decimals, exact (bigint, never a float). */
export function formatUnits(amount: string | bigint, decimals: number): string {
  const v = BigInt(amount);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''}`;
}

/** Human units to base units, exact; throws on more decimals than the token has. */
export function parseUnits(text: string, decimals: number): bigint {
  const m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a positive decimal number`);
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw new Error(`at most ${decimals} decimals`);
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

export function table(head: string[], rows: Child[][]): HTMLTableElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

export function chip(text: string, kind: string): HTMLSpanElement {
  return h('span', { class: `chip chip-${kind}` }, text);
}

export function errorBox(err: unknown): HTMLElement {
  const e = err as { code?: string; message?: string };
  return h('p', { class: 'error' }, e.code ? `${e.code}: ` : '', e.message ?? String(err));
}
