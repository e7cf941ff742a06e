/**
 * An extension update (or reload) under an open Gmail or LinkedIn page. The old content script
 * stays in the page, cut off from the background ("Extension context invalidated"); the
 * background injects the new one (src/background/reinject.ts). Two rules, kept here:
 *
 * 1. One live instance per page. Chrome gives each extension instance its own isolated world
 *    and keeps it across injections of that instance: a guard on the world's global (which the
 *    page cannot see or set) stops a second injection of the same build from running twice.
 *    A new build runs in a new world, where the guard is absent.
 * 2. Handover. The new instance announces itself with a DOM event on `document` (events are the
 *    one thing both worlds share). An old instance whose extension context is gone answers by
 *    stopping (removing its UI) and handing over what the background never acknowledged: sends
 *    still in Gmail's undo period, touchpoints not yet stored. A live instance ignores the
 *    announcement, so the page forging one cannot stop Etape.
 *
 * Event details are JSON strings: objects do not cross isolated worlds. Everything received is
 * page-reachable input (the page sees and can forge these events), so it is parsed strictly here
 * — shape, lengths, counts — and validated again by the background's schemas. What is handed
 * over is what the page itself shows (addresses, names, subjects, ids), never a message body.
 */

import { canonicalLinkedinUrl } from '../../shared/linkedin-url.ts';
import type { TouchpointInput } from '../../shared/messages.ts';
import { EtapeError } from '../../shared/protocol.ts';

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
}

export interface HandoverEnv {
  document: Document;
  /** The isolated world's global object. */
  scope: object;
  /** Is this instance's extension context still connected? */
  alive(): boolean;
  newId(): string;
}

export interface Claim {
  id: string;
  /** What the instances this one replaces handed over, validated. */
  received: HandoverState;
}

export const LIMITS = {
  detail: 512 * 1024,
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
 * runs in the page (the caller must not start); otherwise what the replaced instances handed
 * over, and from now on this instance answers the next one's announcement.
 */
export function claimPage(options: HandoverOptions, env: HandoverEnv = defaultEnv()): Claim | null {
  const { site } = options;
  const guardKey = `etape:${site}:instance`;
  const scope = env.scope as Record<string, { alive(): boolean } | undefined>;
  const existing = scope[guardKey];
  if (existing && safely(() => existing.alive(), false)) return null;
  scope[guardKey] = { alive: env.alive };

  const id = env.newId();
  const received: HandoverState = { sends: [], touchpoints: [] };
  const take = (event: Event) => {
    const message = parseHandover(detailOf(event), site);
    if (!message || message.to !== id) return;
    const room = LIMITS.touchpoints - received.touchpoints.length;
    received.touchpoints.push(...message.state.touchpoints.slice(0, Math.max(0, room)));
    const sendRoom = LIMITS.sends - received.sends.length;
    received.sends.push(...message.state.sends.slice(0, Math.max(0, sendRoom)));
  };
  // Answers arrive during the announcement's dispatch: DOM events are dispatched synchronously
  // to every world's listeners, and the old instance answers from its listener.
  env.document.addEventListener(handoverEvent(site), take);
  try {
    env.document.dispatchEvent(
      new CustomEvent(helloEvent(site), { detail: JSON.stringify({ v: 1, id }) }),
    );
  } finally {
    env.document.removeEventListener(handoverEvent(site), take);
  }

  const onHello = (event: Event) => {
    const hello = parseHello(detailOf(event));
    // Our own announcement; or one while we are alive, which only the page can have sent.
    if (!hello || hello.id === id || safely(env.alive, true)) return;
    env.document.removeEventListener(helloEvent(site), onHello);
    const state = safely(options.surrender, { sends: [], touchpoints: [] });
    safely(() => {
      env.document.dispatchEvent(
        new CustomEvent(handoverEvent(site), {
          detail: JSON.stringify({ v: 1, from: id, to: hello.id, state }),
        }),
      );
    }, undefined);
  };
  env.document.addEventListener(helloEvent(site), onHello);
  return { id, received };
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

/** Strict parse of an announcement's detail. */
export function parseHello(detail: unknown): { id: string } | null {
  const object = strictObject(parseJson(detail), ['v', 'id']);
  if (object?.v !== 1 || !isId(object.id)) return null;
  return { id: object.id };
}

/** Strict parse of a handover's detail; anything off (shape, length, count) refuses it whole. */
export function parseHandover(
  detail: unknown,
  site: Site,
): { from: string; to: string; state: HandoverState } | null {
  const object = strictObject(parseJson(detail), ['v', 'from', 'to', 'state']);
  if (object?.v !== 1 || !isId(object.from) || !isId(object.to)) return null;
  const state = strictObject(object.state, ['sends', 'touchpoints']);
  if (!state || !Array.isArray(state.sends) || !Array.isArray(state.touchpoints)) return null;
  // LinkedIn has no sends to hand over.
  const maxSends = site === 'gmail' ? LIMITS.sends : 0;
  if (state.sends.length > maxSends || state.touchpoints.length > LIMITS.touchpoints) return null;
  const sends = state.sends.map(parseSend);
  const touchpoints = state.touchpoints.map((touchpoint) => parseTouchpoint(touchpoint, site));
  if (sends.some((send) => send === null) || touchpoints.some((t) => t === null)) return null;
  return {
    from: object.from,
    to: object.to,
    state: { sends: sends as HandedSend[], touchpoints: touchpoints as TouchpointInput[] },
  };
}

// -- helpers --

function defaultEnv(): HandoverEnv {
  return {
    document,
    scope: globalThis,
    alive: () => {
      // `runtime.id` disappears from an orphaned content script's `chrome` object.
      const runtime = (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime;
      return typeof runtime?.id === 'string';
    },
    newId: () => crypto.randomUUID(),
  };
}

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

function parseJson(detail: unknown): unknown {
  if (typeof detail !== 'string' || detail.length > LIMITS.detail) return undefined;
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
