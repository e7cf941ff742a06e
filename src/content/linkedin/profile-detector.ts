/**
 * Detector `profile-view`: the profile page (/in/<slug>/). Identity comes from the URL, never
 * from page data that may still describe the previous profile (./profile-view.ts). Once the
 * top card is this URL's: the person is reported to the popup, looked up by both their
 * vanity URL and the member id the page ties to that slug (./identity.ts), a visit of a
 * tracked prospect is logged (once a day), and what the prospect lacks and the page shows —
 * the other id, headline, company — is filled in (a prospect tracked from a conversation gets
 * its vanity URL here). Next to the name: the badge or Track, and "Link…".
 * LinkedIn navigates with history.pushState (no event reaches a content script for it); the
 * Navigation API, where present, makes URL changes immediate, the observer does the rest.
 */
import { memberIdUrl } from '../../shared/linkedin-url.ts';
import type { ProspectContext } from '../../shared/messages.ts';
import { EtapeError } from '../../shared/protocol.ts';
import type { Prospect } from '../../shared/schemas.ts';
import { SelectorError } from '../shared/dom.ts';
import type { Detector, DetectorContext } from '../shared/session.ts';
import { readMemberId } from './identity.ts';
import { type ProfileInfo, profileViewTouchpoint, readProfile } from './profile-view.ts';
import {
  connectButton,
  messageButton,
  profileAboutLink,
  profileCompany,
  profileHeadline,
  profileJson,
  profileName,
  profileUrnLinks,
} from './selectors.ts';
import type { LinkedinState } from './state.ts';
import {
  badgeNode,
  linkDescription,
  linkNode,
  renderKey,
  Slot,
  trackNode,
  type UiActions,
} from './ui.ts';

/** A profile URL whose top card never shows up this long is a broken selector, not a slow page. */
const PROFILE_MISSING_MS = 6000;
/** The ids in "Show all …" links and the JSON may render after the top card: read again a while. */
const MEMBER_ID_RETRY_MS = 1000;
const MEMBER_ID_TRIES = 15;

export function profileDetector(state: LinkedinState): Detector {
  let lastHref = '';
  let navigatedAt = 0;
  let previous: ProfileInfo | null = null;
  let slot: Slot | null = null;
  let shownActions: { url: string; actions: UiActions } | null = null;
  /** The member id read for each vanity URL seen, and when it was last looked for. */
  const memberIds = new Map<string, { id: string | null; at: number; tries: number }>();
  /** Prospects whose gaps this tab already filled (or tried to): once each. */
  const filled = new Set<string>();

  const removeSlot = () => {
    slot?.remove();
    slot = null;
  };

  return {
    name: 'profile-view',
    selectors: [
      profileName,
      profileAboutLink,
      profileHeadline,
      profileCompany,
      connectButton,
      messageButton,
      profileUrnLinks,
      profileJson,
    ],
    kinds: ['linkedin_profile_view'],

    init(signal, ctx) {
      const view = ctx.document.defaultView;
      // Chromium's Navigation API hears the page's pushState; other browsers rely on the observer.
      const navigation = (view as { navigation?: EventTarget } | null)?.navigation;
      navigation?.addEventListener('currententrychange', () => ctx.schedule(0), { signal });
      view?.addEventListener('popstate', () => ctx.schedule(0), { signal });
    },

    scan(_root, ctx) {
      const now = ctx.now();
      const href = ctx.document.location.href;
      if (href !== lastHref) {
        lastHref = href;
        navigatedAt = now;
      }
      const sinceNavigation = now - navigatedAt;
      const read = readProfile(ctx.document, href, previous, sinceNavigation);
      if (read.state !== 'ready') {
        // The previous profile's badge must never stay next to another person.
        removeSlot();
        if (read.state === 'not-profile') return;
        // A profile still loading reports nothing rather than the previous person.
        ctx.holdParticipants();
        if (sinceNavigation > PROFILE_MISSING_MS) ctx.fail(new SelectorError(profileName));
        else ctx.schedule();
        return;
      }
      const { profile } = read;
      previous = profile;
      ctx.ok();
      ctx.participants([{ linkedinUrl: profile.linkedinUrl, name: profile.name }], { only: true });

      const memberId = memberIdOf(profile, ctx, now);
      const memberUrl = memberId ? memberIdUrl(memberId) : profile.memberUrl;
      if (memberUrl) state.aliases.set(memberUrl, profile.linkedinUrl);
      const entry = contextOf(profile.linkedinUrl, memberUrl, ctx);
      if (entry) {
        logVisit(entry.prospect, profile.linkedinUrl, memberUrl, ctx);
        fillGaps(entry.prospect, profile, memberId, ctx);
      }
      render(profile, entry, memberId, ctx);
    },

    stop: removeSlot,
  };

  /** The prospect under either id; undefined while the background has not answered. */
  function contextOf(
    vanityUrl: string,
    memberUrl: string | undefined,
    ctx: DetectorContext,
  ): ProspectContext | null | undefined {
    const byVanity = state.contextOf(vanityUrl, ctx);
    if (byVanity !== null || !memberUrl) return byVanity;
    return state.contextOf(memberUrl, ctx);
  }

  function memberIdOf(profile: ProfileInfo, ctx: DetectorContext, now: number): string | null {
    const known = memberIds.get(profile.linkedinUrl);
    if (known?.id) return known.id;
    if (known && (known.tries >= MEMBER_ID_TRIES || now - known.at < MEMBER_ID_RETRY_MS))
      return null;
    const id = readMemberId(ctx.document, profile.linkedinUrl);
    memberIds.set(profile.linkedinUrl, { id, at: now, tries: (known?.tries ?? 0) + 1 });
    // Not rendered yet: look again a little later even if the page stays still.
    if (!id && (known?.tries ?? 0) + 1 < MEMBER_ID_TRIES) ctx.schedule(MEMBER_ID_RETRY_MS);
    return id;
  }

  function logVisit(
    prospect: Prospect,
    vanityUrl: string,
    memberUrl: string | undefined,
    ctx: DetectorContext,
  ): void {
    const view = profileViewTouchpoint(vanityUrl, new Date(ctx.now()));
    if (!view) return;
    // Found by its member id only (tracked from a conversation): name it so until its vanity
    // URL is recorded. The key stays the vanity URL's: one visit a day either way.
    const known = prospect.linkedinUrl === vanityUrl || !memberUrl;
    void ctx.log([known ? view : { ...view, linkedinUrl: memberUrl }]);
  }

  /**
   * Fill-gaps rule, once per prospect per tab: the member id or vanity URL the prospect lacks
   * (recordLinkedinIdentity, which refuses to join two prospects silently), then its headline
   * and company (trackContact never overwrites a set value).
   */
  function fillGaps(
    prospect: Prospect,
    profile: ProfileInfo,
    memberId: string | null,
    ctx: DetectorContext,
  ): void {
    const needsIds = memberId && (!prospect.linkedinMemberId || !prospect.linkedinUrl);
    const needsDetails =
      (!prospect.title && profile.headline) || (!prospect.company && profile.company);
    const task = `${prospect.id}|${needsIds ? memberId : ''}|${needsDetails ? 'details' : ''}`;
    if ((!needsIds && !needsDetails) || filled.has(task)) return;
    filled.add(task);
    ctx.run(
      (async () => {
        let current = prospect;
        if (needsIds && memberId) {
          try {
            const reply = await ctx.send('recordLinkedinIdentity', {
              linkedinUrl: profile.linkedinUrl,
              linkedinMemberId: memberId,
            });
            if (reply.prospect) current = reply.prospect;
          } catch (error) {
            // Two prospects, one per id: a merge the user decides (Link…), never a side effect.
            if (!(error instanceof EtapeError && error.code === 'conflict')) throw error;
            return;
          }
        }
        if (needsDetails) {
          const reply = await ctx.send('trackContact', {
            name: current.name,
            emails: [],
            ...(current.linkedinUrl ? { linkedinUrl: current.linkedinUrl } : {}),
            ...(current.linkedinMemberId ? { linkedinMemberId: current.linkedinMemberId } : {}),
            ...(!current.title && profile.headline
              ? { title: profile.headline.slice(0, 300) }
              : {}),
            ...(!current.company && profile.company ? { company: profile.company } : {}),
          });
          current = reply.prospect;
        }
        state.remember(current, profile.linkedinUrl);
        ctx.schedule(0);
      })(),
    );
  }

  function render(
    profile: ProfileInfo,
    entry: ProspectContext | null | undefined,
    memberId: string | null,
    ctx: DetectorContext,
  ): void {
    if (!state.showsUi) {
      removeSlot();
      return;
    }
    const { process } = state;
    if (entry === undefined || !process) return;
    if (slot && (!slot.attached || slot.anchor !== profile.nameElement)) removeSlot();
    slot ??= new Slot(profile.nameElement);
    const actions = actionsFor(profile, memberId, ctx);
    slot.update(
      [
        entry
          ? { role: 'badge', node: badgeNode(entry, process, actions) }
          : { role: 'track', node: trackNode(profile.name, actions) },
        { role: 'link', node: linkNode(actions, entry?.prospect.id ?? null) },
      ],
      renderKey(entry, profile.linkedinUrl, process),
    );
  }

  /** Stable per profile, so the UI's effects do not re-run on every scan. */
  function actionsFor(
    profile: ProfileInfo,
    memberId: string | null,
    ctx: DetectorContext,
  ): UiActions {
    const key = `${profile.linkedinUrl}|${memberId ?? ''}`;
    if (shownActions?.url === key) return shownActions.actions;
    const { linkedinUrl } = profile;
    const urls = [linkedinUrl, ...(memberId ? [memberIdUrl(memberId)] : [])];
    const current = () => contextOf(linkedinUrl, urls[1], ctx) ?? null;
    const visited = (prospect: Prospect) => {
      state.remember(prospect, ...urls);
      logVisit(prospect, linkedinUrl, urls[1], ctx);
      ctx.schedule(0);
    };
    const actions: UiActions = {
      async advance(prospect) {
        await ctx.send('advanceStage', { prospectId: prospect.id, fromStageId: prospect.stageId });
      },
      async track() {
        const shown = previous?.linkedinUrl === linkedinUrl ? previous : profile;
        const reply = await ctx.send('trackContact', {
          name: shown.name,
          emails: [],
          linkedinUrl,
          ...(memberId ? { linkedinMemberId: memberId } : {}),
          ...(shown.headline ? { title: shown.headline.slice(0, 300) } : {}),
          ...(shown.company ? { company: shown.company } : {}),
        });
        visited(reply.prospect);
      },
      async search(query) {
        const reply = await ctx.send('listProspects', { limit: 8, ...(query ? { query } : {}) });
        return reply.prospects;
      },
      async describeLink(target) {
        const own = current();
        if (!own) return linkDescription(null);
        const preview = await ctx.send('previewMerge', {
          keepId: target.id,
          mergeId: own.prospect.id,
        });
        return linkDescription(preview);
      },
      async link(target) {
        const reply = await ctx.send('linkLinkedinProfile', { prospectId: target.id, linkedinUrl });
        visited(reply.prospect);
      },
    };
    shownActions = { url: key, actions };
    return actions;
  }
}
