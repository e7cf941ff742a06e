/**
 * Detector `conversation`: the open conversation. Badges next to tracked people, Track next
 * to the others (not the account, colleagues or automated senders), and every message from or
 * to a tracked prospect logged once (keys: ./conversation.ts). A sent message is first checked
 * against what is already stored under another key (its compose send, an older version's id
 * key) and logged only if it is not.
 */
import type { TouchpointInput } from '../../shared/messages.ts';
import type { Prospect } from '../../shared/schemas.ts';
import { queryAll, queryOptional } from '../shared/dom.ts';
import type { Detector, DetectorContext } from '../shared/session.ts';
import { accountAddress } from './account.ts';
import { addressPolicy, isTrackable } from './addresses.ts';
import {
  ownAddresses,
  type ParsedConversation,
  type Person,
  parseConversation,
  participants,
  recheckIn,
  toTouchpoints,
} from './conversation.ts';
import { isHidden } from './inbox.ts';
import { Overlay } from './overlay.ts';
import * as selectors from './selectors.ts';
import type { GmailState } from './state.ts';

export const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Re-renders "· 6 d" labels so they stay true on a tab left open. */
const RELABEL_MS = 60_000;

export function conversationDetector(state: GmailState): Detector {
  const overlay = new Overlay(state.onScreen);
  /** Sent copies being checked against the background: not asked twice meanwhile. */
  const checking = new Set<string>();
  /**
   * The last conversation read, and what it was read from: a scan brought by the background's
   * answers (nothing observed changed since) renders and logs from it instead of reading the
   * 80 messages of a long thread again.
   */
  let read: {
    open: Element;
    key: string;
    generation: number;
    conversation: ParsedConversation;
  } | null = null;

  const track = async (ctx: DetectorContext, name: string, email: string) => {
    await ctx.send('trackContact', { name, emails: [email] });
    // The re-scan renders the badge and logs the visible messages of the new prospect.
    state.cache.forget();
    ctx.schedule(0);
  };
  const advance = async (ctx: DetectorContext, prospect: Prospect) => {
    await ctx.send('advanceStage', { prospectId: prospect.id, fromStageId: prospect.stageId });
    state.cache.forget();
    ctx.schedule(0);
  };

  return {
    name: 'conversation',
    selectors: [
      selectors.conversation,
      selectors.message,
      selectors.sender,
      selectors.recipients,
      selectors.time,
      selectors.subject,
    ],
    kinds: ['email_received'],

    init(signal, ctx) {
      const view = ctx.document.defaultView;
      view?.addEventListener('hashchange', () => ctx.schedule(), { signal });
      const relabel = setInterval(() => {
        if (overlay.count > 0) ctx.schedule();
      }, RELABEL_MS);
      signal.addEventListener('abort', () => clearInterval(relabel), { once: true });
    },

    scan(root, ctx) {
      state.view = root instanceof Element ? root : null;
      state.account = accountAddress(ctx.document);
      const open = visibleConversation(root, state.view);
      if (!open) {
        read = null;
        state.conversation = null;
        state.own = new Set();
        overlay.clear();
        return;
      }
      const lang = ctx.document.documentElement.lang;
      const hash = ctx.document.defaultView?.location.hash;
      const conversation = readConversation(open, hash, lang, ctx);
      if (conversation.error) ctx.fail(conversation.error);
      else ctx.ok();
      const own = state.account ? ownAddresses(conversation, state.account) : new Set<string>();
      state.conversation = conversation;
      state.own = own;
      const people = participants(conversation, own);
      const emails = [...people.keys()].filter((email) => ADDRESS.test(email));
      ctx.participants(
        emails.slice(0, 100).map((email) => ({ email, name: people.get(email)?.name ?? '' })),
      );
      state.cache.want(emails, ctx);
      render(people, own, ctx);
      if (state.account && state.cache.knows(emails)) logConversation(conversation, own, ctx);
    },

    stop() {
      overlay.clear();
    },
  };

  function readConversation(
    open: Element,
    hash: string | undefined,
    lang: string,
    ctx: DetectorContext,
  ): ParsedConversation {
    const generation = ctx.generation();
    const key = `${hash ?? ''}|${lang}`;
    if (read?.open === open && read.generation === generation && read.key === key)
      return read.conversation;
    const conversation = parseConversation(open, hash, lang);
    read = { open, key, generation, conversation };
    return conversation;
  }

  function render(people: Map<string, Person>, own: ReadonlySet<string>, ctx: DetectorContext) {
    // Until a change's fresh answers come, the last ones: what is shown is updated in place.
    const { shownProcess: process, shownSettings: settings } = state.cache;
    overlay.begin();
    if (process) {
      const now = ctx.now();
      const policy = addressPolicy(own, settings);
      for (const [email, person] of people) {
        const prospect = state.cache.shownProspect(email);
        if (prospect)
          overlay.badge(email, person.element, prospect, process, now, (p) => advance(ctx, p));
        else if (settings && isTrackable(email, policy))
          overlay.track(email, person.element, person.name, () => track(ctx, person.name, email));
      }
    }
    overlay.end();
  }

  function logConversation(
    conversation: ParsedConversation,
    own: ReadonlySet<string>,
    ctx: DetectorContext,
  ) {
    // Undo matters only to this tab's own sends (msg-a): no document-wide query otherwise.
    const temporary = conversation.messages.some((message) => message.temporary);
    const rules = {
      now: ctx.now(),
      undoOffered: temporary && queryOptional(ctx.document, selectors.undoLink) !== null,
    };
    let candidates = toTouchpoints(
      conversation,
      own,
      (email) => state.cache.isTracked(email),
      rules,
    ).filter((touchpoint) => !ctx.isLogged(touchpoint.key) && !checking.has(touchpoint.key));
    const recheck = recheckIn(conversation, own, rules);
    if (recheck !== null) ctx.schedule(recheck);
    // A send of this tab is still in its undo period: its conversation copy waits for the commit.
    if (state.sendsPending())
      candidates = candidates.filter((touchpoint) => touchpoint.kind !== 'email_sent');
    const received = candidates.filter((touchpoint) => touchpoint.kind !== 'email_sent');
    if (received.length > 0) void ctx.log(received);
    const sent = candidates.filter((touchpoint) => touchpoint.kind === 'email_sent').slice(0, 500);
    if (sent.length > 0) ctx.run(logSent(sent, conversation.subject, ctx));
  }

  async function logSent(sent: TouchpointInput[], subject: string, ctx: DetectorContext) {
    for (const touchpoint of sent) checking.add(touchpoint.key);
    try {
      const { matched } = await ctx.send('gmailSentMatches', {
        sends: sent.map((touchpoint) => ({
          key: touchpoint.key,
          email: touchpoint.email ?? '',
          at: touchpoint.at,
          subject: subject.slice(0, 300),
        })),
      });
      // Logged when it left this or another tab, or by an older version: done.
      for (const key of matched) ctx.markLogged(key);
      await ctx.log(sent.filter((touchpoint) => !ctx.isLogged(touchpoint.key)));
    } finally {
      for (const touchpoint of sent) checking.delete(touchpoint.key);
    }
  }
}

/** The conversation on screen; one Gmail keeps hidden behind another view does not count. */
export function visibleConversation(root: ParentNode, view: Element | null): Element | null {
  // The main view may itself be the conversation container (role=main sits on it at times).
  const candidates =
    view?.matches(selectors.conversation.alternatives.join(',')) === true
      ? [view]
      : queryAll(root, selectors.conversation);
  return candidates.find((candidate) => !isHidden(candidate)) ?? null;
}
