import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../ui/theme.css';
import './popup.css';
import { t } from '../browser/i18n.ts';
import { mountHostAccess } from '../ui/host-access.tsx';
import { App } from './app.tsx';
import { type Home, takeHome } from './loader.ts';

// Usually already on its way since start.ts.
const initial = takeHome(location.search);

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('popupTitle');
const root = document.getElementById('app');
// The element is in index.html; its absence would be a build error, not a runtime case.
if (!root) throw new Error('#app missing from popup/index.html');
// One render, with the data, when it comes soon (a warm worker answers in a few ms): a render
// before it would only hold the main thread the reply needs. A slow answer (a worker waking up)
// does not keep the popup blank: past FRAME_WAIT_MS it shows its frame, then the data.
const FRAME_WAIT_MS = 50;
const early = new Promise<Home | null>((resolve) => {
  initial.then(resolve, () => resolve(null));
  setTimeout(() => resolve(null), FRAME_WAIT_MS);
});
mountHostAccess(root);
void early.then((home) => render(home ? <App first={home} /> : <App initial={initial} />, root));
