/**
 * Detector `messages`: open conversations, on /messaging/ and in the overlay bubbles
 * (./messages.ts reads them). Each message of a conversation with a tracked prospect is logged
 * once (its urn is its key). The person is who the header links — by member id since 2025 —
 * resolved by the background by either id, or through a profile seen in this tab. In the
 * header: the badge, or Track, which creates the prospect from the header (name, member-id
 * link) and then logs the visible messages; their profile fills in the rest when visited.
 * A send (the Send button, or Enter when "Press Enter to Send" is on) is followed by LinkedIn
 * rendering the stored message with its urn: a scan comes soon after instead of the batch.
 */
import type { ProspectContext } from '../../shared/messages.ts';
import { SelectorError } from '../shared/dom.ts';
import type { Detector, DetectorContext } from '../shared/session.ts';
import {
  type ConversationInfo,
  findConversations,
  messageTouchpoints,
  parseConversation,
} from './messages.ts';
import {
  conversation,
  conversationHeader,
  conversationName,
  conversationPerson,
  messageEditor,
  messageOrSender,
  messageSendButton,
} from './selectors.ts';
import type { LinkedinState } from './state.ts';
import { badgeNode, renderKey, Slot, trackNode, type UiActions } from './ui.ts';

const AFTER_SEND_MS = 300;

export function messagesDetector(state: LinkedinState): Detector {
  const slots = new Map<Element, Slot>();
  const removeAll = () => {
    for (const slot of slots.values()) slot.remove();
    slots.clear();
  };

  return {
    name: 'messages',
    selectors: [
      conversation,
      conversationPerson,
      conversationName,
      conversationHeader,
      messageOrSender,
      messageEditor,
      messageSendButton,
    ],
    kinds: ['linkedin_message_sent', 'linkedin_message_received'],

    init(signal, ctx) {
      const soon = () => ctx.schedule(AFTER_SEND_MS);
      const options = { capture: true, signal };
      ctx.document.addEventListener(
        'keydown',
        (event) => {
          if (event.key !== 'Enter' || event.shiftKey) return;
          const target = event.target instanceof Element ? event.target : null;
          if (target && messageEditor.alternatives.some((selector) => target.closest(selector)))
            soon();
        },
        options,
      );
      ctx.document.addEventListener(
        'click',
        (event) => {
          const target = event.target instanceof Element ? event.target : null;
          if (target && messageSendButton.alternatives.some((selector) => target.closest(selector)))
            soon();
        },
        options,
      );
    },

    scan(_root, ctx) {
      for (const root of findConversations(ctx.roots())) {
        const parsed = parseConversation(root);
        if (!parsed.person) {
          // A group conversation has a header but no one person: normal. No header: broken.
          if (!parsed.header) ctx.fail(new SelectorError(conversationHeader));
          continue;
        }
        const info = { ...parsed, person: state.aliases.get(parsed.person) ?? parsed.person };
        ctx.ok();
        ctx.participants([{ linkedinUrl: info.person, name: info.name ?? '' }]);
        const entry = state.contextOf(info.person, ctx);
        if (entry) void ctx.log(messageTouchpoints(info, ctx.now()));
        updateHeader(info, info.person, entry, ctx);
      }
      for (const [header, slot] of slots) {
        if (!slot.attached) {
          slot.remove();
          slots.delete(header);
        }
      }
    },

    stop: removeAll,
  };

  function updateHeader(
    info: ConversationInfo,
    person: string,
    entry: ProspectContext | null | undefined,
    ctx: DetectorContext,
  ): void {
    const { header, name } = info;
    const { process } = state;
    if (!header || entry === undefined) return;
    let slot = slots.get(header);
    // Track needs a name to create the prospect under; a header without one offers nothing.
    if (!state.showsUi || !process || (!entry && !name)) {
      slot?.remove();
      slots.delete(header);
      return;
    }
    if (!slot) {
      slot = new Slot(header);
      slots.set(header, slot);
    }
    const actions = conversationActions(person, name ?? '', ctx);
    slot.update(
      [
        entry
          ? { role: 'badge', node: badgeNode(entry, process, actions) }
          : { role: 'track', node: trackNode(name ?? '', actions) },
      ],
      renderKey(entry, person, process),
    );
  }

  function conversationActions(person: string, name: string, ctx: DetectorContext): UiActions {
    return {
      async advance(prospect) {
        await ctx.send('advanceStage', { prospectId: prospect.id, fromStageId: prospect.stageId });
      },
      async track() {
        // A member-id URL: the background stores it as the prospect's member id.
        const reply = await ctx.send('trackContact', { name, emails: [], linkedinUrl: person });
        state.remember(reply.prospect, person);
        // The re-scan shows the badge and logs the conversation's visible messages.
        ctx.schedule(0);
      },
      async search() {
        return [];
      },
      async describeLink() {
        return '';
      },
      async link() {},
    };
  }
}
