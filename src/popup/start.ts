/**
 * The popup's only script tag. It asks for the first data, then loads the popup itself as a
 * separate chunk: the request is on its way while the browser fetches and runs the page's code
 * (see loader.ts).
 */
import { t } from '../browser/i18n.ts';
import { startHome } from './loader.ts';

startHome(location.search);
import('./main.tsx').catch((error: unknown) => {
  // Only a broken build gets here; say so rather than leave an empty popup.
  const app = document.getElementById('app');
  if (app) app.textContent = t('pageLoadFailed');
  console.error(error);
});
