// The explorer's shell: the pinned auctioneer field and a hash router over the pages.
import { pinned } from './api';
import { auctionPage } from './pages/auction';
import { feedPage } from './pages/feed';
import { intentPage } from './pages/intent';
import { solverPage, solversPage } from './pages/solvers';
import { tryItPage } from './pages/tryIt';
import { verifyFilePage } from './pages/verifyFile';
import './style.css';

const view = document.getElementById('view')!;
const pin = document.getElementById('pin') as HTMLInputElement;
pin.value = pinned.get() ?? '';
pin.addEventListener('change', () => {
  const v = pin.value.trim();
  if (v && !/^0x[0-9a-fA-F]{40}$/.test(v)) {
    pin.setCustomValidity('An address: 0x and 40 hex digits');
    pin.reportValidity();
    return;
  }
  pin.setCustomValidity('');
  pinned.set(v || undefined);
  route();
});

const routes: [RegExp, (m: RegExpExecArray) => () => void][] = [
  [/^#?\/?$/, () => feedPage(view)],
  [/^#\/auction\/(0x[0-9a-fA-F]{64})$/, (m) => auctionPage(view, m[1]!)],
  [/^#\/intent\/(0x[0-9a-fA-F]{64})$/, (m) => intentPage(view, m[1]!)],
  [/^#\/solvers$/, () => solversPage(view)],
  [/^#\/solver\/(0x[0-9a-fA-F]{40})$/, (m) => solverPage(view, m[1]!)],
  [/^#\/try$/, () => tryItPage(view)],
  [/^#\/verify$/, () => verifyFilePage(view)],
];

let cleanup: () => void = () => undefined;
function route() {
  cleanup();
  const hash = location.hash;
  for (const [re, page] of routes) {
    const m = re.exec(hash);
    if (m) {
      cleanup = page(m);
      return;
    }
  }
  view.replaceChildren(Object.assign(document.createElement('p'), { textContent: `No page at ${hash}.` }));
  cleanup = () => undefined;
}
window.addEventListener('hashchange', route);
route();
