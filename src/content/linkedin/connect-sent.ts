/**
 * Invitations: a connection request sent from a profile's top card, its More menu or a search
 * result row, with or without a note, through the modal or in one click. A click on a Connect
 * control only remembers who the invitation is for; an invitation counts when the modal's send
 * button is clicked, or, when no modal comes, once the control has turned into "Pending" and
 * stayed so (./connect-detector.ts). Opening the modal, adding a note, cancelling it or
 * withdrawing counts nothing. Only the user's own clicks count (never a page's forged one).
 */

import type { TouchpointInput } from '../../shared/messages.ts';
import type { SelectorSpec } from '../shared/dom.ts';
import { isUserGesture } from '../shared/gesture.ts';
import { localDay, profileUrlInLink, profileUrlOf } from './profile-view.ts';
import {
  inviteModal,
  invitePending,
  inviteSend,
  inviteTrigger,
  searchResultRow,
} from './selectors.ts';

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

export interface InvitationEvents {
  /** A Connect control was clicked: `trigger` may turn into "Pending" (one click). */
  started(linkedinUrl: string, trigger: Element): void;
  /** The invitation modal's send button was clicked. */
  sent(linkedinUrl: string): void;
  /** A "Pending" control was clicked: withdrawing. */
  withdrawing(): void;
  failed(error: unknown): void;
}

/**
 * Listens (capture phase, so LinkedIn's own handlers cannot hide the click) until `signal`
 * aborts.
 */
export function watchInvitations(
  doc: Document,
  events: InvitationEvents,
  signal: AbortSignal,
): void {
  let pending: { linkedinUrl: string; at: number } | null = null;
  doc.addEventListener(
    'click',
    (event) => {
      try {
        const target = event.target instanceof Element ? event.target : null;
        if (!target || !isUserGesture(event)) return;
        if (closestOf(target, invitePending)) {
          pending = null;
          events.withdrawing();
          return;
        }
        const trigger = closestOf(target, inviteTrigger);
        if (trigger) {
          const linkedinUrl = inviteeOf(trigger, doc.location.href);
          pending = linkedinUrl ? { linkedinUrl, at: Date.now() } : null;
          if (linkedinUrl) events.started(linkedinUrl, trigger);
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
        const linkedinUrl = fresh ?? profileUrlOf(doc.location.href);
        pending = null;
        if (linkedinUrl) events.sent(linkedinUrl);
      } catch (error) {
        events.failed(error);
      }
    },
    { capture: true, signal },
  );
}

export function closestOf(element: Element, spec: SelectorSpec): Element | null {
  for (const selector of spec.alternatives) {
    const found = element.closest(selector);
    if (found) return found;
  }
  return null;
}
