/**
 * Detector: a connection request sent, from a profile's top card, its More menu or a search
 * result row, with or without a note. A click on a Connect control only remembers who the
 * invitation is for; the touchpoint is made when the invitation modal's send button is clicked
 * (opening the modal, adding a note or cancelling it counts nothing).
 */

import type { TouchpointInput } from '../../shared/messages.ts';
import type { SelectorSpec } from '../shared/dom.ts';
import { localDay, profileUrlInLink, profileUrlOf } from './profile-view.ts';
import { inviteModal, inviteSend, inviteTrigger, searchResultRow } from './selectors.ts';

export const detector = 'connect-sent';

/** An invitation started longer ago than this is not the one a later send belongs to. */
const PENDING_MS = 10 * 60_000;

export function connectTouchpoint(linkedinUrl: string, now: Date): TouchpointInput {
  return {
    channel: 'linkedin',
    kind: 'linkedin_connect_sent',
    linkedinUrl,
    at: now.getTime(),
    // One invitation per person per day: a double click or a retry is the same invitation.
    key: `linkedin:connect:${linkedinUrl}:${localDay(now)}`,
  };
}

/** Who a Connect control invites: its own link, its search result row, or the profile page. */
export function inviteeOf(trigger: Element, href: string): string | null {
  const link = trigger.getAttribute('href');
  const vanity = link ? /[?&]vanityName=([^&#]+)/.exec(link)?.[1] : undefined;
  if (vanity) return profileUrlInLink(`/in/${vanity}/`);
  const row = closestOf(trigger, searchResultRow);
  if (row) return profileUrlInLink(row.querySelector('a[href*="/in/"]')?.getAttribute('href'));
  return profileUrlOf(href);
}

/**
 * Listens (capture phase, so LinkedIn's own handlers cannot hide the click) until `signal`
 * aborts; calls `onSent` with the invitee's canonical URL once per sent invitation.
 */
export function watchInvitations(
  onSent: (linkedinUrl: string) => void,
  onError: (error: unknown) => void,
  signal: AbortSignal,
): void {
  let pending: { linkedinUrl: string; at: number } | null = null;
  document.addEventListener(
    'click',
    (event) => {
      try {
        const target = event.target instanceof Element ? event.target : null;
        if (!target) return;
        const trigger = closestOf(target, inviteTrigger);
        if (trigger) {
          const linkedinUrl = inviteeOf(trigger, location.href);
          pending = linkedinUrl ? { linkedinUrl, at: Date.now() } : null;
          return;
        }
        const send = closestOf(target, inviteSend);
        if (!send || (send instanceof HTMLButtonElement && send.disabled)) return;
        const fresh = pending && Date.now() - pending.at < PENDING_MS ? pending.linkedinUrl : null;
        // A dialog we do not recognise as the invitation modal still is one right after a
        // Connect click (LinkedIn varies it: e.g. asking how you know the person first).
        const inModal =
          closestOf(send, inviteModal) !== null ||
          (fresh !== null && send.closest('[role="dialog"], [role="alertdialog"]') !== null);
        if (!inModal) return;
        // A modal opened by LinkedIn itself on a profile (e.g. from a deep link) is for that profile.
        const linkedinUrl = fresh ?? profileUrlOf(location.href);
        pending = null;
        if (linkedinUrl) onSent(linkedinUrl);
      } catch (error) {
        onError(error);
      }
    },
    { capture: true, signal },
  );
}

function closestOf(element: Element, spec: SelectorSpec): Element | null {
  for (const selector of spec.alternatives) {
    const found = element.closest(selector);
    if (found) return found;
  }
  return null;
}
