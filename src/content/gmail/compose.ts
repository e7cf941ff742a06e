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

export interface Recipient {
  email: string;
  name: string;
}

/** What a send is, without the page: what a commit needs and a handover can carry. */
export interface SentMessage {
  /** Gmail's draft id; empty when the draft input is missing (then subject + minute key it). */
  draftId: string;
  subject: string;
  threadId: string;
  recipients: Recipient[];
  at: number;
}

export interface ComposeSnapshot extends SentMessage {
  form: Element;
}

/**
 * A send still waiting, as an instance of this script that replaces this one takes it over
 * (src/content/shared/handover.ts): no form element, no body.
 */
export interface PendingSend extends SentMessage {
  /** When the form left the page; null while it is still there. */
  leftAt: number | null;
  sawUndo: boolean;
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

/** The touchpoint key of a committed send, per recipient; stable across retries and handovers. */
export function sendKey(snapshot: SentMessage, email: string): string {
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
  commit(sent: SentMessage): void;
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
  sent: SentMessage;
  /** Null for a send taken over whose form was no longer on the page. */
  form: Element | null;
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
    const { form, ...sent } = snapshot;
    const same = this.pending.find(
      (entry) => entry.form === form || this.sameDraft(entry, sent.draftId),
    );
    if (!same) this.pending.push({ sent, form, leftAt: null, sawUndo: false });
    else if (same.leftAt === null) {
      same.sent = sent;
      same.form = form;
    }
  }

  /** Every send still waiting, for the instance that replaces this one; none is left here. */
  takeAll(): PendingSend[] {
    const taken = this.pending.map(({ sent, leftAt, sawUndo }) => ({ ...sent, leftAt, sawUndo }));
    this.pending = [];
    return taken;
  }

  /**
   * Sends the replaced instance was waiting on. A form still on the page (found again by its
   * draft id) is waited for as before; one that cannot be found is taken as gone when handed
   * over: from then on the send waits for the Undo offer to go away, as any other.
   */
  resume(sends: PendingSend[], findForm: (draftId: string) => Element | null): void {
    const now = this.deps.now();
    for (const { leftAt, sawUndo, ...sent } of sends) {
      if (this.pending.some((entry) => this.sameDraft(entry, sent.draftId))) continue;
      const form = leftAt === null && sent.draftId ? findForm(sent.draftId) : null;
      this.pending.push({ sent, form, leftAt: leftAt ?? (form ? null : now), sawUndo });
    }
  }

  /**
   * The page is going away (tab closed, Gmail left): Gmail still sends what is in its undo
   * period, so every send whose form already left the page is sent now; one whose form is still
   * there was never accepted. Nothing is left pending.
   */
  leaving(): SentMessage[] {
    const now = this.deps.now();
    const sent = this.pending
      .filter((entry) => entry.leftAt !== null && entry.sent.recipients.length > 0)
      .map((entry) => ({ ...entry.sent, at: now }));
    this.pending = [];
    return sent;
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
      const { sent: snapshot, form } = entry;
      if (entry.leftAt === null) {
        if (!form?.isConnected || !isShown(form)) entry.leftAt = now;
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

  private sameDraft(entry: Pending, draftId: string): boolean {
    return draftId !== '' && entry.sent.draftId === draftId;
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
