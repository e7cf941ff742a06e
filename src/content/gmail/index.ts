/**
 * Gmail entry: wires the detectors to the page. Gmail is a single-page app, so work is
 * re-triggered on hash navigation and on mutations of the conversation container only,
 * batched to one scan per animation frame. Nothing here may throw into Gmail.
 */
import { send } from '../../browser/client.ts';
import { queryOptional } from '../shared/dom.ts';
import { reportHealth } from '../shared/health.ts';
import { accountAddress } from './account.ts';
import { detector, parseConversation, toTouchpoints } from './conversation.ts';
import { conversation as conversationSpec } from './selectors.ts';

let scheduled = false;
/** Keys the background acknowledged: a mutation re-scan sends only what is new. */
const logged = new Set<string>();

function scheduleScan(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    void scan();
  });
}

async function scan(): Promise<void> {
  try {
    const root = queryOptional(document, conversationSpec);
    // No conversation open (inbox, settings…) is normal, not a failure.
    if (!root) return;
    const account = accountAddress(document);
    if (!account) return;
    const touchpoints = toTouchpoints(parseConversation(root), account, Date.now()).filter(
      (touchpoint) => !logged.has(touchpoint.key),
    );
    reportHealth('gmail', detector, null);
    if (touchpoints.length === 0) return;
    for (const touchpoint of touchpoints) logged.add(touchpoint.key);
    try {
      await send('logTouchpoints', { touchpoints });
    } catch (error) {
      // Not acknowledged: forget them so the next scan resends (the background dedupes).
      for (const touchpoint of touchpoints) logged.delete(touchpoint.key);
      throw error;
    }
  } catch (error) {
    reportHealth('gmail', detector, error);
  }
}

const observer = new MutationObserver(scheduleScan);
observer.observe(document.body, { childList: true, subtree: true });
window.addEventListener('hashchange', scheduleScan);
scheduleScan();
