import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../ui/theme.css';
import './popup.css';
import { t } from '../browser/i18n.ts';
import { mountHostAccess } from '../ui/host-access.tsx';
import { App } from './app.tsx';
import { takeHome } from './loader.ts';

// Usually already on its way since start.ts.
const initial = takeHome(location.search);

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('popupTitle');
const root = document.getElementById('app');
// The element is in index.html; its absence would be a build error, not a runtime case.
if (!root) throw new Error('#app missing from popup/index.html');
mountHostAccess(root);
render(<App initial={initial} />, root);
