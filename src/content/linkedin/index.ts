/**
 * LinkedIn entry: wires the detectors and the UI to the page. LinkedIn is a single-page app that
 * navigates with history.pushState (no event reaches a content script for it), but every
 * navigation re-renders the page, so one observer batched to one scan per 150 ms notices both
 * new URLs and new content; the Navigation API, where present, makes URL changes immediate.
 * The scan is synchronous DOM reading only; the background is asked only about people the page
 * shows, once each, and again after a change event. Nothing here may throw into LinkedIn.
 * After an extension update, the new copy of this script takes over from the old one with the
 * touchpoints it had not got acknowledged (../shared/handover.ts).
 */
import { onChange, send } from '../../browser/client.ts';
import type { ProspectContext, TouchpointInput } from '../../shared/messages.ts';
import type { Process } from '../../shared/schemas.ts';
import { SelectorError } from '../shared/dom.ts';
import { claimPage, type HandoverState, isOrphaned, isRefused } from '../shared/handover.ts';
import { reportHealth } from '../shared/health.ts';
import { Owed } from '../shared/owed.ts';
import { createRetry } from '../shared/retry.ts';
import {
  detector as connectDetector,
  connectTouchpoint,
  watchInvitations,
} from './connect-sent.ts';
import {
  type ConversationInfo,
  findConversations,
  detector as messagesDetector,
  messageTouchpoints,
  parseConversation,
} from './messages.ts';
import {
  type ProfileInfo,
  detector as profileDetector,
  profileViewTouchpoint,
  readProfile,
} from './profile-view.ts';
import { conversationHeader, messageEditor, messageSendButton, profileName } from './selectors.ts';
import { badgeNode, linkDescription, linkNode, Slot, trackNode, type UiActions } from './ui.tsx';

const SITE = 'linkedin';
const SCAN_DELAY_MS = 150;
/** A profile URL whose top card never shows up this long is a broken selector, not a slow page. */
const PROFILE_MISSING_MS = 6000;

const lifetime = new AbortController();
let process: Process | null = null;
let passive = true;
let settingsLoaded = false;
/** Tracked or not (null), by canonical profile URL; absent = not asked yet. */
const contexts = new Map<string, ProspectContext | null>();
const asking = new Set<string>();
/** Keys the background acknowledged: a re-scan sends only what is new. */
const logged = new Set<string>();
// An invitation is seen only once, when it is sent: what failed must wait here, not on screen.
const owed = new Owed();

let lastHref = '';
let navigatedAt = 0;
let previousProfile: ProfileInfo | null = null;
let profileSlot: Slot | null = null;
let profileActions: { url: string; actions: UiActions } | null = null;
const conversationSlots = new Map<Element, Slot>();
/** Member-id profile URL → vanity profile URL, learnt from profiles seen in this tab. */
const aliases = new Map<string, string>();
let reportedParticipants = '';
let timer: ReturnType<typeof setTimeout> | undefined;
const retry = createRetry(() => scheduleNow());
const observer = new MutationObserver(() => schedule());

// Null when this page already runs a live copy of this script (injected twice): it keeps it.
const claim = claimPage({ site: SITE, surrender });
if (claim) start(claim.received);

function start(received: HandoverState): void {
  try {
    for (const touchpoint of received.touchpoints) owed.add(touchpoint);
    observer.observe(document.body, { childList: true, subtree: true });
    // Chromium's Navigation API hears the page's pushState; other browsers rely on the observer.
    const navigation = (window as { navigation?: EventTarget }).navigation;
    navigation?.addEventListener('currententrychange', scheduleNow, { signal: lifetime.signal });
    window.addEventListener('popstate', scheduleNow, { signal: lifetime.signal });
    watchInvitations(
      (linkedinUrl) => {
        reportHealth(SITE, connectDetector, null);
        logIfTracked([connectTouchpoint(linkedinUrl, new Date())], connectDetector);
      },
      (error) => reportHealth(SITE, connectDetector, error),
      lifetime.signal,
    );
    watchMessageSends();
    onChange((event) => {
      if (event.what === 'settings') void loadSettings();
      if (event.what === 'prospect' || event.what === 'stage' || event.what === 'process') {
        void refreshContexts();
      }
    }, lifetime.signal);
    void loadSettings();
    scheduleNow();
  } catch (error) {
    reportHealth(SITE, profileDetector, error);
  }
}

/**
 * After an extension update the old script stays in the page, cut off from the background: it
 * stops observing LinkedIn and removes its UI.
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
  clearTimeout(timer);
  timer = undefined;
  profileSlot?.remove();
  profileSlot = null;
  for (const slot of conversationSlots.values()) slot.remove();
  conversationSlots.clear();
}

/** The old script's touchpoints, handed to the new one; this script is stopped from then on. */
function surrender(): HandoverState {
  stop();
  return { sends: [], touchpoints: owed.takeAll() };
}

/**
 * Page mutations come in bursts: they wait SCAN_DELAY_MS so a burst is one scan. Our own
 * triggers (an answer from the background, a send) pass 0 and pull a waiting scan forward.
 */
function schedule(delay: number = SCAN_DELAY_MS): void {
  if (lifetime.signal.aborted) return;
  if (timer !== undefined) {
    if (delay >= SCAN_DELAY_MS) return;
    clearTimeout(timer);
  }
  timer = setTimeout(() => {
    timer = undefined;
    scan();
  }, delay);
}

function scheduleNow(): void {
  schedule(0);
}

/** One pass over the page: synchronous, bounded by what is on screen. */
function scan(): void {
  const started = performance.now();
  try {
    if (location.href !== lastHref) {
      lastHref = location.href;
      navigatedAt = started;
    }
    const participants: Array<{ linkedinUrl: string; name: string }> = [];
    const profile = scanProfile(started - navigatedAt);
    if (profile) participants.push({ linkedinUrl: profile.linkedinUrl, name: profile.name });
    const conversations = scanConversations();
    if (!profile) {
      for (const info of conversations) {
        if (info.person) participants.push({ linkedinUrl: info.person, name: info.name ?? '' });
      }
    }
    // A profile still loading reports nothing rather than the previous person.
    if (profile !== undefined) reportParticipants(participants);
    flushOwed();
  } catch (error) {
    reportHealth(SITE, profileDetector, error);
  } finally {
    if (document.documentElement.hasAttribute('data-etape-bench')) {
      // Bench pages only: the figure `npm run bench` reads (never on real LinkedIn).
      performance.measure('etape:linkedin:scan', { start: started, end: performance.now() });
    }
  }
}

/** The profile on screen: null when not a profile page, undefined while it loads. */
function scanProfile(sinceNavigation: number): ProfileInfo | null | undefined {
  const read = readProfile(document, location.href, previousProfile, sinceNavigation);
  if (read.state !== 'ready') {
    // The previous profile's badge must never stay next to another person.
    profileSlot?.remove();
    profileSlot = null;
    if (read.state === 'not-profile') return null;
    if (sinceNavigation > PROFILE_MISSING_MS)
      reportHealth(SITE, profileDetector, new SelectorError(profileName));
    else schedule();
    return undefined;
  }
  const { profile } = read;
  previousProfile = profile;
  if (profile.memberUrl) aliases.set(profile.memberUrl, profile.linkedinUrl);
  reportHealth(SITE, profileDetector, null);
  const entry = contextOf(profile.linkedinUrl);
  if (entry) {
    const view = profileViewTouchpoint(location.href, new Date());
    if (view) logIfTracked([view], profileDetector);
  }
  if (entry === undefined || !settingsLoaded || !process) return profile;
  if (passive) {
    profileSlot?.remove();
    profileSlot = null;
    return profile;
  }
  if (profileSlot && (!profileSlot.attached || profileSlot.anchor !== profile.nameElement)) {
    profileSlot.remove();
    profileSlot = null;
  }
  profileSlot ??= new Slot(profile.nameElement);
  const actions = actionsFor(profile);
  profileSlot.update(
    [
      entry
        ? { role: 'badge', node: badgeNode(entry, process, actions) }
        : { role: 'track', node: trackNode(profile.name, actions) },
      { role: 'link', node: linkNode(actions, entry?.prospect.id ?? null) },
    ],
    renderKey(entry, profile.linkedinUrl),
  );
  return profile;
}

function scanConversations(): ConversationInfo[] {
  const infos: ConversationInfo[] = [];
  try {
    for (const root of findConversations(document)) {
      const parsed = parseConversation(root);
      const info = parsed.person
        ? { ...parsed, person: aliases.get(parsed.person) ?? parsed.person }
        : parsed;
      infos.push(info);
      if (!info.person) {
        // A group conversation has a header but no one person: normal. No header: broken.
        if (!info.header)
          reportHealth(SITE, messagesDetector, new SelectorError(conversationHeader));
        continue;
      }
      reportHealth(SITE, messagesDetector, null);
      const entry = contextOf(info.person);
      if (entry) logIfTracked(messageTouchpoints(info, Date.now()), messagesDetector);
      updateConversationBadge(info, entry);
    }
  } catch (error) {
    reportHealth(SITE, messagesDetector, error);
  }
  for (const [header, slot] of conversationSlots) {
    if (!slot.attached) {
      slot.remove();
      conversationSlots.delete(header);
    }
  }
  return infos;
}

function updateConversationBadge(
  info: ConversationInfo,
  entry: ProspectContext | null | undefined,
): void {
  const header = info.header;
  if (!header || entry === undefined) return;
  let slot = conversationSlots.get(header);
  if (!entry || passive || !settingsLoaded || !process) {
    slot?.remove();
    conversationSlots.delete(header);
    return;
  }
  if (!slot) {
    slot = new Slot(header);
    conversationSlots.set(header, slot);
  }
  slot.update(
    [{ role: 'badge', node: badgeNode(entry, process, baseActions()) }],
    renderKey(entry, info.person ?? ''),
  );
}

/** What a render depends on; the minute keeps "time in stage" current without a timer. */
function renderKey(entry: ProspectContext | null, linkedinUrl: string): string {
  const minute = Math.floor(Date.now() / 60_000);
  return entry
    ? `${linkedinUrl}|${entry.prospect.id}|${entry.prospect.updatedAt}|${entry.prospect.stageId}|${process?.savedAt}|${minute}`
    : `${linkedinUrl}|untracked`;
}

/** The context of one person; asks the background the first time and answers undefined. */
function contextOf(linkedinUrl: string): ProspectContext | null | undefined {
  if (contexts.has(linkedinUrl)) return contexts.get(linkedinUrl);
  if (!asking.has(linkedinUrl)) {
    asking.add(linkedinUrl);
    send('getContext', { linkedinUrls: [linkedinUrl] }).then(
      (reply) => {
        process = reply.process;
        contexts.set(linkedinUrl, reply.prospects[0] ?? null);
        asking.delete(linkedinUrl);
        scheduleNow();
      },
      (error: unknown) => {
        // The worker may be restarting: the next scan asks again.
        asking.delete(linkedinUrl);
        if (isOrphaned(error)) stop();
      },
    );
  }
  return undefined;
}

/** After a change elsewhere (another tab, the popup): re-ask about everyone shown. */
async function refreshContexts(): Promise<void> {
  // The most recent 50 people are the ones that can still be on screen; older ones are forgotten.
  const urls = [...contexts.keys()].slice(-50);
  if (urls.length === 0) return;
  try {
    const reply = await send('getContext', { linkedinUrls: urls });
    process = reply.process;
    contexts.clear();
    for (const url of urls) contexts.set(url, null);
    for (const entry of reply.prospects) {
      if (entry.prospect.linkedinUrl) contexts.set(entry.prospect.linkedinUrl, entry);
    }
    scheduleNow();
  } catch (error) {
    if (isOrphaned(error)) stop();
    contexts.clear();
    scheduleNow();
  }
}

async function loadSettings(): Promise<void> {
  try {
    const { settings } = await send('getSettings', {});
    passive = settings.passiveLinkedin;
    settingsLoaded = true;
    if (passive) {
      profileSlot?.remove();
      profileSlot = null;
      for (const slot of conversationSlots.values()) slot.remove();
      conversationSlots.clear();
    }
    scheduleNow();
  } catch (error) {
    // Stay passive (inject nothing) until the settings can be read.
    if (isOrphaned(error)) stop();
  }
}

function logIfTracked(touchpoints: TouchpointInput[], detectorName: string): void {
  const fresh = touchpoints.filter((touchpoint) => !logged.has(touchpoint.key));
  if (fresh.length === 0) return;
  for (const touchpoint of fresh) {
    logged.add(touchpoint.key);
    owed.add(touchpoint);
  }
  send('logTouchpoints', { touchpoints: fresh }).then(
    (reply) => {
      for (const touchpoint of fresh) owed.delete(touchpoint.key);
      retry.succeeded();
      // Untracked ones may count later (the person gets tracked): forget them.
      for (const result of reply.results)
        if (result.status === 'untracked') logged.delete(result.key);
    },
    (error: unknown) => {
      for (const touchpoint of fresh) logged.delete(touchpoint.key);
      // Cut off by an update: what is owed goes to the script that replaces this one.
      if (isOrphaned(error)) {
        stop();
        return;
      }
      if (isRefused(error)) for (const touchpoint of fresh) owed.delete(touchpoint.key);
      reportHealth(SITE, detectorName, error);
      // The worker may have been stopped mid-write: scan (and so resend) again soon.
      retry.failed();
    },
  );
}

/** What is owed and not on its way (its send failed, or it was handed over) goes again. */
function flushOwed(): void {
  if (owed.size === 0) return;
  const due = owed.values().filter((touchpoint) => !logged.has(touchpoint.key));
  if (due.length > 0) logIfTracked(due.slice(0, 500), detectorOf(due[0]?.kind));
}

/** Which detector's health a failed resend is reported under. */
function detectorOf(kind: TouchpointInput['kind'] | undefined): string {
  if (kind === 'linkedin_connect_sent') return connectDetector;
  if (kind === 'linkedin_profile_view') return profileDetector;
  return messagesDetector;
}

function reportParticipants(participants: Array<{ linkedinUrl: string; name: string }>): void {
  const key = JSON.stringify(participants);
  if (key === reportedParticipants) return;
  reportedParticipants = key;
  send('reportPageContext', {
    site: SITE,
    participants: participants.map(({ linkedinUrl, name }) =>
      name ? { linkedinUrl, name: name.slice(0, 200) } : { linkedinUrl },
    ),
  }).catch(() => {
    reportedParticipants = '';
  });
}

function baseActions(): UiActions {
  return {
    async advance(prospect) {
      await send('advanceStage', { prospectId: prospect.id, fromStageId: prospect.stageId });
    },
    async track() {},
    async search() {
      return [];
    },
    async describeLink() {
      return '';
    },
    async link() {},
  };
}

/** Stable per profile, so the UI's effects do not re-run on every scan. */
function actionsFor(profile: ProfileInfo): UiActions {
  if (profileActions?.url === profile.linkedinUrl) return profileActions.actions;
  const { linkedinUrl } = profile;
  const current = () => contexts.get(linkedinUrl) ?? null;
  const actions: UiActions = {
    ...baseActions(),
    async track() {
      const shown = previousProfile?.linkedinUrl === linkedinUrl ? previousProfile : profile;
      const reply = await send('trackContact', {
        name: shown.name,
        emails: [],
        linkedinUrl,
        ...(shown.headline ? { title: shown.headline.slice(0, 300) } : {}),
        ...(shown.company ? { company: shown.company } : {}),
      });
      contexts.set(linkedinUrl, { prospect: reply.prospect, lastTouchAt: null });
      const view = profileViewTouchpoint(`${linkedinUrl}`, new Date());
      if (view) logIfTracked([view], profileDetector);
      scheduleNow();
    },
    async search(query) {
      const reply = await send('listProspects', { limit: 8, ...(query ? { query } : {}) });
      return reply.prospects;
    },
    async describeLink(target) {
      const own = current();
      if (!own) return linkDescription(null);
      const preview = await send('previewMerge', { keepId: target.id, mergeId: own.prospect.id });
      return linkDescription(preview);
    },
    async link(target) {
      const reply = await send('linkLinkedinProfile', { prospectId: target.id, linkedinUrl });
      contexts.set(linkedinUrl, { prospect: reply.prospect, lastTouchAt: null });
      const view = profileViewTouchpoint(linkedinUrl, new Date());
      if (view) logIfTracked([view], profileDetector);
      scheduleNow();
    },
  };
  profileActions = { url: linkedinUrl, actions };
  return actions;
}

/**
 * A send (the Send button, or Enter when "Press Enter to Send" is on) is followed by LinkedIn
 * rendering the stored message with its urn: scan soon after instead of waiting for the batch.
 */
function watchMessageSends(): void {
  const soon = () => setTimeout(schedule, 300);
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Enter' || event.shiftKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target && messageEditor.alternatives.some((selector) => target.closest(selector))) soon();
    },
    { capture: true, signal: lifetime.signal },
  );
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target && messageSendButton.alternatives.some((selector) => target.closest(selector)))
        soon();
    },
    { capture: true, signal: lifetime.signal },
  );
}
