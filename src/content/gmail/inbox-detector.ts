/**
 * Detector `inbox`: with no conversation open, the thread list's rows; a chip after the sender
 * of each row whose sender is tracked. Runs after the conversation detector (site.ts).
 */
import type { Detector } from '../shared/session.ts';
import { ADDRESS } from './conversation-detector.ts';
import { parseInbox } from './inbox.ts';
import { Overlay } from './overlay.ts';
import * as selectors from './selectors.ts';
import type { GmailState } from './state.ts';

export function inboxDetector(state: GmailState): Detector {
  const overlay = new Overlay(state.onScreen);
  return {
    name: 'inbox',
    selectors: [selectors.inboxRow, selectors.rowThread, selectors.rowSender],

    scan(root, ctx) {
      overlay.begin();
      if (!state.conversation) {
        const { rows, error } = parseInbox(root);
        // No rows and no error: not a list view (settings, a loading page): nothing to say.
        if (error) ctx.fail(error);
        else if (rows.length > 0) ctx.ok();
        state.cache.want(
          rows.map((row) => row.email).filter((email) => ADDRESS.test(email)),
          ctx,
        );
        const process = state.cache.shownProcess;
        if (process) {
          const now = ctx.now();
          for (const [index, row] of rows.entries()) {
            const prospect = state.cache.shownProspect(row.email);
            if (prospect)
              overlay.chip(`row:${index}:${row.threadId}`, row.anchor, prospect, process, now);
          }
        }
      }
      overlay.end();
    },

    stop() {
      overlay.clear();
    },
  };
}
