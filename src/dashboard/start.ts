/**
 * The page's only script tag. It asks for the opening view's data first (the period's figures,
 * or the board), then loads the page itself and that view as separate chunks, side by side: a
 * cold worker wakes and computes while they load, instead of after (see first-load.ts).
 */
import { t } from '../browser/i18n.ts';
import { startFirstLoad } from './first-load.ts';
import { DEFAULT_ROUTE, routeFromHash } from './route-id.ts';
import { ROUTE_VIEWS } from './route-views.ts';

startFirstLoad();
// The opening view's code loads alongside the shell's, not after the shell has rendered.
ROUTE_VIEWS[routeFromHash(location.hash) ?? DEFAULT_ROUTE]().catch(() => undefined);
import('./main.tsx').catch((error: unknown) => {
  // Only a broken build gets here; say so on the page rather than leave it blank.
  const app = document.getElementById('app');
  if (app) app.textContent = t('pageLoadFailed');
  console.error(error);
});
