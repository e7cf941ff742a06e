/**
 * An extension update (or reload) under an open Gmail or LinkedIn page. The old content script
 * stays in the page, cut off from the background ("Extension context invalidated"); the
 * background injects the new one (src/background/reinject.ts). Two rules, kept here:
 *
 * 1. One live instance per page. Chrome gives each extension instance its own isolated world
 *    and keeps it across injections of that instance: a guard on the world's global (which the
 *    page cannot see or set) stops a second injection of the same build from running twice.
 *    A new build runs in a new world, where the guard is absent.
 * 2. Handover. The new instance announces itself with a DOM event on `document`; an old
 *    instance whose extension context is gone answers by stopping (removing its UI) and handing
 *    over what the background never acknowledged: sends still in Gmail's undo period,
 *    touchpoints not yet stored. A live instance ignores every announcement, before any other
 *    check, so the page forging one can neither stop Etape nor make it surrender.
 *
 * Why this channel is safe although the page sees and can dispatch these events. DOM events
 * are the only thing an orphaned instance can still reach (its extension APIs are gone), and
 * they are shared with the page's own scripts, so nothing received is trusted for what it says:
 * - Both messages carry an HMAC-SHA256 (./handover-crypto.ts) under a per-install secret the
 *   background keeps in `storage.local`: extension contexts read it, web pages cannot. Each
 *   instance reads it while it is alive and keeps derived, non-extractable keys in its isolated
 *   world, which the page cannot reach; the orphan still holds them when it must answer.
 * - The handover's MAC covers the site, both instance ids and the sealed state: it is verified
 *   before anything is taken, and a handover addressed to another instance, altered, or signed
 *   with another key is refused (and the refusal reported to detection health). Each old
 *   instance's handover is taken once: a replay of it changes nothing.
 * - An orphan answers only an authenticated announcement made after it started and at most a
 *   minute ago, so the page cannot drain it by announcing a fake or a replayed instance.
 * - The state is sealed (AES-GCM, bound to both ids): the page cannot read who the rep tracks.
 * - The state is then parsed strictly here (shape, lengths, counts) and validated again by the
 *   background's schemas, as any input.
 * What a hostile page can still do is deny: drop these events before they reach us, so an
 * update loses what the old instance owed. It cannot write anything through them.
 * Protocol 1 (unsigned) is never accepted, since anyone could have sent it: the one update that
 * brings this version cannot take over what an old copy still owed at that moment (sends in
 * their Undo period, unacknowledged touchpoints); every later update can.
 * Event details are JSON strings: objects do not cross isolated worlds. What is handed over is
 * what the page itself shows (addresses, names, subjects, ids), never a message body.
 */

import { canonicalLinkedinUrl } from '../../shared/linkedin-url.ts';
import type { TouchpointInput } from '../../shared/messages.ts';
import { EtapeError } from '../../shared/protocol.ts';
import {
  type HandoverKeys,
  openText,
  sealText,
  signFields,
  verifyFields,
} from './handover-crypto.ts';

export type Site = 'gmail' | 'linkedin';

/** A Gmail send that had not been logged yet: what was sent to whom, never the form or body. */
export interface HandedSend {
  draftId: string;
  subject: string;
  threadId: string;
  recipients: Array<{ email: string; name: string }>;
  at: number;
  /** When its compose form left the page; null while the form was still there. */
  leftAt: number | null;
  /** Gmail's Undo was seen offered for it. */
  sawUndo: boolean;
  /** Its undo period was over: it only had to be logged. */
  committing: boolean;
}

export interface HandoverState {
  sends: HandedSend[];
  touchpoints: TouchpointInput[];
}

export interface HandoverOptions {
  site: Site;
  /**
   * Called once, in the old instance, when a newer one takes over: stop everything (UI
   * included) and return what the background has not acknowledged.
   */
  surrender(): HandoverState;
  /** Called in the new instance with each verified handover (there may be none). */
  receive(state: HandoverState): void;
  /** A handover addressed to this instance failed verification: only the page can have sent it. */
  refused(reason: string): void;
}

export interface HandoverEnv {
  document: Document;
  /** The isolated world's global object. */
  scope: object;
  /** Is this instance's extension context still connected? */
  alive(): boolean;
  newId(): string;
  now(): number;
  /**
   * This install's handover keys; null when there is no secret (then nothing is announced,
   * answered or taken). Asked for when a handover needs them: whatever must be read from the
   * extension for them is read before the instance can be orphaned (./handover-keys.ts).
   */
  keys(): Promise<HandoverKeys | null>;
  /**
   * Could an orphaned copy be in this page (this copy was re-injected after an update, or came
   * into a page long open)? Only then does it announce itself: an announcement at every page
   * load would tell the page that Etape runs.
   */
  replacing: boolean;
}

export const PROTOCOL = 2;
/** How long after its announcement an instance takes handovers (an orphan answers in ms). */
export const TAKE_WINDOW_MS = 30_000;
/** An announcement older than this is a replay: no orphan answers it. */
export const HELLO_MAX_AGE_MS = 60_000;

export const LIMITS = {
  detail: 1024 * 1024,
  sends: 20,
  recipients: 100,
  touchpoints: 500,
  key: 300,
  summary: 300,
  subject: 300,
  name: 200,
  id: 100,
  email: 254,
  linkedinUrl: 400,
} as const;

export function helloEvent(site: Site): string {
  return `etape:${site}:hello`;
}

export function handoverEvent(site: Site): string {
  return `etape:${site}:handover`;
}

/**
 * Claims the page for this instance. Returns null when a live instance of this build already
 * runs in the page (the caller must not start). Otherwise the instance runs: it announces
 * itself (once its keys are ready) and passes each verified handover to `receive`; from now on
 * it answers the next instance's announcement once it is orphaned.
 */
export function claimPage(options: HandoverOptions, env: HandoverEnv): { id: string } | null {
  const { site } = options;
  const guardKey = `etape:${site}:instance`;
  const scope = env.scope as Record<string, { alive(): boolean } | undefined>;
  const existing = scope[guardKey];
  if (existing && safely(() => existing.alive(), false)) return null;
  scope[guardKey] = { alive: env.alive };

  const id = env.newId();
  const startedAt = env.now();
  // Derived on first need: most pages never see a handover.
  let derived: Promise<HandoverKeys | null> | null = null;
  const keys = () => {
    derived ??= env.keys().catch(() => null);
    return derived;
  };
  let surrendered = false;

  const answer = async (hello: Hello) => {
    const key = await keys();
    if (!key || !(await verifyHello(key, site, hello))) return;
    const age = env.now() - hello.at;
    // Announced before this instance existed, or long ago: a replay, not our successor.
    if (hello.at < startedAt || age > HELLO_MAX_AGE_MS || age < -HELLO_MAX_AGE_MS) return;
    if (surrendered) return;
    surrendered = true;
    env.document.removeEventListener(helloEvent(site), onHello);
    const state = safely(options.surrender, { sends: [], touchpoints: [] });
    const detail = await sealHandover(key, site, id, hello.id, state);
    safely(() => {
      env.document.dispatchEvent(new CustomEvent(handoverEvent(site), { detail }));
    }, undefined);
  };
  const onHello = (event: Event) => {
    // A live instance never acts on an announcement: only the page can send one while we live.
    if (surrendered || safely(env.alive, true)) return;
    const hello = parseHello(detailOf(event));
    if (!hello || hello.id === id) return;
    answer(hello).catch(() => undefined);
  };
  env.document.addEventListener(helloEvent(site), onHello);

  if (env.replacing) announce(options, env, id, keys()).catch(() => undefined);
  return { id };
}

/** The error an orphaned content script gets from every extension API. */
export function isOrphaned(error: unknown): boolean {
  return error instanceof Error && error.message.includes('Extension context invalidated');
}

/**
 * The background refused the message as invalid (its schemas are stricter than the checks
 * here): sending it again can never succeed, so what is owed in it is dropped.
 */
export function isRefused(error: unknown): boolean {
  return error instanceof EtapeError && error.code === 'invalid';
}

export interface Hello {
  id: string;
  at: number;
  mac: string;
}

/** An announcement as the new instance dispatches it (JSON detail). */
export async function signedHello(
  keys: HandoverKeys,
  site: Site,
  id: string,
  at: number,
): Promise<string> {
  const mac = await signFields(keys, helloFields(site, id, at));
  return JSON.stringify({ v: PROTOCOL, id, at, mac });
}

/** Strict parse of an announcement's detail (its MAC is checked by `verifyHello`). */
export function parseHello(detail: unknown): Hello | null {
  const object = strictObject(parseJson(detail, 1000), ['v', 'id', 'at', 'mac']);
  if (object?.v !== PROTOCOL || !isId(object.id) || !isEpoch(object.at)) return null;
  if (!isText(object.mac, 100, 1)) return null;
  return { id: object.id, at: object.at, mac: object.mac };
}

export function verifyHello(keys: HandoverKeys, site: Site, hello: Hello): Promise<boolean> {
  return verifyFields(keys, helloFields(site, hello.id, hello.at), hello.mac);
}

/** A handover as the old instance dispatches it: the state sealed, everything MAC'd. */
export async function sealHandover(
  keys: HandoverKeys,
  site: Site,
  from: string,
  to: string,
  state: HandoverState,
): Promise<string> {
  const sealed = await sealText(keys, JSON.stringify(state), sealContext(site, from, to));
  const mac = await signFields(keys, handoverFields(site, from, to, sealed.iv, sealed.box));
  return JSON.stringify({ v: PROTOCOL, from, to, iv: sealed.iv, box: sealed.box, mac });
}

export type OpenedHandover =
  | { ok: true; from: string; state: HandoverState }
  /** Not for this instance (or not a handover at all): ignored, nothing to report. */
  | { ok: false; reason: 'not-ours' }
  | { ok: false; reason: 'malformed' | 'signature' | 'content' };

/**
 * Verifies a handover for instance `to`: its MAC first, then its sealed state, then the
 * state's strict shape. Anything off refuses it whole.
 */
export async function openHandover(
  keys: HandoverKeys,
  site: Site,
  to: string,
  detail: unknown,
): Promise<OpenedHandover> {
  const object = strictObject(parseJson(detail, LIMITS.detail), [
    'v',
    'from',
    'to',
    'iv',
    'box',
    'mac',
  ]);
  if (!object) return { ok: false, reason: 'malformed' };
  if (isId(object.to) && object.to !== to) return { ok: false, reason: 'not-ours' };
  const { v, from, iv, box, mac } = object;
  if (v !== PROTOCOL || !isId(from) || object.to !== to) return { ok: false, reason: 'malformed' };
  if (!isText(iv, 100, 1) || !isText(box, LIMITS.detail, 1) || !isText(mac, 100, 1))
    return { ok: false, reason: 'malformed' };
  if (!(await verifyFields(keys, handoverFields(site, from, to, iv, box), mac)))
    return { ok: false, reason: 'signature' };
  const text = await openText(keys, { iv, box }, sealContext(site, from, to));
  const state = text === null ? null : parseState(parseJson(text, LIMITS.detail), site);
  if (!state) return { ok: false, reason: 'content' };
  return { ok: true, from, state };
}

/** Strict parse of a handed-over state; anything off (shape, length, count) refuses it whole. */
export function parseState(value: unknown, site: Site): HandoverState | null {
  const state = strictObject(value, ['sends', 'touchpoints']);
  if (!state || !Array.isArray(state.sends) || !Array.isArray(state.touchpoints)) return null;
  // LinkedIn has no sends to hand over.
  const maxSends = site === 'gmail' ? LIMITS.sends : 0;
  if (state.sends.length > maxSends || state.touchpoints.length > LIMITS.touchpoints) return null;
  const sends = state.sends.map(parseSend);
  const touchpoints = state.touchpoints.map((touchpoint) => parseTouchpoint(touchpoint, site));
  if (sends.some((send) => send === null) || touchpoints.some((t) => t === null)) return null;
  return { sends: sends as HandedSend[], touchpoints: touchpoints as TouchpointInput[] };
}

/** Announces this instance and takes, once each, the handovers older instances answer with. */
async function announce(
  options: HandoverOptions,
  env: HandoverEnv,
  id: string,
  keys: Promise<HandoverKeys | null>,
): Promise<void> {
  const key = await keys;
  // No secret (it could not be read): nothing could be verified, so nothing is taken.
  if (!key) return;
  const { site } = options;
  const taken = new Set<string>();
  const checking = new Set<string>();
  const take = async (detail: unknown) => {
    // The same detail twice at once (a replay racing the original) is checked once.
    const raw = typeof detail === 'string' ? detail : '';
    if (checking.has(raw)) return;
    checking.add(raw);
    try {
      const opened = await openHandover(key, site, id, detail);
      if (!opened.ok) {
        if (opened.reason !== 'not-ours') safely(() => options.refused(opened.reason), undefined);
        return;
      }
      // One handover per old instance: a replay of it is not news.
      if (taken.has(opened.from)) return;
      taken.add(opened.from);
      safely(() => options.receive(opened.state), undefined);
    } finally {
      checking.delete(raw);
    }
  };
  const onHandover = (event: Event) => {
    take(detailOf(event)).catch(() => undefined);
  };
  env.document.addEventListener(handoverEvent(site), onHandover);
  setTimeout(
    () => env.document.removeEventListener(handoverEvent(site), onHandover),
    TAKE_WINDOW_MS,
  );
  const detail = await signedHello(key, site, id, env.now());
  env.document.dispatchEvent(new CustomEvent(helloEvent(site), { detail }));
}

function helloFields(site: Site, id: string, at: number): Array<string | number> {
  return ['etape-hello', PROTOCOL, site, id, at];
}

function handoverFields(
  site: Site,
  from: string,
  to: string,
  iv: string,
  box: string,
): Array<string | number> {
  return ['etape-handover', PROTOCOL, site, from, to, iv, box];
}

function sealContext(site: Site, from: string, to: string): string {
  return `etape-handover|${PROTOCOL}|${site}|${from}|${to}`;
}

// -- helpers --

/** Nothing here may throw into the page, whatever the page dispatches. */
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

function detailOf(event: Event): unknown {
  return (event as CustomEvent<unknown>).detail;
}

function parseJson(detail: unknown, max: number): unknown {
  if (typeof detail !== 'string' || detail.length > max) return undefined;
  return safely(() => JSON.parse(detail) as unknown, undefined);
}

/** A plain object with all of `required` and nothing beyond `required` and `optional`. */
function strictObject(
  value: unknown,
  required: string[],
  optional: string[] = [],
): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (!required.every((key) => keys.includes(key))) return null;
  if (!keys.every((key) => required.includes(key) || optional.includes(key))) return null;
  return object;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const ID = /^[0-9a-f-]{8,64}$/i;
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DRAFT_OR_THREAD = /^[\w:#.-]*$/;

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

function isText(value: unknown, max: number, min = 0): value is string {
  return (
    typeof value === 'string' && value.length >= min && value.length <= max && !CONTROL.test(value)
  );
}

function isEpoch(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 8.64e15;
}

function isEmail(value: unknown): value is string {
  return isText(value, LIMITS.email) && ADDRESS.test(value);
}

const SITE_KINDS: Record<Site, readonly TouchpointInput['kind'][]> = {
  gmail: ['email_sent', 'email_received'],
  linkedin: [
    'linkedin_message_sent',
    'linkedin_message_received',
    'linkedin_connect_sent',
    'linkedin_profile_view',
  ],
};

function parseTouchpoint(value: unknown, site: Site): TouchpointInput | null {
  const person = site === 'gmail' ? 'email' : 'linkedinUrl';
  const object = strictObject(value, ['channel', 'kind', 'at', 'key', person], ['summary']);
  if (!object || object.channel !== site) return null;
  const kind = SITE_KINDS[site].find((candidate) => candidate === object.kind);
  if (!kind || !isEpoch(object.at)) return null;
  if (!isText(object.key, LIMITS.key, 1) || !object.key.startsWith(`${site}:`)) return null;
  if (object.summary !== undefined && !isText(object.summary, LIMITS.summary)) return null;
  const summary = object.summary === undefined ? {} : { summary: object.summary };
  if (site === 'gmail') {
    if (!isEmail(object.email)) return null;
    return { channel: site, kind, at: object.at, key: object.key, email: object.email, ...summary };
  }
  const url = object.linkedinUrl;
  if (!isText(url, LIMITS.linkedinUrl) || !canonicalLinkedinUrl(url)) return null;
  return { channel: site, kind, at: object.at, key: object.key, linkedinUrl: url, ...summary };
}

function parseSend(value: unknown): HandedSend | null {
  const object = strictObject(value, [
    'draftId',
    'subject',
    'threadId',
    'recipients',
    'at',
    'leftAt',
    'sawUndo',
    'committing',
  ]);
  if (!object) return null;
  const { draftId, subject, threadId, recipients, at, leftAt, sawUndo, committing } = object;
  if (!isText(draftId, LIMITS.id) || !DRAFT_OR_THREAD.test(draftId)) return null;
  if (!isText(threadId, LIMITS.id) || !DRAFT_OR_THREAD.test(threadId)) return null;
  if (!isText(subject, LIMITS.subject) || !isEpoch(at)) return null;
  if (leftAt !== null && !isEpoch(leftAt)) return null;
  if (typeof sawUndo !== 'boolean' || typeof committing !== 'boolean') return null;
  if (!Array.isArray(recipients) || recipients.length > LIMITS.recipients) return null;
  const people: HandedSend['recipients'] = [];
  for (const recipient of recipients) {
    const person = strictObject(recipient, ['email', 'name']);
    if (!person || !isEmail(person.email) || !isText(person.name, LIMITS.name)) return null;
    people.push({ email: person.email, name: person.name });
  }
  return { draftId, subject, threadId, recipients: people, at, leftAt, sawUndo, committing };
}
