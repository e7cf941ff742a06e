/**
 * Gmail as a list of detectors on one session (../shared/session.ts). Order matters: the
 * conversation detector reads the open conversation and the account that the others use.
 * Cost to Gmail: one MutationObserver on the main view only (not document.body), mutations
 * coalesced into one scan per 50 ms burst, our own hosts ignored; sends are caught by three
 * capture listeners and a timer that runs only while a send awaits its undo period.
 */
import { queryOptional } from '../shared/dom.ts';
import { type Detector, Session, type SessionDeps } from '../shared/session.ts';
import { accountDetector } from './account-detector.ts';
import { composeDetector } from './compose-detector.ts';
import { conversationDetector } from './conversation-detector.ts';
import { inboxDetector } from './inbox-detector.ts';
import { mainView } from './selectors.ts';
import { GmailState } from './state.ts';

export function gmailDetectors(state: GmailState): Detector[] {
  return [
    conversationDetector(state),
    inboxDetector(state),
    accountDetector(state),
    composeDetector(state),
  ];
}

export function gmailSession(deps: SessionDeps): Session {
  const state = new GmailState(deps.onScreen);
  return new Session(
    {
      site: 'gmail',
      detectors: gmailDetectors(state),
      scanDelayMs: 50,
      // Gmail can swap the main view without a hash change.
      targetCheckMs: 2000,
      observe: (doc) => {
        // Absent while Gmail boots: the target check retries.
        const view = queryOptional(doc, mainView);
        return view
          ? {
              target: view,
              // A sent message's id changing from msg-a to msg-f is an attribute change.
              init: {
                childList: true,
                subtree: true,
                attributes: true,
                attributeFilter: ['data-message-id'],
              },
            }
          : null;
      },
      onChange(event, site) {
        // Touchpoints and health do not change what a badge shows; skipping them avoids a loop
        // (our own logging announces a touchpoint change).
        if (event.what === 'touchpoint' || event.what === 'health' || event.what === 'action')
          return;
        state.cache.forget({ settings: event.what === 'settings' });
        site.schedule();
      },
    },
    deps,
  );
}
