import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../ui/theme.css';
import './dashboard.css';
import { mountHostAccess } from '../ui/host-access.tsx';
import { App } from './app.tsx';

document.documentElement.lang = browser.i18n.getUILanguage();
const root = document.getElementById('app');
// The element is in index.html; its absence would be a build error, not a runtime case.
if (!root) throw new Error('#app missing from dashboard/index.html');
mountHostAccess(root);
render(<App />, root);
