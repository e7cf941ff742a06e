/**
 * LinkedIn as a list of detectors on one session (../shared/session.ts). LinkedIn is a
 * single-page app whose every navigation re-renders the page, so one observer batched to one
 * scan per 150 ms notices both new URLs and new content. A scan is synchronous DOM reading;
 * the background is asked only about people the page shows, once each, and again after a
 * change event. Passive mode (the settings) injects nothing: the popup offers what the page
 * would (it reads the participants the detectors report).
 */
import { type Detector, Session, type SessionDeps } from '../shared/session.ts';
import { connectDetector } from './connect-detector.ts';
import { messagesDetector } from './messages-detector.ts';
import { profileDetector } from './profile-detector.ts';
import { LinkedinState } from './state.ts';

export function linkedinDetectors(state: LinkedinState): Detector[] {
  return [profileDetector(state), messagesDetector(state), connectDetector()];
}

export function linkedinSession(deps: SessionDeps): Session {
  const state = new LinkedinState();
  return new Session(
    {
      site: 'linkedin',
      detectors: linkedinDetectors(state),
      scanDelayMs: 150,
      observe: (doc) =>
        doc.body ? { target: doc.body, init: { childList: true, subtree: true } } : null,
      onChange(event, site) {
        if (event.what === 'settings') site.run(state.loadSettings(site));
        if (event.what === 'prospect' || event.what === 'stage' || event.what === 'process')
          site.run(state.refresh(site));
      },
    },
    deps,
  );
}
