/**
 * Detector: emails sent from this tab (new message, inline reply, reply-all, forward), by the
 * Send button or Ctrl/⌘+Enter. A send counts once, and only once it really left:
 *   1. the gesture takes a snapshot of the form (recipients, subject, draft id) while it exists;
 *   2. the form must then leave the page (Gmail refused nothing: no missing recipient…);
 *   3. while Gmail's "Undo" is offered the send waits; Undo (click, or the compose window
 *      coming back with the same draft id) cancels it; the Undo link going away commits it.
 * The committed touchpoint is keyed by draft id; the message's later `msg-f` copy in the
 * conversation is reconciled by the background (gmailSentMatches), not logged again.
 * Nothing here reads the body.
 */
import { queryAll, queryOptional, SelectorError } from '../shared/dom.ts';
import * as selectors from './selectors.ts';

export const detector = 'compose';

export interface Recipient {
  email: string;
  name: string;
}

export interface ComposeSnapshot {
  /** Gmail's draft id; empty when the draft input is missing (then subject + minute key it). */
  draftId: string;
  subject: string;
  threadId: string;
  recipients: Recipient[];
  form: Element;
  at: number;
}

/** The compose form around an element (the Send button, the focused editor), if any. */
export function composeFormOf(element: Element | null): Element | null {
  for (const selector of selectors.composeForm.alternatives) {
    const form = element?.closest(selector);
    if (
      form &&
      (queryOptional(form, selectors.composeSubject) || queryOptional(form, selectors.composeDraft))
    )
      return form;
  }
  return null;
}

export function isSendButton(element: Element | null): boolean {
  return Boolean(element?.closest(selectors.sendButton.alternatives.join(', ')));
}

/** Reads what is being sent: recipients as addressed (to, cc, bcc), subject as typed. */
export function parseCompose(
  form: Element,
  fallback: { subject: string; threadId: string },
  now: number,
): ComposeSnapshot {
  const draftId = queryOptional<HTMLInputElement>(form, selectors.composeDraft)?.value ?? '';
  const typed = queryOptional<HTMLInputElement>(form, selectors.composeSubject)?.value.trim() ?? '';
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const element of queryAll(form, selectors.composeRecipients)) {
    const recipient = readRecipient(element);
    if (!recipient || seen.has(recipient.email)) continue;
    seen.add(recipient.email);
    recipients.push(recipient);
  }
  return {
    draftId: draftId.replace(/^#/, ''),
    // An inline reply may hide its subject input: the conversation's subject is the one sent.
    subject: (typed || fallback.subject).slice(0, 300),
    threadId: fallback.threadId,
    recipients,
    form,
    at: now,
  };
}

/** The touchpoint key of a committed send, per recipient; stable across retries. */
export function sendKey(snapshot: ComposeSnapshot, email: string): string {
  const id =
    snapshot.draftId ||
    `${snapshot.threadId || 'new'}:${snapshot.subject.toLowerCase()}:${Math.floor(snapshot.at / 60_000)}`;
  return `gmail:compose:${id}:${email}`.slice(0, 300);
}

export interface SendTrackerDeps {
  now(): number;
  /** Is Gmail's Undo offered right now? */
  undoOffered(): boolean;
  /** Is a compose form with this draft id on the page (Undo reopens it)? */
  draftOpen(draftId: string): boolean;
  commit(snapshot: ComposeSnapshot): void;
  /** The send left but its recipients could not be read: the selector needs attention. */
  failed(error: SelectorError): void;
}

/**
 * How long the form may stay after the gesture: Gmail refuses some sends (no recipient) and
 * asks to confirm others (no subject); past this, the gesture did not send.
 */
const LEAVE_WITHIN_MS = 10_000;
/** If no Undo toast was ever seen (selector drift), commit after Gmail's longest undo period. */
const NO_TOAST_COMMIT_MS = 31_000;
/** A toast that never goes away (tab in background, selector matching something else). */
const MAX_WAIT_MS = 60_000;

interface Pending {
  snapshot: ComposeSnapshot;
  leftAt: number | null;
  sawUndo: boolean;
}

/** The send lifecycle, driven by `tick()` (a timer while something is pending) and `undo()`. */
export class SendTracker {
  private pending: Pending[] = [];

  constructor(private readonly deps: SendTrackerDeps) {}

  get size(): number {
    return this.pending.length;
  }

  /**
   * A send gesture. A second gesture on the same form (click + shortcut, or Send again after
   * adding the missing recipient) is the same send, with what the form holds now.
   */
  add(snapshot: ComposeSnapshot): void {
    const same = this.pending.find(
      (entry) =>
        entry.snapshot.form === snapshot.form ||
        (snapshot.draftId !== '' && entry.snapshot.draftId === snapshot.draftId),
    );
    if (!same) this.pending.push({ snapshot, leftAt: null, sawUndo: false });
    else if (same.leftAt === null) same.snapshot = snapshot;
  }

  /** Undo was clicked: every send still in its undo period is cancelled. */
  undo(): void {
    this.pending = this.pending.filter((entry) => entry.leftAt === null);
  }

  tick(): void {
    const now = this.deps.now();
    const undoOffered = this.deps.undoOffered();
    const keep: Pending[] = [];
    for (const entry of this.pending) {
      const { snapshot } = entry;
      if (entry.leftAt === null) {
        if (!snapshot.form.isConnected || !isShown(snapshot.form)) entry.leftAt = now;
        else if (now - snapshot.at > LEAVE_WITHIN_MS) continue; // Gmail refused it.
        keep.push(entry);
        continue;
      }
      if (snapshot.draftId && this.deps.draftOpen(snapshot.draftId)) continue; // Undone.
      if (undoOffered) entry.sawUndo = true;
      const waited = now - entry.leftAt;
      const done = entry.sawUndo
        ? !undoOffered || waited > MAX_WAIT_MS
        : waited > NO_TOAST_COMMIT_MS;
      if (!done) {
        keep.push(entry);
        continue;
      }
      if (snapshot.recipients.length === 0) {
        this.deps.failed(new SelectorError(selectors.composeRecipients));
        continue;
      }
      this.deps.commit({ ...snapshot, at: now });
    }
    this.pending = keep;
  }
}

function readRecipient(element: Element): Recipient | null {
  // Chips carry the address as their hovercard id; older hidden inputs hold "Name <address>".
  const raw =
    element.getAttribute('data-hovercard-id') ??
    element.getAttribute('email') ??
    (element as HTMLInputElement).value ??
    '';
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(raw) ?? /([^\s<>,;"]+@[^\s<>,;"]+)/.exec(raw);
  const email = match?.[1]?.toLowerCase();
  if (!email) return null;
  // Field names ("to", "cc") are not people's names.
  const attribute = element.getAttribute('data-name') ?? element.getAttribute('name') ?? '';
  const fromRaw = raw
    .replace(/<[^>]*>/, '')
    .replace(/"/g, '')
    .trim();
  const name =
    [attribute, fromRaw].find(
      (candidate) => candidate && !candidate.includes('@') && !/^(?:to|cc|bcc)$/i.test(candidate),
    ) ?? email.slice(0, email.indexOf('@'));
  return { email, name: name.slice(0, 200) };
}

function isShown(element: Element): boolean {
  // Gmail may hide a sent compose window before it removes it.
  return typeof element.checkVisibility === 'function' ? element.checkVisibility() : true;
}
