/**
 * The page's only script tag. It asks for the opening period's figures first, then loads the
 * page itself (charts included, most of the bytes) as a separate chunk: a cold worker wakes
 * and computes while that chunk loads, instead of after (see first-load.ts).
 */
import { t } from '../browser/i18n.ts';
import { startFirstLoad } from './first-load.ts';

startFirstLoad();
import('./main.tsx').catch((error: unknown) => {
  // Only a broken build gets here; say so on the page rather than leave it blank.
  const app = document.getElementById('app');
  if (app) app.textContent = t('pageLoadFailed');
  console.error(error);
});
