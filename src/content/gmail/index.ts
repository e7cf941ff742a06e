/**
 * Gmail entry: wires the detectors (conversation, inbox, compose) to the page.
 *
 * Cost to Gmail: one MutationObserver on the main view only (not document.body), mutations
 * coalesced into one scan per burst, our own injected hosts ignored; sends are caught by three
 * capture listeners and a 250 ms timer that only runs while a send awaits its undo period.
 * Each scan's synchronous time is published as a `performance` measure (what the bench reads).
 * Nothing here may throw into Gmail: failures become detection-health records.
 * After an extension update, the new copy of this script takes over from the old one with what
 * it had not got acknowledged (../shared/handover.ts).
 */
import { onChange, send } from '../../browser/client.ts';
import type { TouchpointInput } from '../../shared/messages.ts';
import type { Prospect } from '../../shared/schemas.ts';
import { queryAll, queryOptional, SelectorError } from '../shared/dom.ts';
import { claimPage, type HandoverState, isOrphaned, isRefused } from '../shared/handover.ts';
import { reportHealth } from '../shared/health.ts';
import { Owed } from '../shared/owed.ts';
import { createRetry } from '../shared/retry.ts';
import { accountAddress } from './account.ts';
import { type AddressPolicy, addressPolicy, isTrackable } from './addresses.ts';
import * as compose from './compose.ts';
import {
  composeFormOf,
  isSendButton,
  parseCompose,
  SendTracker,
  type SentMessage,
  sendKey,
} from './compose.ts';
import { ContextCache } from './context.ts';
import type { ParsedConversation, Person } from './conversation.ts';
import * as conversations from './conversation.ts';
import type { InboxRow } from './inbox.ts';
import * as inbox from './inbox.ts';
import { isHidden } from './inbox.ts';
import { Overlay } from './overlay.tsx';
import * as selectors from './selectors.ts';

/** Mutations within this delay of each other are one scan. */
const SCAN_DELAY_MS = 50;
/** Checks the observed view is still the page's (Gmail can swap it without a hash change). */
const VIEW_CHECK_MS = 2000;
/** Re-renders "· 6 d" labels so they stay true on a tab left open. */
const RELABEL_MS = 60_000;
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SCAN_MEASURE = 'etape:gmail:scan';

const cache = new ContextCache();
const overlay = new Overlay();
/** Keys the background acknowledged (created or duplicate): a re-scan sends only what is new. */
const logged = new Set<string>();
const owed = new Owed();
const observer = new MutationObserver(onMutations);
let view: Element | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let again = false;
let lastParticipants = '';
let remembered = '';
let current: { conversation: ParsedConversation | null; own: Set<string> } = {
  conversation: null,
  own: new Set(),
};

const retry = createRetry(() => schedule());

/** Commits on their way to the background: their conversation copies must wait for them. */
let committing = 0;
/** The sends being committed, until the background acknowledged them (for a handover). */
const commits = new Set<SentMessage>();

const sends = new SendTracker({
  now: () => Date.now(),
  undoOffered: () => queryOptional(document, selectors.undoLink) !== null,
  draftOpen: (draftId) =>
    [
      ...document.querySelectorAll<HTMLInputElement>(selectors.composeDraft.alternatives.join(',')),
    ].some((input) => input.value.replace(/^#/, '') === draftId),
  commit: (sent) => {
    committing++;
    commits.add(sent);
    void commitSend(sent, 3);
  },
  failed: (error) => reportHealth('gmail', compose.detector, error),
});
let sendTimer: ReturnType<typeof setInterval> | undefined;

/** Aborted when the extension was updated under this page (see stop()). */
const lifetime = new AbortController();
const intervals: Array<ReturnType<typeof setInterval>> = [];

// Null when this page already runs a live copy of this script (injected twice): it keeps it.
const claim = claimPage({ site: 'gmail', surrender });
if (claim) start(claim.received);

function start(received: HandoverState): void {
  const { signal } = lifetime;
  window.addEventListener('hashchange', schedule, { signal });
  window.addEventListener('mouseup', onMouseUp, { capture: true, signal });
  window.addEventListener('keydown', onKeyDown, { capture: true, signal });
  window.addEventListener('click', onClick, { capture: true, signal });
  window.addEventListener('pagehide', onPageHide, { signal });
  onChange((event) => {
    // Touchpoints and health do not change what a badge shows; skipping them avoids a loop
    // (our own logging announces a touchpoint change).
    if (event.what === 'touchpoint' || event.what === 'health' || event.what === 'action') return;
    cache.forget({ settings: event.what === 'settings' });
    schedule();
  }, signal);
  intervals.push(
    setInterval(() => {
      if (!view?.isConnected) schedule();
    }, VIEW_CHECK_MS),
    setInterval(() => {
      if (overlay.count > 0) schedule();
    }, RELABEL_MS),
  );
  resume(received);
  schedule();
}

/** Takes over what the replaced script had not finished: the keys make a double delivery a no-op. */
function resume(received: HandoverState): void {
  for (const touchpoint of received.touchpoints) owed.add(touchpoint);
  const waiting = received.sends.filter((send) => !send.committing);
  if (waiting.length > 0) {
    sends.resume(waiting, findDraftForm);
    startSendTimer();
  }
  for (const send of received.sends) {
    if (!send.committing) continue;
    const { draftId, subject, threadId, recipients, at } = send;
    const sent: SentMessage = { draftId, subject, threadId, recipients, at };
    committing++;
    commits.add(sent);
    void commitSend(sent, 3);
  }
}

/** The old script's state, handed to the new one; this script is stopped from then on. */
function surrender(): HandoverState {
  stop();
  const state: HandoverState = {
    sends: [
      ...sends.takeAll().map((send) => ({ ...send, committing: false })),
      ...[...commits].map((sent) => ({
        ...sent,
        leftAt: sent.at,
        sawUndo: true,
        committing: true,
      })),
    ],
    touchpoints: owed.takeAll(),
  };
  commits.clear();
  return state;
}

/**
 * After an extension update the old script stays in open tabs, cut off from the background:
 * it must stop observing Gmail and remove its UI instead of failing on every mutation.
 */
function stop(): void {
  if (lifetime.signal.aborted) return;
  try {
    lifetime.abort();
  } catch {
    // Removing a listener from an invalidated extension API may throw: we are stopping anyway.
  }
  retry.cancel();
  observer.disconnect();
  for (const interval of intervals) clearInterval(interval);
  clearInterval(sendTimer);
  clearTimeout(timer);
  overlay.begin();
  overlay.end();
}

function schedule(): void {
  if (timer !== undefined || lifetime.signal.aborted) return;
  timer = setTimeout(() => {
    timer = undefined;
    void scan();
  }, SCAN_DELAY_MS);
}

function onMutations(records: MutationRecord[]): void {
  // Our own hosts going in or out are not news.
  if (records.every(isOwnMutation)) return;
  schedule();
}

function isOwnMutation(record: MutationRecord): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return (
    nodes.length > 0 &&
    nodes.every((node) => node instanceof Element && node.hasAttribute('data-etape'))
  );
}

/** Observes the main view only; re-attaches when Gmail replaced it. */
function attachView(): void {
  const found = queryOptional(document, selectors.mainView);
  if (found === view) return;
  observer.disconnect();
  view = found;
  // The view is absent while Gmail boots; the view check timer retries.
  // A sent message's id changing from msg-a to msg-f is an attribute change, not a new node.
  if (view)
    observer.observe(view, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-message-id'],
    });
}

async function scan(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      await scanOnce();
    } while (again);
    await flushOwed();
    retry.succeeded();
  } catch (error) {
    if (isOrphaned(error)) stop();
    else {
      // The worker may have been stopped mid-write: scan (and so resend) again soon, even if
      // the page does not change.
      reportHealth('gmail', conversations.detector, error);
      retry.failed();
    }
  } finally {
    running = false;
  }
}

async function scanOnce(): Promise<void> {
  const started = performance.now();
  attachView();
  const root: ParentNode = view ?? document;
  const account = accountAddress(document);
  const open = visibleConversation(root);
  let conversation: ParsedConversation | null = null;
  let rows: InboxRow[] = [];
  if (open) {
    conversation = conversations.parseConversation(open, location.hash);
    reportHealth('gmail', conversations.detector, conversation.error);
    reportHealth('gmail', 'account', account ? null : new SelectorError(selectors.accountButton));
  } else {
    const parsed = inbox.parseInbox(root);
    rows = parsed.rows;
    if (rows.length > 0 || parsed.error) reportHealth('gmail', inbox.detector, parsed.error);
  }
  const own =
    conversation && account
      ? conversations.ownAddresses(conversation, account)
      : new Set(account ? [account] : []);
  const people = conversation
    ? conversations.participants(conversation, own)
    : new Map<string, Person>();
  current = { conversation, own };
  const emails = [...people.keys(), ...rows.map((row) => row.email)].filter((email) =>
    ADDRESS.test(email),
  );
  let busy = performance.now() - started;
  reportParticipants(people);

  await cache.ensure(emails);
  if (account) rememberAccount(account);

  const renderStarted = performance.now();
  renderOverlay(people, rows, own);
  busy += performance.now() - renderStarted;
  measure(busy);
  if (conversation && account) await logConversation(conversation, own);
}

/** The conversation on screen; one Gmail keeps hidden behind another view does not count. */
function visibleConversation(root: ParentNode): Element | null {
  // The main view may itself be the conversation container (role=main sits on it at times).
  const candidates =
    view?.matches(selectors.conversation.alternatives.join(',')) === true
      ? [view]
      : queryAll(root, selectors.conversation);
  return candidates.find((candidate) => !isHidden(candidate)) ?? null;
}

/** This tab's account joins the user's own addresses, so other accounts never offer Track. */
function rememberAccount(account: string): void {
  const known = cache.settings?.ownAddresses;
  if (!known || known.includes(account) || remembered === account) return;
  remembered = account;
  send('addOwnAddress', { email: account }).catch(() => {
    remembered = '';
  });
}

function renderOverlay(people: Map<string, Person>, rows: InboxRow[], own: Set<string>): void {
  const process = cache.process;
  overlay.begin();
  if (process) {
    const now = Date.now();
    const policy = addressPolicy(own, cache.settings);
    for (const [email, person] of people) {
      const prospect = cache.prospect(email);
      if (prospect) overlay.badge(email, person.element, prospect, process, now, advance);
      else if (isTrackable(email, policy))
        overlay.track(email, person.element, person.name, () => track(person.name, email));
    }
    for (const [index, row] of rows.entries()) {
      const prospect = cache.prospect(row.email);
      if (prospect)
        overlay.chip(`row:${index}:${row.threadId}`, row.anchor, prospect, process, now);
    }
  }
  overlay.end();
}

async function logConversation(conversation: ParsedConversation, own: Set<string>): Promise<void> {
  let candidates = conversations
    .toTouchpoints(conversation, own, (email) => cache.isTracked(email), Date.now())
    .filter((touchpoint) => !logged.has(touchpoint.key));
  // A send of this tab is still in its undo period: its conversation copy waits for the commit.
  if (sends.size > 0 || committing > 0)
    candidates = candidates.filter((touchpoint) => touchpoint.kind !== 'email_sent');
  if (candidates.length === 0) return;
  const sent = candidates.filter((touchpoint) => touchpoint.kind === 'email_sent');
  if (sent.length > 0) {
    const { matched } = await send('gmailSentMatches', {
      sends: sent.map((touchpoint) => ({
        key: touchpoint.key,
        email: touchpoint.email ?? '',
        at: touchpoint.at,
        subject: conversation.subject.slice(0, 300),
      })),
    });
    // Logged when it left this or another tab: remember it as done.
    for (const key of matched) logged.add(key);
    candidates = candidates.filter((touchpoint) => !logged.has(touchpoint.key));
  }
  await logTouchpoints(candidates);
}

async function logTouchpoints(touchpoints: TouchpointInput[]): Promise<void> {
  if (touchpoints.length === 0) return;
  for (const touchpoint of touchpoints) {
    logged.add(touchpoint.key);
    owed.add(touchpoint);
  }
  try {
    const { results } = await send('logTouchpoints', { touchpoints });
    for (const touchpoint of touchpoints) owed.delete(touchpoint.key);
    // Untracked in the meantime (another tab removed the prospect): may be logged after a Track.
    for (const result of results) if (result.status === 'untracked') logged.delete(result.key);
  } catch (error) {
    // Not acknowledged: forget them so the next scan resends (the background dedupes).
    for (const touchpoint of touchpoints) logged.delete(touchpoint.key);
    throw error;
  }
}

/** What is owed and not on its way (its send failed, or it was handed over) goes again. */
async function flushOwed(): Promise<void> {
  if (owed.size === 0) return;
  // One message holds at most 500; the rest go with the next scan.
  const due = owed
    .values()
    .filter((touchpoint) => !logged.has(touchpoint.key))
    .slice(0, 500);
  try {
    await logTouchpoints(due);
  } catch (error) {
    if (!isRefused(error)) throw error;
    for (const touchpoint of due) owed.delete(touchpoint.key);
  }
}

function reportParticipants(people: Map<string, Person>): void {
  const participants = [...people.values()]
    .filter((person) => ADDRESS.test(person.email))
    .slice(0, 100)
    .map((person) => ({ email: person.email, name: person.name }));
  const signature = JSON.stringify(participants);
  if (signature === lastParticipants) return;
  lastParticipants = signature;
  send('reportPageContext', { site: 'gmail', participants }).catch(() => {
    // Best-effort: the next scan reports again.
    lastParticipants = '';
  });
}

async function track(name: string, email: string): Promise<void> {
  await send('trackContact', { name, emails: [email] });
  // The re-scan renders the badge and logs the visible messages of the new prospect.
  cache.forget();
  schedule();
}

async function advance(prospect: Prospect): Promise<void> {
  await send('advanceStage', { prospectId: prospect.id, fromStageId: prospect.stageId });
  cache.forget();
  schedule();
}

// -- sends --

function onMouseUp(event: MouseEvent): void {
  if (event.button === 0 && event.target instanceof Element && isSendButton(event.target))
    captureSend(event.target);
}

function onKeyDown(event: KeyboardEvent): void {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) captureSend(target);
  else if ((event.key === 'Enter' || event.key === ' ') && isSendButton(target))
    captureSend(target);
  // Undo by Gmail's "z" shortcut needs no key handling here: it reopens the draft (draftOpen).
}

function onClick(event: MouseEvent): void {
  if (sends.size === 0 || !(event.target instanceof Element)) return;
  if (event.target.closest(selectors.undoLink.alternatives.join(','))) sends.undo();
}

function captureSend(target: Element): void {
  try {
    const form = composeFormOf(target);
    if (!form) return;
    // An inline reply belongs to the open conversation: its subject and thread are the ones sent.
    const inline = current.conversation && view?.contains(form) ? current.conversation : null;
    const snapshot = parseCompose(
      form,
      { subject: inline?.subject ?? '', threadId: inline?.threadId ?? '' },
      Date.now(),
    );
    sends.add(snapshot);
    startSendTimer();
  } catch (error) {
    reportHealth('gmail', compose.detector, error);
  }
}

function startSendTimer(): void {
  sendTimer ??= setInterval(() => {
    sends.tick();
    if (sends.size > 0) return;
    clearInterval(sendTimer);
    sendTimer = undefined;
    // Conversation copies of the send were held back while it was pending.
    schedule();
  }, 250);
}

/**
 * The tab is closing or leaving Gmail. Gmail still sends what is in its undo period ("if you
 * close Gmail in those seconds, we'll still send your message"), but this script will not live
 * to see the Undo link go: those sends, and commits still on their way, are logged now. Only the
 * first message a closing page sends is sure to leave it, so there is no asking first: the
 * settings this tab already holds decide auto-tracking, and the background, which dedupes by key,
 * logs the tracked recipients.
 */
function onPageHide(): void {
  try {
    const leaving = [...sends.leaving(), ...commits];
    if (leaving.length === 0) return;
    const settings = cache.settings;
    const own = ownAddresses();
    const touchpoints: TouchpointInput[] = [];
    for (const sent of leaving) {
      const recipients = sentRecipients(sent, own);
      if (settings?.autoTrackRecipients) {
        for (const recipient of untracked(recipients, addressPolicy(own, settings), (email) =>
          cache.isTracked(email),
        ))
          send('trackContact', { name: recipient.name, emails: [recipient.email] }).catch(
            () => undefined,
          );
      }
      touchpoints.push(...sentTouchpoints(sent, recipients));
    }
    if (touchpoints.length > 0)
      send('logTouchpoints', { touchpoints: touchpoints.slice(0, 500) }).catch(() => undefined);
  } catch {
    // The page is going away; nothing here may stop Gmail from closing.
  }
}

/** The user's own addresses as this tab knows them: the open conversation's and the account's. */
function ownAddresses(): Set<string> {
  const account = accountAddress(document);
  return new Set([...current.own, ...(account ? [account] : [])]);
}

/** The people a send went to, the user's own addresses and unreadable ones left out. */
function sentRecipients(sent: SentMessage, own: ReadonlySet<string>) {
  return sent.recipients.filter(
    (recipient) => !own.has(recipient.email) && ADDRESS.test(recipient.email),
  );
}

/** The recipients auto-tracking adds: trackable and not tracked yet. */
function untracked<T extends { email: string }>(
  recipients: readonly T[],
  policy: AddressPolicy,
  isTracked: (email: string) => boolean,
): T[] {
  return recipients.filter(
    (recipient) => !isTracked(recipient.email) && isTrackable(recipient.email, policy),
  );
}

/** One email_sent per recipient, keyed by the send (a retry or a resend is the same key). */
function sentTouchpoints(
  sent: SentMessage,
  recipients: ReadonlyArray<{ email: string }>,
): TouchpointInput[] {
  const summary = sent.subject || undefined;
  return recipients.map((recipient) => ({
    channel: 'gmail' as const,
    kind: 'email_sent' as const,
    email: recipient.email,
    at: sent.at,
    key: sendKey(sent, recipient.email),
    summary,
  }));
}

/** The compose form holding this draft, when Gmail still shows it. */
function findDraftForm(draftId: string): Element | null {
  const inputs = document.querySelectorAll<HTMLInputElement>(
    selectors.composeDraft.alternatives.join(','),
  );
  const input = [...inputs].find((candidate) => candidate.value.replace(/^#/, '') === draftId);
  return input ? composeFormOf(input) : null;
}

async function commitSend(snapshot: SentMessage, attempts: number): Promise<void> {
  if (lifetime.signal.aborted) return; // Stopped: the send goes to the next script (surrender).
  try {
    const own = ownAddresses();
    const recipients = sentRecipients(snapshot, own);
    // Asked fresh rather than from the cache: a send is rare and must not race a cache reset.
    const { settings } = await send('getSettings', {});
    if (settings.autoTrackRecipients && recipients.length > 0) {
      const { prospects } = await send('getContext', {
        emails: recipients.map((recipient) => recipient.email),
      });
      const tracked = new Set(prospects.flatMap(({ prospect }) => prospect.emails));
      for (const recipient of untracked(recipients, addressPolicy(own, settings), (email) =>
        tracked.has(email),
      ))
        await send('trackContact', { name: recipient.name, emails: [recipient.email] });
    }
    // Every recipient is sent: the background logs the tracked ones and ignores the others.
    await logTouchpoints(sentTouchpoints(snapshot, recipients));
    reportHealth('gmail', compose.detector, null);
  } catch (error) {
    // Cut off by an update: kept in `commits` for the script that replaces this one.
    if (isOrphaned(error)) {
      stop();
      return;
    }
    // The worker may be waking up: the keys make a retry harmless.
    if (attempts > 1) {
      setTimeout(() => void commitSend(snapshot, attempts - 1), 1000);
      return;
    }
    reportHealth('gmail', compose.detector, error);
  }
  commits.delete(snapshot);
  committing--;
  // Conversation copies held back while this send was on its way can be reconciled now.
  schedule();
}

function measure(busyMs: number): void {
  // One entry at a time (no growing buffer over a day of Gmail); observers still see each one.
  performance.clearMeasures(SCAN_MEASURE);
  performance.measure(SCAN_MEASURE, { start: performance.now() - busyMs, duration: busyMs });
}
