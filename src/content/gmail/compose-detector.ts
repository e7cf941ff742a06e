/**
 * Detector `compose`: emails sent from this tab (./compose.ts has the lifecycle). Three capture
 * listeners (mouse, keys, clicks on Undo) and a 250 ms timer that runs only while a send awaits
 * its undo period; a commit logs one email_sent per recipient (auto-tracking them first when
 * the setting is on). What is pending or on its way is handed over after an update; a tab
 * closing logs what Gmail will still send.
 */
import type { TouchpointInput } from '../../shared/messages.ts';
import { queryOptional } from '../shared/dom.ts';
import { isUserGesture } from '../shared/gesture.ts';
import type { HandedSend } from '../shared/handover.ts';
import type { Detector, DetectorContext } from '../shared/session.ts';
import { type AddressPolicy, addressPolicy, isTrackable } from './addresses.ts';
import {
  composeFormOf,
  isSendButton,
  parseCompose,
  SendTracker,
  type SentMessage,
  sendKey,
} from './compose.ts';
import { ADDRESS } from './conversation-detector.ts';
import * as selectors from './selectors.ts';
import type { GmailState } from './state.ts';

const TICK_MS = 250;
const COMMIT_ATTEMPTS = 3;

export function composeDetector(state: GmailState): Detector {
  let ctx: DetectorContext | null = null;
  /** The sends being committed, until the background acknowledged them (for a handover). */
  const commits = new Set<SentMessage>();
  let sendTimer: ReturnType<typeof setInterval> | undefined;

  const sends = new SendTracker({
    now: () => Date.now(),
    undoOffered: () => (ctx ? queryOptional(ctx.document, selectors.undoLink) !== null : false),
    draftOpen: (draftId) => findDraftForm(draftId) !== null,
    commit: (sent) => {
      commits.add(sent);
      void commitSend(sent, COMMIT_ATTEMPTS);
    },
    failed: (error) => ctx?.fail(error),
  });
  state.sendsPending = () => sends.size > 0 || commits.size > 0;

  return {
    name: 'compose',
    selectors: [
      selectors.composeForm,
      selectors.composeSubject,
      selectors.composeDraft,
      selectors.composeRecipients,
      selectors.sendButton,
      selectors.undoLink,
    ],
    kinds: ['email_sent'],

    init(signal, context) {
      ctx = context;
      const view = context.document.defaultView;
      if (!view) return;
      const options = { capture: true, signal };
      view.addEventListener('mouseup', onMouseUp, options);
      view.addEventListener('keydown', onKeyDown, options);
      view.addEventListener('click', onClick, options);
      view.addEventListener('pagehide', onPageHide, { signal });
      signal.addEventListener('abort', () => {
        clearInterval(sendTimer);
        sendTimer = undefined;
      });
    },

    handOver(): HandedSend[] {
      const handed = [
        ...sends.takeAll().map((send) => ({ ...send, committing: false })),
        ...[...commits].map((sent) => ({
          ...sent,
          leftAt: sent.at,
          sawUndo: true,
          committing: true,
        })),
      ];
      commits.clear();
      return handed;
    },

    takeOver(received) {
      const waiting = received.filter((send) => !send.committing);
      if (waiting.length > 0) {
        sends.resume(waiting, findDraftForm);
        startSendTimer();
      }
      for (const send of received) {
        if (!send.committing) continue;
        const { draftId, subject, threadId, recipients, at } = send;
        const sent: SentMessage = { draftId, subject, threadId, recipients, at };
        commits.add(sent);
        void commitSend(sent, COMMIT_ATTEMPTS);
      }
    },
  };

  function onMouseUp(event: MouseEvent): void {
    if (!isUserGesture(event) || event.button !== 0) return;
    if (event.target instanceof Element && isSendButton(event.target)) captureSend(event.target);
  }

  function onKeyDown(event: KeyboardEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !isUserGesture(event)) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) captureSend(target);
    else if ((event.key === 'Enter' || event.key === ' ') && isSendButton(target))
      captureSend(target);
    // Undo by Gmail's "z" shortcut needs no key handling here: it reopens the draft (draftOpen).
  }

  function onClick(event: MouseEvent): void {
    if (sends.size === 0 || !(event.target instanceof Element)) return;
    // Only cancels (never writes): a forged click can at worst lose a send, as a real Undo.
    if (event.target.closest(selectors.undoLink.alternatives.join(','))) sends.undo();
  }

  function captureSend(target: Element): void {
    try {
      const form = composeFormOf(target);
      if (!form) return;
      // An inline reply belongs to the open conversation: its subject and thread are the ones sent.
      const open = state.conversation;
      const inline = open && state.view?.contains(form) ? open : null;
      const snapshot = parseCompose(
        form,
        { subject: inline?.subject ?? '', threadId: inline?.threadId ?? '' },
        Date.now(),
      );
      sends.add(snapshot);
      startSendTimer();
    } catch (error) {
      ctx?.fail(error);
    }
  }

  function startSendTimer(): void {
    if (ctx?.signal.aborted) return;
    sendTimer ??= setInterval(() => {
      sends.tick();
      if (sends.size > 0) return;
      clearInterval(sendTimer);
      sendTimer = undefined;
      // Conversation copies of the send were held back while it was pending.
      ctx?.schedule();
    }, TICK_MS);
  }

  /** The compose form holding this draft, when Gmail still shows it. */
  function findDraftForm(draftId: string): Element | null {
    if (!ctx) return null;
    const inputs = ctx.document.querySelectorAll<HTMLInputElement>(
      selectors.composeDraft.alternatives.join(','),
    );
    const input = [...inputs].find((candidate) => candidate.value.replace(/^#/, '') === draftId);
    return input ? composeFormOf(input) : null;
  }

  async function commitSend(snapshot: SentMessage, attempts: number): Promise<void> {
    const context = ctx;
    // Stopped: the send goes to the next instance (handOver).
    if (!context || context.signal.aborted) return;
    try {
      const own = state.ownAddresses();
      const recipients = sentRecipients(snapshot, own);
      // Asked fresh rather than from the cache: a send is rare and must not race a cache reset.
      const { settings } = await context.send('getSettings', {});
      if (settings.autoTrackRecipients && recipients.length > 0) {
        const { prospects } = await context.send('getContext', {
          emails: recipients.map((recipient) => recipient.email),
        });
        const tracked = new Set(prospects.flatMap(({ prospect }) => prospect.emails));
        for (const recipient of untracked(recipients, addressPolicy(own, settings), (email) =>
          tracked.has(email),
        ))
          await context.send('trackContact', { name: recipient.name, emails: [recipient.email] });
      }
      // Every recipient is sent: the background logs the tracked ones and ignores the others.
      // Not acknowledged: owed by the session, which resends it (and hands it over).
      await context.log(sentTouchpoints(snapshot, recipients));
      if (context.signal.aborted) return;
      context.ok();
    } catch (error) {
      // Cut off by an update: kept in `commits` for the instance that replaces this one.
      if (context.signal.aborted) return;
      // The worker may be waking up: the keys make a retry harmless.
      if (attempts > 1) {
        setTimeout(() => void commitSend(snapshot, attempts - 1), 1000);
        return;
      }
      context.fail(error);
    }
    commits.delete(snapshot);
    // Conversation copies held back while this send was on its way can be reconciled now.
    context.schedule();
  }

  /**
   * The tab is closing or leaving Gmail. Gmail still sends what is in its undo period ("if you
   * close Gmail in those seconds, we'll still send your message"), but this script will not
   * live to see the Undo link go: those sends, and commits still on their way, are logged now.
   * Only the first message a closing page sends is sure to leave it, so there is no asking
   * first: the settings this tab already holds decide auto-tracking, and the background, which
   * dedupes by key, logs the tracked recipients.
   */
  function onPageHide(): void {
    try {
      const context = ctx;
      const leaving = [...sends.leaving(), ...commits];
      if (!context || leaving.length === 0) return;
      const settings = state.cache.settings;
      const own = state.ownAddresses();
      const touchpoints: TouchpointInput[] = [];
      for (const sent of leaving) {
        const recipients = sentRecipients(sent, own);
        if (settings?.autoTrackRecipients) {
          for (const recipient of untracked(recipients, addressPolicy(own, settings), (email) =>
            state.cache.isTracked(email),
          ))
            context
              .send('trackContact', { name: recipient.name, emails: [recipient.email] })
              .catch(() => undefined);
        }
        touchpoints.push(...sentTouchpoints(sent, recipients));
      }
      if (touchpoints.length > 0)
        context
          .send('logTouchpoints', { touchpoints: touchpoints.slice(0, 500) })
          .catch(() => undefined);
    } catch {
      // The page is going away; nothing here may stop Gmail from closing.
    }
  }
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
