/**
 * LinkedIn entry. LinkedIn navigates with history.pushState, which fires no event a content
 * script can hear, so the URL is compared on a cheap timer instead of observing the page.
 */
import { send } from '../../browser/client.ts';
import { reportHealth } from '../shared/health.ts';
import { detector, profileViewTouchpoint } from './profile-view.ts';

let lastHref = '';

function check(): void {
  if (location.href === lastHref) return;
  lastHref = location.href;
  const touchpoint = profileViewTouchpoint(location.href, new Date());
  if (!touchpoint) return;
  send('logTouchpoints', { touchpoints: [touchpoint] }).then(
    () => reportHealth('linkedin', detector, null),
    (error: unknown) => {
      // Let the next tick retry: the worker may have been restarting.
      lastHref = '';
      reportHealth('linkedin', detector, error);
    },
  );
}

check();
setInterval(check, 1000);
