/**
 * Detector `connect-sent`: invitations (./connect-sent.ts). Through the modal, an invitation
 * counts when its send button is clicked. In one click (no modal: the Connect control turns
 * into "Pending" / "En attente"), it counts once the control has shown Pending for a grace
 * period without being withdrawn: a click on Pending (withdraw) or Connect coming back
 * cancels it. Both ways make the same key (one invitation per person per day), so an
 * invitation seen both ways counts once.
 */
import { queryOptional } from '../shared/dom.ts';
import type { Detector, DetectorContext } from '../shared/session.ts';
import { closestOf, connectTouchpoint, watchInvitations } from './connect-sent.ts';
import { profileUrlInLink, profileUrlOf } from './profile-view.ts';
import {
  inviteModal,
  invitePending,
  inviteSend,
  inviteTrigger,
  profileName,
  searchResultRow,
} from './selectors.ts';

/** A Connect click that has not turned into Pending by then was not a one-click invitation. */
const TURN_PENDING_MS = 10_000;
/** How long Pending must stay: an immediate withdraw is no invitation. */
export const PENDING_GRACE_MS = 3000;

interface OneClick {
  linkedinUrl: string;
  at: number;
  /** Where the control is: the search row, or the profile's top card. */
  place: Element;
  row: boolean;
  pendingSince: number | null;
}

export function connectDetector(): Detector {
  let oneClick: OneClick | null = null;

  const commit = (ctx: DetectorContext, linkedinUrl: string) => {
    ctx.ok();
    void ctx.log([connectTouchpoint(linkedinUrl, new Date(ctx.now()))]);
  };

  return {
    name: 'connect-sent',
    selectors: [inviteTrigger, searchResultRow, inviteModal, inviteSend, invitePending],
    kinds: ['linkedin_connect_sent'],

    init(signal, ctx) {
      watchInvitations(
        ctx.document,
        {
          started(linkedinUrl, trigger) {
            const row = closestOf(trigger, searchResultRow);
            const place = row ?? trigger.closest('section') ?? ctx.document.body;
            oneClick = { linkedinUrl, at: ctx.now(), place, row: row !== null, pendingSince: null };
          },
          sent(linkedinUrl) {
            oneClick = null;
            commit(ctx, linkedinUrl);
          },
          withdrawing() {
            oneClick = null;
          },
          failed: (error) => ctx.fail(error),
        },
        signal,
      );
    },

    scan(_root, ctx) {
      const waiting = oneClick;
      if (!waiting) return;
      const now = ctx.now();
      const place = locate(waiting, ctx.document);
      if (!place) {
        // The page moved on (in-page navigation): Pending seen and never withdrawn is sent.
        oneClick = null;
        if (waiting.pendingSince !== null) commit(ctx, waiting.linkedinUrl);
        return;
      }
      const pending = queryOptional(place, invitePending) !== null;
      if (!pending) {
        // Pending went away where it was (Connect is back): withdrawn. Or it never came.
        if (waiting.pendingSince !== null || now - waiting.at > TURN_PENDING_MS) oneClick = null;
        return;
      }
      waiting.pendingSince ??= now;
      const held = now - waiting.pendingSince;
      if (held >= PENDING_GRACE_MS) {
        oneClick = null;
        commit(ctx, waiting.linkedinUrl);
      } else {
        // The page may stay still meanwhile: come back when the grace period is over.
        ctx.schedule(PENDING_GRACE_MS - held);
      }
    },
  };
}

/** The control's place now: LinkedIn may re-render the row or the top card. */
function locate(waiting: OneClick, doc: Document): Element | null {
  if (waiting.place.isConnected) return waiting.place;
  if (waiting.row) {
    for (const selector of searchResultRow.alternatives) {
      for (const row of doc.querySelectorAll(selector)) {
        const link = row.querySelector('a[href*="/in/"]')?.getAttribute('href');
        if (profileUrlInLink(link) === waiting.linkedinUrl) return row;
      }
    }
    return null;
  }
  if (profileUrlOf(doc.location.href) !== waiting.linkedinUrl) return null;
  return queryOptional(doc, profileName)?.closest('section') ?? null;
}
