/**
 * Every LinkedIn selector, named, with its alternatives (most robust first) and when each was
 * observed. LinkedIn hashes its class names since 2025 and localizes aria labels, so attributes
 * that are neither (data-test-icon, data-view-name, data-event-urn, URL shapes) come first;
 * readable classes and English/French labels are fallbacks.
 */
import type { SelectorSpec } from '../shared/dom.ts';

const spec = (name: string, alternatives: readonly string[]): SelectorSpec => ({
  name,
  alternatives,
});

// --- What the session observes ---------------------------------------------------------------

/** The page's main column: profile top card, search results, the /messaging/ thread. */
export const mainColumn = spec('linkedin.main', [
  // 2024-07, 2025-04: the one <main> landmark (pages.md: the name is `main h1`).
  'main',
]);

/** The messaging overlay (chat bubbles), outside the main column. */
export const messagingOverlay = spec('linkedin.messaging.overlay', [
  // 2025-04: `<aside id="msg-overlay" class="msg-overlay-container">`, a child of the body.
  '#msg-overlay',
  '.msg-overlay-container',
]);

// --- Profile page (/in/<slug>/) -------------------------------------------------------------

export const profileName = spec('linkedin.profile.name', [
  // 2024-07, 2025-04: the top card's name sits in the "about this profile" link.
  'main a[href$="/overlay/about-this-profile/"] h1',
  // 2024-07, 2025-04: the only h1 of the profile's main column.
  'main h1',
  // 2024-07: readable utility class (matches nothing in 2025).
  'h1.text-heading-xlarge',
  // 2024-07, 2025-04
  'h1.t-24',
]);

/** Its href names the profile the top card shows: checked against the URL (stale-data guard). */
export const profileAboutLink = spec('linkedin.profile.aboutLink', [
  // 2024-07, 2025-04
  'main a[href$="/overlay/about-this-profile/"]',
]);

/** Queried inside the top card (the section holding the name). */
export const profileHeadline = spec('linkedin.profile.headline', [
  // 2024-07, 2025-04: utility classes survived the 2025 hashing.
  '.text-body-medium.break-words',
  // 2024-07
  '.pv-text-details__left-panel .text-body-medium',
]);

/**
 * No unlocalized hook was seen for the current company (a private profile has none at all), so
 * each UI language needs its own label prefix; the text read is the button's, not the label.
 */
export const profileCompany = spec('linkedin.profile.company', [
  // 2024-07, 2025-04: English aria label.
  'button[aria-label^="Current company:"]',
  // 2025-04: French aria label.
  'button[aria-label^="Entreprise actuelle"]',
]);

/** Connect in the top card (not in the More menu: that is "hidden", not "shows"). */
export const connectButton = spec('linkedin.profile.connect', [
  // 2024-07, 2025-04: the icon attribute is not localized.
  'button:has([data-test-icon="connect-small"])',
  // 2025-04: Connect became a link to the custom-invite route.
  'a[href*="/preload/custom-invite/"]:not([role="menuitem"])',
  // 2024-07: English label.
  'button[aria-label^="Invite"][aria-label$="to connect"]',
]);

export const messageButton = spec('linkedin.profile.message', [
  // 2024-07, 2025-04
  'button:has([data-test-icon="send-privately-small"])',
  // 2025-04: Message became a link to the compose route.
  'a[href*="/messaging/compose/"]',
  // 2024-07: English / French labels.
  'button[aria-label^="Message "]',
  'button[aria-label^="Envoyer un message"]',
]);

/**
 * Where a profile page names its own member id next to its vanity slug (pages.md, 2025):
 * its "Show all …" and overlay links (`/in/<slug>/details/…?profileUrn=urn:li:fsd_profile:…`)
 * and links to the person (`/in/<slug>?miniProfileUrn=…`). The page holds other people's and
 * the viewer's too: only a link whose own path is the URL's slug counts.
 */
export const profileUrnLinks = spec('linkedin.profile.urnLinks', [
  // 2024-07, 2025-04
  'main a[href*="profileUrn="], main a[href*="miniProfileUrn="]',
]);

/** Embedded JSON; an object with the URL's `publicIdentifier` names its `entityUrn` (2025-04). */
export const profileJson = spec('linkedin.profile.json', [
  // 2024-07, 2025-04
  'code[id^="bpr-guid-"]',
]);

// --- Invitations ------------------------------------------------------------------------------

/** Anything that starts an invitation: top card, More menu item, search result row. */
export const inviteTrigger = spec('linkedin.invite.trigger', [
  // 2024-07, 2025-04: connect-small (buttons), connect-medium (More menu items).
  'button:has([data-test-icon^="connect-"]), [role="button"]:has([data-test-icon^="connect-"]), [role="menuitem"]:has([data-test-icon^="connect-"])',
  // 2025-04: links carrying the invitee's vanity name.
  'a[href*="/custom-invite/"]',
  // 2024-07: English and French labels (search rows had no icon).
  'button[aria-label$="to connect"], [role="button"][aria-label$="to connect"]',
  'button[aria-label*="rejoindre votre réseau"], [role="button"][aria-label*="rejoindre votre réseau"]',
]);

/** A search result row: its first /in/ link names the person. */
export const searchResultRow = spec('linkedin.search.row', [
  // 2025-04
  '[data-view-name="search-entity-result-universal-template"]',
  // 2024-07
  'li.reusable-search__result-container',
  '[data-chameleon-result-urn]',
]);

/**
 * A sent invitation, where the Connect control was: "Pending, click to withdraw invitation
 * sent to <Name>" / "En attente…" (2025-04). Clicking it withdraws.
 */
export const invitePending = spec('linkedin.invite.pending', [
  // 2025-04: English and French labels (no unlocalized hook was seen).
  'button[aria-label^="Pending"], [role="button"][aria-label^="Pending"], a[aria-label^="Pending"]',
  'button[aria-label^="En attente"], [role="button"][aria-label^="En attente"], a[aria-label^="En attente"]',
]);

export const inviteModal = spec('linkedin.invite.modal', [
  // 2024-07, 2025-04
  '[role="dialog"][data-test-modal-id="send-invite-modal"]',
  '[role="dialog"].send-invite',
  '[role="dialog"]:has(#custom-message)',
]);

/**
 * The modal's send button, with or without a note. "Add a note" is the secondary button;
 * "Send without a note" and "Send" (after the note) are the primary one.
 */
export const inviteSend = spec('linkedin.invite.send', [
  // 2024-07, 2025-04
  '.artdeco-modal__actionbar button.artdeco-button--primary',
  'button[aria-label="Send without a note"], button[aria-label="Send invitation"], button[aria-label="Send now"]',
  'button[aria-label="Envoyer sans note"], button[aria-label="Envoyer l’invitation"], button[aria-label="Envoyer"]',
]);

// --- Messaging (/messaging/ and the overlay bubbles) -----------------------------------------

/** One open conversation: the full page thread or an overlay bubble. */
export const conversation = spec('linkedin.messaging.conversation', [
  // 2024-07, 2025-04: overlay bubble.
  '.msg-overlay-conversation-bubble',
  // 2024-07, 2025-04: /messaging/ page.
  '.msg-convo-wrapper',
  '.msg-thread',
]);

/** The conversation's other person, inside the conversation header. */
export const conversationPerson = spec('linkedin.messaging.person', [
  // 2024-07, 2025-04
  'a.msg-thread__link-to-profile[href*="/in/"]',
  '.msg-overlay-bubble-header a[href*="/in/"]',
  '.msg-title-bar a[href*="/in/"]',
]);

/** The other person's name in the header (2025-04: the link's `title` says "Open <Name>’s profile"). */
export const conversationName = spec('linkedin.messaging.name', [
  // 2024-07, 2025-04
  'h2.msg-entity-lockup__entity-title',
  '.msg-overlay-bubble-header__title',
]);

/** Where the conversation badge goes. */
export const conversationHeader = spec('linkedin.messaging.header', [
  // 2024-07, 2025-04
  '.msg-title-bar .msg-entity-lockup__entity-title-wrapper',
  '.msg-title-bar',
  '.msg-overlay-bubble-header__details',
  '.msg-overlay-bubble-header',
]);

/**
 * Messages and the group headers that name their sender, in document order: a header's sender
 * applies to the messages after it until the next header.
 */
export const messageOrSender = spec('linkedin.messaging.messages', [
  // 2024-07, 2025-04: one list so messages and headers come back in document order.
  '[data-event-urn], a.msg-s-message-group__profile-link[href*="/in/"], .msg-s-message-group__meta a[href*="/in/"]',
]);

/** Class marking another person's message (2024-07): a fallback when the group has no link. */
export const OTHER_MESSAGE_CLASS = 'msg-s-event-listitem--other';

export const messageEditor = spec('linkedin.messaging.editor', [
  // 2024-07, 2025-04
  '.msg-form__contenteditable[contenteditable="true"]',
  'form.msg-form [role="textbox"][contenteditable="true"]',
]);

export const messageSendButton = spec('linkedin.messaging.send', [
  // 2024-07, 2025-04 (absent when "Press Enter to Send" is on)
  '.msg-form__send-button',
  'form.msg-form button[type="submit"]',
]);
