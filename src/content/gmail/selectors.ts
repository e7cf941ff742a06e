/**
 * Gmail selectors, one place. Attributes before classes; alternatives most recent first; each
 * with the date it was last seen on a real page (captures of April 2025 unless noted). When a
 * fallback has not matched for a year, drop it.
 */
import type { SelectorSpec } from '../shared/dom.ts';

/** The view area (inbox list or open conversation); observers are scoped to it. */
export const mainView: SelectorSpec = {
  name: 'gmail.mainView',
  alternatives: [
    // The main landmark wraps whichever view is shown (used by Gmail tooling; not in our
    // captures' notes: unverified date, check on the next capture).
    'div[role=main]',
    // Its usual container class. TODO [2026-12-31]: drop if [role=main] keeps matching.
    'div.aeF',
  ],
};

export const conversation: SelectorSpec = {
  name: 'gmail.conversation',
  alternatives: [
    // Open conversation container since the Nov 2023 redesign (seen 2025-04).
    'div.nH.a98.iY',
    // Before Nov 2023. TODO [2026-12-31]: drop.
    'table.Bs > tbody > tr',
  ],
};

export const message: SelectorSpec = {
  name: 'gmail.message',
  alternatives: [
    // Each expanded or collapsed message carries its id (seen 2025-04).
    'div.adn[data-message-id]',
    '[data-message-id][data-legacy-message-id]',
  ],
};

export const sender: SelectorSpec = {
  name: 'gmail.sender',
  alternatives: [
    // The sender's address is an attribute, not text (seen 2025-04).
    'span.gD[email]',
    'td.gF span[email]',
  ],
};

export const recipients: SelectorSpec = {
  name: 'gmail.recipients',
  alternatives: ['.hb span.g2[email]', 'span.g2[email]'],
};

export const time: SelectorSpec = {
  name: 'gmail.time',
  alternatives: [
    // `title` holds the full date; the text is relative and localized (seen 2025-04).
    '.gK .g3[title]',
    'span.g3[title]',
  ],
};

export const subject: SelectorSpec = {
  name: 'gmail.subject',
  alternatives: ['h2.hP[data-thread-perm-id]', 'h2.hP'],
};

/** The account button: its aria-label names the signed-in address (localized text around it). */
export const accountButton: SelectorSpec = {
  name: 'gmail.accountButton',
  alternatives: [
    'a[aria-label*="@"][href*="accounts.google.com"]',
    // Older Google bar (unverified alternative). TODO [2026-12-31]: drop.
    '.gb_d[aria-label*="@"]',
  ],
};

/** Inbox list rows, with the thread id and the sender as attributes (seen 2025-04). */
export const inboxRow: SelectorSpec = {
  name: 'gmail.inboxRow',
  alternatives: ['tr.zA', '[role=row][data-legacy-thread-id]'],
};

export const rowThread: SelectorSpec = {
  name: 'gmail.rowThread',
  alternatives: ['span[data-thread-id]', '[data-legacy-thread-id]'],
};

export const rowSender: SelectorSpec = {
  name: 'gmail.rowSender',
  alternatives: ['.yW span[email]', 'span[email]'],
};

/**
 * A compose form: the new-message window (`div.M9` / role=dialog) and inline replies inside a
 * conversation both hold a <form> with the subject and draft inputs (seen 2025-04).
 */
export const composeForm: SelectorSpec = {
  name: 'gmail.composeForm',
  // Used with closest(): the caller checks the form holds a subject or draft input.
  alternatives: ['div[role=dialog] form', 'form'],
};

export const composeSubject: SelectorSpec = {
  name: 'gmail.composeSubject',
  alternatives: ['input[name=subjectbox]'],
};

export const composeDraft: SelectorSpec = {
  name: 'gmail.composeDraft',
  alternatives: ['input[name=draft]'],
};

/** Recipients as chips: one element per address, in to / cc / bcc fields. */
export const composeRecipients: SelectorSpec = {
  name: 'gmail.composeRecipients',
  alternatives: [
    // Newer UI: chips carrying the address as their hovercard id (seen 2025-04).
    '[name=to] [data-hovercard-id], [name=cc] [data-hovercard-id], [name=bcc] [data-hovercard-id]',
    '[role=option][data-hovercard-id]',
    // Older UI: hidden inputs holding "Name <address>" (pages.md). TODO [2026-12-31]: drop.
    '.vR input[type=hidden][name=to], .vR input[type=hidden][name=cc], .vR input[type=hidden][name=bcc]',
    '.vR span[email]',
  ],
};

/** The Send button; its label and tooltip are localized, so classes + role it is (2025-04). */
export const sendButton: SelectorSpec = {
  name: 'gmail.sendButton',
  alternatives: ['div.T-I.T-I-atl[role=button]', '[role=button][data-tooltip-delay][jslog]'],
};

/**
 * "Undo" in the toast after a send: it lives as long as the send can still be cancelled.
 * Ids as used by public Gmail tooling (not in our captures' notes: unverified date).
 */
export const undoLink: SelectorSpec = {
  name: 'gmail.undoLink',
  alternatives: ['#link_undo', '[role=alert] [role=link][param="undo"]'],
};

/**
 * Gmail keeps views it is not showing in the page, hidden (a thread left open behind the
 * inbox, inbox tabs not selected). Checked through attributes: no layout is forced.
 */
export const hiddenView: SelectorSpec = {
  name: 'gmail.hiddenView',
  // Not aria-hidden: dialogs commonly set it on the rest of an app that is still on screen.
  alternatives: ['[style*="display: none"], [style*="display:none"], [hidden]'],
};
