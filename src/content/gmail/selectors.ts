/**
 * Gmail selectors, one place. Attributes before classes; alternatives most recent first; each
 * with the date it was last seen on a real page (captures of April 2025 unless noted). When a
 * fallback has not matched for a year, drop it.
 */
import type { SelectorSpec } from '../shared/dom.ts';

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
