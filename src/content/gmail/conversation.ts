/**
 * Reading the open conversation: each message from or to a tracked prospect becomes an
 * email_received / email_sent touchpoint. Only metadata is read: addresses, names, subject,
 * ids, time. The message body is never read.
 *
 * Keys, so that re-opening the thread, a reload, a second tab and the send detector never log
 * one message twice although Gmail renames the account's own messages:
 * - A received message has its final `msg-f` id from the start: `gmail:<msg id>:<address>`,
 *   the key every version of Etape gave it (stored touchpoints keep deduping).
 * - A message the account sent shows as `#msg-a:r…` in the tab that sent it (for hours, until
 *   a reload) and as `#msg-f:…` everywhere else and after a reload. Its key is made of what
 *   both forms show alike: `gmail:sent:<minute of its date>:<subject hash>:<address>` (the
 *   date read from the header, the subject the thread's). Two tabs, one showing each form,
 *   write the same key: the database's unique key index dedupes them atomically. A date that
 *   cannot be read gives no such key (a msg-a then waits for its msg-f form; a msg-f falls back
 *   on its id key).
 * - Upgrades: a sent message stored before this version is under its id key
 *   (`gmail:msg-f:<id>:<address>`), and one sent from a tab under its compose key. Before a
 *   sent message is logged the background is asked (gmailSentMatches) whether it is already
 *   stored under either, matched by time (same minute) or by subject and send time; matched
 *   ones are never sent. So a message logged before the update is not logged again after it.
 */
import type { TouchpointInput } from '../../shared/messages.ts';
import { normalizeSubject } from '../../shared/subject.ts';
import { queryAll, queryOptional, queryRequired, SelectorError } from '../shared/dom.ts';
import { timeFromLegacyId } from './addresses.ts';
import { parseGmailDate } from './dates.ts';
import * as selectors from './selectors.ts';

/**
 * Gmail's longest undo period is 30 s; the header's date is to the minute (a message sent at
 * 8:01:59 reads 8:01). Older than both, a msg-a message can no longer be undone: it is sent.
 */
export const UNDO_WINDOW_MS = 30_000 + 60_000;

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
  /** From the header's date (the page's language), else the legacy id; null when neither. */
  at: number | null;
  /** A message sent from this tab shows a temporary `msg-a:` id until the page reloads. */
  temporary: boolean;
}

export interface ParsedConversation {
  threadId: string;
  subject: string;
  messages: ParsedMessage[];
  /** The first message that could not be read; the others are still returned. */
  error: SelectorError | null;
}

/**
 * Reads the open conversation; a message that cannot be read is skipped and reported. `lang`
 * is the page's `<html lang>`, the language of the header dates.
 */
export function parseConversation(root: ParentNode, hash = '', lang = 'en'): ParsedConversation {
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
      const message = parseMessage(element, lang);
      if (message) messages.push(message);
    } catch (failure) {
      if (failure instanceof SelectorError) error ??= failure;
      else throw failure;
    }
  }
  return { threadId, subject, messages, error };
}

export interface TouchpointRules {
  now: number;
  /** Gmail offers Undo right now: a send it is for may still be undone. */
  undoOffered: boolean;
}

/**
 * One touchpoint per message and tracked participant. A msg-a message of the account counts
 * once it is past the undo window and no Undo is offered; until then (or when its date cannot
 * be read) it waits.
 */
export function toTouchpoints(
  conversation: ParsedConversation,
  own: ReadonlySet<string>,
  isTracked: (email: string) => boolean,
  rules: TouchpointRules,
): TouchpointInput[] {
  const out: TouchpointInput[] = [];
  const summary = conversation.subject.slice(0, 300) || undefined;
  for (const message of conversation.messages) {
    if (own.has(message.from.email)) {
      if (message.temporary && !isSent(message, rules)) continue;
      for (const email of new Set(message.to.map((person) => person.email))) {
        if (own.has(email) || !isTracked(email)) continue;
        out.push({
          channel: 'gmail',
          kind: 'email_sent',
          email,
          at: message.at ?? rules.now,
          key:
            message.at === null
              ? idKey(message.id, email)
              : sentKey(email, message.at, conversation.subject),
          summary,
        });
      }
    } else if (!message.temporary && isTracked(message.from.email)) {
      out.push({
        channel: 'gmail',
        kind: 'email_received',
        email: message.from.email,
        at: message.at ?? rules.now,
        key: idKey(message.id, message.from.email),
        summary,
      });
    }
  }
  return out;
}

/**
 * When to look again at own msg-a messages still waiting: the Undo toast and the passing of
 * time change nothing in the conversation view, so no mutation would bring a scan. Null when
 * none waits.
 */
export function recheckIn(
  conversation: ParsedConversation,
  own: ReadonlySet<string>,
  rules: TouchpointRules,
): number | null {
  let next: number | null = null;
  for (const message of conversation.messages) {
    if (!message.temporary || message.at === null || !own.has(message.from.email)) continue;
    if (isSent(message, rules)) continue;
    const wait = rules.undoOffered ? UNDO_RECHECK_MS : message.at + UNDO_WINDOW_MS - rules.now + 1;
    next = Math.min(next ?? wait, Math.max(wait, UNDO_RECHECK_MS));
  }
  return next;
}

const UNDO_RECHECK_MS = 1000;

/** The key of a message the account sent, the same for its msg-a and msg-f forms. */
export function sentKey(email: string, at: number, subject: string): string {
  return `gmail:sent:${Math.floor(at / 60_000)}:${hash(normalizeSubject(subject))}:${email}`.slice(
    0,
    300,
  );
}

/** The key every version gave a message by its Gmail id. */
function idKey(id: string, email: string): string {
  return `gmail:${id}:${email}`;
}

function isSent(message: ParsedMessage, rules: TouchpointRules): boolean {
  return message.at !== null && rules.now - message.at > UNDO_WINDOW_MS && !rules.undoOffered;
}

/** FNV-1a, 32 bits: a short stable stand-in for the subject in a key (not a secret). */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(16).padStart(8, '0');
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

function parseMessage(element: Element, lang: string): ParsedMessage | null {
  const raw = element.getAttribute('data-message-id')?.replace(/^#/, '') ?? '';
  if (!raw) return null;
  const from = person(queryRequired(element, selectors.sender));
  if (!from) throw new SelectorError(selectors.sender);
  const to: Person[] = [];
  for (const recipient of queryAll(element, selectors.recipients)) {
    const parsed = person(recipient);
    if (parsed) to.push(parsed);
  }
  // Read when first asked: only the messages of tracked people need their date, and a long
  // thread's first scan (before the background answered who is tracked) needs none.
  let at: number | null | undefined;
  return {
    id: raw,
    from,
    to,
    get at() {
      at ??= messageTime(element, lang);
      return at;
    },
    temporary: raw.startsWith('msg-a:'),
  };
}

function person(element: Element): Person | null {
  const email = element.getAttribute('email')?.trim().toLowerCase() ?? '';
  if (!email.includes('@')) return null;
  const shown = element.getAttribute('name') ?? element.textContent ?? '';
  const name = shown.trim() && shown !== 'me' ? shown.trim() : email.slice(0, email.indexOf('@'));
  return { email, name: name.slice(0, 200), element };
}

function messageTime(element: Element, lang: string): number | null {
  const title = queryOptional(element, selectors.time)?.getAttribute('title') ?? '';
  const parsed = title ? parseGmailDate(title, lang) : null;
  if (parsed !== null) return parsed;
  // A collapsed message may show no date yet, or one in a language we do not read: the legacy
  // id encodes the time (a msg-a has none: it stays undated).
  return timeFromLegacyId(element.getAttribute('data-legacy-message-id'));
}
