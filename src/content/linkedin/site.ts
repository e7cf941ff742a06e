/**
 * LinkedIn as a list of detectors on one session (../shared/session.ts). LinkedIn is a
 * single-page app whose every navigation re-renders the page, so one observer batched to one
 * scan per 150 ms notices both new URLs and new content. It watches what the detectors read —
 * the main column and the messaging overlay — not the whole body: LinkedIn's feed, sidebars
 * and hovercards mutate constantly. A scan is synchronous DOM reading; the background is
 * asked only about people the page shows, once each (the profile the URL names and the
 * settings before the first scan, so it renders at once), and again after a change event. Passive mode (the settings) injects nothing: the popup offers what the page
 * would (it reads the participants the detectors report).
 */
import { queryOptional } from '../shared/dom.ts';
import { type Detector, Session, type SessionDeps } from '../shared/session.ts';
import { connectDetector } from './connect-detector.ts';
import { messagesDetector } from './messages-detector.ts';
import { profileDetector } from './profile-detector.ts';
import { profileUrlOf } from './profile-view.ts';
import { mainColumn, messagingOverlay } from './selectors.ts';
import { LinkedinState } from './state.ts';

export function linkedinDetectors(state: LinkedinState): Detector[] {
  return [profileDetector(state), messagesDetector(state), connectDetector()];
}

export function linkedinSession(deps: SessionDeps): Session {
  const state = new LinkedinState();
  const doc = () => deps.document;
  return new Session(
    {
      site: 'linkedin',
      detectors: linkedinDetectors(state),
      scanDelayMs: 150,
      // LinkedIn can swap the main column on in-page navigation; the overlay comes late.
      targetCheckMs: 1000,
      observe: (doc) => {
        const init = { childList: true, subtree: true };
        // Absent while the app boots: the whole body until the main column is there.
        const main = queryOptional(doc, mainColumn);
        if (!main) return doc.body ? { target: doc.body, init } : null;
        // Absent until LinkedIn renders the messaging overlay: the target check picks it up.
        const overlay = queryOptional(doc, messagingOverlay);
        return { target: overlay && !main.contains(overlay) ? [main, overlay] : main, init };
      },
      // Settings and the profile the URL names, before the first scan reads the page.
      prepare: (site) => state.prepare(site, profileUrlOf(doc().location.href)),
      onChange(event, site) {
        if (event.what === 'settings') site.run(state.loadSettings(site));
        if (event.what === 'prospect' || event.what === 'stage' || event.what === 'process')
          site.run(state.refresh(site));
      },
    },
    deps,
  );
}
