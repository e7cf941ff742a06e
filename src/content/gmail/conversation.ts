/**
 * Detector: messages of the open conversation. Each message from or to a tracked prospect
 * becomes an email_received / email_sent touchpoint, keyed by Gmail message id so re-opening
 * the thread, reloading or a second tab never logs it twice. Only metadata is read: addresses,
 * names, subject, ids, time. The message body is never read.
 */
import type { TouchpointInput } from '../../shared/messages.ts';
import { queryAll, queryOptional, queryRequired, SelectorError } from '../shared/dom.ts';
import { timeFromLegacyId } from './addresses.ts';
import * as selectors from './selectors.ts';

export const detector = 'conversation';

export interface Person {
  email: string;
  name: string;
  /** The header element showing this person: where a badge or Track control goes. */
  element: Element;
}

export interface ParsedMessage {
  id: string;
  from: Person;
  /** Empty for a collapsed message: Gmail shows only its sender until it is expanded. */
  to: Person[];
  at: number | null;
  /** A message just sent shows a temporary `msg-a:` id until Gmail has synced it. */
  pending: boolean;
}

export interface ParsedConversation {
  threadId: string;
  subject: string;
  messages: ParsedMessage[];
  /** The first message that could not be read; the others are still returned. */
  error: SelectorError | null;
}

/** Reads the open conversation; a message that cannot be read is skipped and reported. */
export function parseConversation(root: ParentNode, hash = ''): ParsedConversation {
  const subjectElement = queryOptional(root, selectors.subject);
  const subject = subjectElement?.textContent?.trim() ?? '';
  const threadId =
    subjectElement?.getAttribute('data-legacy-thread-id') ??
    subjectElement?.getAttribute('data-thread-perm-id') ??
    // The URL's last segment names the thread when the subject element changed (#inbox/<id>).
    hash.split('/').pop() ??
    '';
  const messages: ParsedMessage[] = [];
  let error: SelectorError | null = null;
  const elements = queryAll(root, selectors.message);
  // A conversation with a subject but no readable message means the message selector broke.
  if (elements.length === 0 && subjectElement) error = new SelectorError(selectors.message);
  for (const element of elements) {
    try {
      const message = parseMessage(element);
      if (message) messages.push(message);
    } catch (failure) {
      if (failure instanceof SelectorError) error ??= failure;
      else throw failure;
    }
  }
  return { threadId, subject, messages, error };
}

/** One touchpoint per message and tracked participant; own messages not yet synced wait. */
export function toTouchpoints(
  conversation: ParsedConversation,
  own: ReadonlySet<string>,
  isTracked: (email: string) => boolean,
  now: number,
): TouchpointInput[] {
  const out: TouchpointInput[] = [];
  const summary = conversation.subject.slice(0, 300) || undefined;
  for (const message of conversation.messages) {
    // A msg-a message can still be undone; the compose detector logs it once it has left.
    if (message.pending) continue;
    const at = message.at ?? now;
    if (own.has(message.from.email)) {
      for (const email of new Set(message.to.map((person) => person.email))) {
        if (own.has(email) || !isTracked(email)) continue;
        out.push({
          channel: 'gmail',
          kind: 'email_sent',
          email,
          at,
          key: `gmail:${message.id}:${email}`,
          summary,
        });
      }
    } else if (isTracked(message.from.email)) {
      out.push({
        channel: 'gmail',
        kind: 'email_received',
        email: message.from.email,
        at,
        key: `gmail:${message.id}:${message.from.email}`,
        summary,
      });
    }
  }
  return out;
}

/** Everyone the conversation shows except the account, latest header element per address. */
export function participants(
  conversation: ParsedConversation,
  own: ReadonlySet<string>,
): Map<string, Person> {
  const people = new Map<string, Person>();
  for (const message of conversation.messages) {
    for (const person of [message.from, ...message.to]) {
      if (own.has(person.email)) continue;
      const known = people.get(person.email);
      // Keep the name Gmail shows in full (a sender line) over a short recipient form.
      const name = known && known.name.length > person.name.length ? known.name : person.name;
      people.set(person.email, { ...person, name });
    }
  }
  return people;
}

/** Addresses Gmail marks as the account itself (`name="me"`), aliases included. */
export function ownAddresses(conversation: ParsedConversation, account: string): Set<string> {
  const own = new Set([account]);
  for (const message of conversation.messages) {
    for (const person of [message.from, ...message.to]) {
      if (person.element.getAttribute('name') === 'me') own.add(person.email);
    }
  }
  return own;
}

function parseMessage(element: Element): ParsedMessage | null {
  const raw = element.getAttribute('data-message-id')?.replace(/^#/, '') ?? '';
  if (!raw) return null;
  const from = person(queryRequired(element, selectors.sender));
  if (!from) throw new SelectorError(selectors.sender);
  const to: Person[] = [];
  for (const recipient of queryAll(element, selectors.recipients)) {
    const parsed = person(recipient);
    if (parsed) to.push(parsed);
  }
  return {
    id: raw,
    from,
    to,
    at: messageTime(element),
    pending: raw.startsWith('msg-a:'),
  };
}

function person(element: Element): Person | null {
  const email = element.getAttribute('email')?.trim().toLowerCase() ?? '';
  if (!email.includes('@')) return null;
  const shown = element.getAttribute('name') ?? element.textContent ?? '';
  const name = shown.trim() && shown !== 'me' ? shown.trim() : email.slice(0, email.indexOf('@'));
  return { email, name: name.slice(0, 200), element };
}

function messageTime(element: Element): number | null {
  // A collapsed message may show no date yet: fall back on the id, which encodes the time.
  const title = queryOptional(element, selectors.time)?.getAttribute('title') ?? '';
  const parsed = title
    ? Date.parse(title.replace(/\s+at\s+/, ' ').replace(/,(?=\s*\d+:)/, ''))
    : Number.NaN;
  if (!Number.isNaN(parsed)) return parsed;
  return timeFromLegacyId(element.getAttribute('data-legacy-message-id'));
}
