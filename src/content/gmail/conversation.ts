/**
 * Detector: messages of the open conversation. Each message from or to a tracked prospect
 * becomes an email_received / email_sent touchpoint, keyed by Gmail message id so re-opening
 * the thread, reloading or a second tab never logs it twice. Only metadata is read: addresses,
 * subject, ids, time. The message body is never read.
 */
import type { TouchpointInput } from '../../shared/messages.ts';
import { queryAll, queryOptional, queryRequired } from '../shared/dom.ts';
import * as selectors from './selectors.ts';

export const detector = 'conversation';

export interface ParsedMessage {
  id: string;
  from: string;
  to: string[];
  at: number | null;
}

export interface ParsedConversation {
  subject: string;
  messages: ParsedMessage[];
}

/** Throws SelectorError when the conversation exists but its messages cannot be read. */
export function parseConversation(root: ParentNode): ParsedConversation {
  const subject = queryOptional(root, selectors.subject)?.textContent?.trim() ?? '';
  const messages = queryAll(root, selectors.message).map((element) => {
    const id = element.getAttribute('data-message-id')?.replace(/^#/, '') ?? '';
    const from =
      queryRequired(element, selectors.sender).getAttribute('email')?.toLowerCase() ?? '';
    const to = queryAll(element, selectors.recipients)
      .map((recipient) => recipient.getAttribute('email')?.toLowerCase() ?? '')
      .filter(Boolean);
    // A collapsed message may show no date yet; the caller decides what that means.
    const title = queryOptional(element, selectors.time)?.getAttribute('title') ?? '';
    const parsed = Date.parse(title.replace(/\s+at\s+/, ' '));
    return { id, from, to, at: Number.isNaN(parsed) ? null : parsed };
  });
  return { subject, messages: messages.filter((message) => message.id && message.from) };
}

/** One touchpoint per message and prospect-side participant. */
export function toTouchpoints(
  conversation: ParsedConversation,
  account: string,
  now: number,
): TouchpointInput[] {
  const out: TouchpointInput[] = [];
  const summary = conversation.subject.slice(0, 300) || undefined;
  for (const message of conversation.messages) {
    const at = message.at ?? now;
    if (message.from === account) {
      for (const email of new Set(message.to)) {
        if (email === account) continue;
        out.push({
          channel: 'gmail',
          kind: 'email_sent',
          email,
          at,
          key: `gmail:${message.id}:${email}`,
          summary,
        });
      }
    } else {
      out.push({
        channel: 'gmail',
        kind: 'email_received',
        email: message.from,
        at,
        key: `gmail:${message.id}:${message.from}`,
        summary,
      });
    }
  }
  return out;
}
