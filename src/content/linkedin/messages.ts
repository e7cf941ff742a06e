/**
 * Reading an open conversation, on /messaging/ and in the overlay bubbles: who it is with
 * (since 2025 linked by member id, `/in/ACoAA…`, never by vanity URL) and its messages. A message counts once its element carries its `data-event-urn` (LinkedIn
 * adds it when the message is stored), so a send by the Send button and a send by Enter are the
 * same event, and a message that failed to send never counts. Direction comes from the group
 * header's profile link: the conversation's person wrote it → received; anyone else (the
 * signed-in user) → sent. Never reads message bodies.
 */

import type { TouchpointInput } from '../../shared/messages.ts';
import { queryOptional, type SelectorSpec } from '../shared/dom.ts';
import { profileUrlInLink } from './profile-view.ts';
import {
  conversation,
  conversationHeader,
  conversationName,
  conversationPerson,
  messageOrSender,
  OTHER_MESSAGE_CLASS,
} from './selectors.ts';

export interface ConversationMessage {
  urn: string;
  direction: 'sent' | 'received';
  /** From the urn when it carries a time; otherwise null (the caller uses "now"). */
  at: number | null;
  /** The touchpoint's dedupe key, built once: a long thread is re-read on every new message. */
  key: string;
}

export interface ConversationInfo {
  root: Element;
  /** Canonical profile URL of the other person; null when the header has no profile link. */
  person: string | null;
  name: string | null;
  header: Element | null;
  messages: ConversationMessage[];
}

/**
 * Open conversations under `roots`, outermost only (a bubble's inner thread is the same
 * conversation), in document order. One query per alternative: a lone class selector takes
 * the browser's fast path, a list of them walks every element of a 10,000-element page.
 */
export function findConversations(roots: ParentNode | readonly ParentNode[]): Element[] {
  const found = new Set<Element>();
  for (const root of Array.isArray(roots) ? roots : [roots as ParentNode])
    for (const selector of conversation.alternatives)
      for (const element of root.querySelectorAll(selector)) found.add(element);
  const all = [...found];
  if (all.length > 1)
    all.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return all.filter(
    (element) => !all.some((other) => other !== element && other.contains(element)),
  );
}

export function parseConversation(root: Element): ConversationInfo {
  const link = queryOptional<HTMLAnchorElement>(root, conversationPerson);
  const person = profileUrlInLink(link?.getAttribute('href'));
  const name =
    clean(queryOptional(root, conversationName)?.textContent) ||
    clean(link?.textContent) ||
    // 2025-04: "Open Jane Doe’s profile" (English); other languages fall back on nothing.
    (/^Open (.+)[’']s profile$/.exec(link?.getAttribute('title') ?? '')?.[1] ?? '') ||
    null;
  const messages: ConversationMessage[] = [];
  let sender: string | null = null;
  for (const node of nodesOf(root, messageOrSender)) {
    const urn = node.getAttribute('data-event-urn');
    if (urn === null) {
      sender = senderOf(node.getAttribute('href'));
      continue;
    }
    if (!urn) continue;
    const known = seen.get(node);
    if (known?.urn === urn) {
      // Its direction was settled when it was first read; a re-scan costs a lookup.
      messages.push(known);
      continue;
    }
    const other =
      node.classList.contains(OTHER_MESSAGE_CLASS) ||
      node.closest(`.${OTHER_MESSAGE_CLASS}`) !== null;
    let direction: ConversationMessage['direction'] | null = null;
    if (sender && person) direction = sender === person ? 'received' : 'sent';
    else if (other) direction = 'received';
    // Without a sender link or a class the direction is unknown: skipped, never guessed.
    if (direction) {
      const message = {
        urn,
        direction,
        at: urnTime(urn),
        key: `linkedin:msg:${urn}`.slice(0, 300),
      };
      seen.set(node, message);
      messages.push(message);
    }
  }
  return { root, person, name, header: queryOptional(root, conversationHeader), messages };
}

export function messageTouchpoints(info: ConversationInfo, now: number): TouchpointInput[] {
  const linkedinUrl = info.person;
  if (!linkedinUrl) return [];
  return info.messages.map((message) => ({
    channel: 'linkedin',
    kind: message.direction === 'sent' ? 'linkedin_message_sent' : 'linkedin_message_received',
    linkedinUrl,
    at: message.at ?? now,
    key: message.key,
  }));
}

/**
 * The time inside a message urn, when it has one. Message ids seen in 2024-07 and 2025-04
 * captures are "2-" + base64 of a string that starts with the epoch milliseconds; anything else
 * (or an implausible value) gives null.
 */
export function urnTime(urn: string): number | null {
  const id = /,\s*([^,)]+)\)\s*$/.exec(urn)?.[1];
  if (!id?.startsWith('2-')) return null;
  let decoded: string;
  try {
    decoded = atob(id.slice(2).replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const ms = Number(/^(\d{13})/.exec(decoded)?.[1]);
  return Number.isFinite(ms) && ms > 1.2e12 && ms < Date.now() + 86_400_000 ? ms : null;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Messages already read, by element: long threads are re-scanned on every new message. */
const seen = new WeakMap<Element, ConversationMessage>();

/**
 * Sender links already read, by href. Each message group of a thread repeats its sender's link,
 * and reading one decodes and canonicalises a URL: in a 300-message thread that was a sixth of
 * a re-scan. Cleared when full, so a tab open all day does not grow it.
 */
const senders = new Map<string, string | null>();
const SENDERS_MAX = 500;

function senderOf(href: string | null): string | null {
  if (href === null) return null;
  let url = senders.get(href);
  if (url === undefined) {
    if (senders.size >= SENDERS_MAX) senders.clear();
    url = profileUrlInLink(href);
    senders.set(href, url);
  }
  return url;
}

/** Messages and sender links in document order, from the first alternative that matches. */
function nodesOf(root: Element, spec: SelectorSpec): Element[] {
  for (const selector of spec.alternatives) {
    const nodes = root.querySelectorAll(selector);
    if (nodes.length === 0) continue;
    // Indexed reads, not the NodeList iterator: each iterator step crosses into the browser.
    const list = new Array<Element>(nodes.length);
    for (let i = 0; i < nodes.length; i++) list[i] = nodes[i] as Element;
    return list;
  }
  return [];
}
