// @vitest-environment happy-dom
/**
 * The LinkedIn entry: its list of detectors, and whole sessions on the dated 2025 fixtures
 * against a fake background — a profile names its member id and asks by both ids, a
 * conversation linked by member id logs its messages, Track in its header creates the prospect.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../../shared/default-process.ts';
import type { Prospect } from '../../shared/schemas.ts';
import type { Session } from '../shared/session.ts';
import { fakeBackground } from '../shared/test-background.ts';
import { linkedinDetectors, linkedinSession } from './site.ts';
import { LinkedinState } from './state.ts';
import { loadFixture } from './test-fixtures.ts';

vi.mock('webextension-polyfill', () => ({
  default: { i18n: { getMessage: (key: string, subs: string[] = []) => [key, ...subs].join(':') } },
}));
/** happy-dom's clicks are untrusted; here they stand for the user's. */
vi.mock('../shared/gesture.ts', () => ({ isUserGesture: () => true }));

const PROFILE = 'https://www.linkedin.com/in/maelle-garnier-4b2c1a/';
const MEMBER_ID = 'ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw';
const MEMBER_URL = `https://www.linkedin.com/in/${MEMBER_ID}/`;

function show(fixture: string, url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  document.body.replaceChildren(document.importNode(loadFixture(fixture).body, true));
}

function maelle(extra: Partial<Prospect> = {}): Prospect {
  return {
    id: 'maelle',
    name: 'Maëlle Garnier',
    emails: [],
    stageId: 'prospect',
    stageEnteredAt: Date.now(),
    status: 'open',
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}

/** A background where Maëlle is tracked as `tracked` (or not at all). */
function background(tracked: Prospect | null) {
  let current = tracked;
  return fakeBackground({
    getSettings: () => ({ settings: { passiveLinkedin: false } }),
    getContext: (payload) => {
      const urls = payload.linkedinUrls as string[];
      const named =
        current &&
        urls.some(
          (url) =>
            url === current?.linkedinUrl || (current?.linkedinMemberId && url === MEMBER_URL),
        );
      return {
        process: defaultProcess('en', 0),
        prospects: named && current ? [{ prospect: current, lastTouchAt: null }] : [],
      };
    },
    recordLinkedinIdentity: (payload) => {
      if (current) current = { ...current, linkedinMemberId: payload.linkedinMemberId as string };
      return { prospect: current, filled: true };
    },
    trackContact: (payload) => {
      current = maelle({
        linkedinMemberId: MEMBER_ID,
        ...(payload.title ? { title: payload.title as string } : {}),
      });
      return { prospect: current, created: true };
    },
  });
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
  document.body.replaceChildren();
});

function start(bg: ReturnType<typeof background>): Session {
  const session = linkedinSession(bg.deps);
  sessions.push(session);
  expect(session.start()).toBe(true);
  return session;
}

describe('the LinkedIn entry', () => {
  it('is a short list of named detectors, each with its dated selectors', () => {
    const detectors = linkedinDetectors(new LinkedinState());
    expect(detectors.map((detector) => detector.name)).toEqual([
      'profile-view',
      'messages',
      'connect-sent',
    ]);
    for (const detector of detectors) {
      expect(detector.selectors.length).toBeGreaterThan(0);
      for (const spec of detector.selectors) expect(spec.name).toMatch(/^linkedin\./);
    }
  });

  it('on a profile: asks by both ids, records the missing member id, logs the visit, reports only the profile', async () => {
    show('profile-member-id-2025-04.html', PROFILE);
    const bg = background(
      maelle({
        linkedinUrl: PROFILE,
        title: 'VP Operations at Tailspin Toys',
        company: 'Tailspin Toys',
      }),
    );
    start(bg);
    await vi.waitFor(() => expect(bg.of('recordLinkedinIdentity')).toHaveLength(1));
    expect(bg.of('recordLinkedinIdentity')[0]).toEqual({
      linkedinUrl: PROFILE,
      linkedinMemberId: MEMBER_ID,
    });
    expect(bg.of('getContext').map((payload) => payload.linkedinUrls)).toEqual(
      expect.arrayContaining([[PROFILE]]),
    );
    await vi.waitFor(() =>
      expect(bg.loggedKeys().some((key) => key.startsWith(`linkedin:view:${PROFILE}:`))).toBe(true),
    );
    expect(bg.of('reportPageContext').at(-1)?.participants).toEqual([
      { linkedinUrl: PROFILE, name: 'Maëlle Garnier' },
    ]);
    await vi.waitFor(() => expect(document.querySelector('[data-etape="badge"]')).not.toBeNull());
    // Headline and company were known: nothing else to fill.
    expect(bg.of('trackContact')).toEqual([]);
  });

  it('on a conversation linked by member id: Track creates the prospect, then its messages are logged', async () => {
    show('messaging-member-ids-2025-04.html', 'https://www.linkedin.com/messaging/thread/2-x/');
    const bg = background(null);
    start(bg);
    const track = await vi.waitFor(() => {
      const host = document.querySelector('.msg-title-bar [data-etape="track"]');
      const button = host?.shadowRoot?.querySelector('button');
      if (!button) throw new Error('no Track yet');
      return button;
    });
    expect(bg.of('logTouchpoints')).toEqual([]);
    expect(bg.of('reportPageContext').at(-1)?.participants).toEqual([
      { linkedinUrl: MEMBER_URL, name: 'Maëlle Garnier' },
    ]);
    track.click();
    await vi.waitFor(() => expect(bg.loggedKeys()).toHaveLength(3));
    expect(bg.of('trackContact')[0]).toEqual({
      name: 'Maëlle Garnier',
      emails: [],
      linkedinUrl: MEMBER_URL,
    });
    await vi.waitFor(() =>
      expect(document.querySelector('.msg-title-bar [data-etape="badge"]')).not.toBeNull(),
    );
    expect(document.querySelector('[data-etape="track"]')).toBeNull();
  });

  it('in passive mode injects nothing, but still logs and reports', async () => {
    show('messaging-member-ids-2025-04.html', 'https://www.linkedin.com/messaging/thread/2-x/');
    const bg = background(maelle({ linkedinMemberId: MEMBER_ID }));
    const session = linkedinSession({
      ...bg.deps,
      send: (async (type: string, payload: never) =>
        type === 'getSettings'
          ? { settings: { passiveLinkedin: true } }
          : bg.deps.send(type as never, payload)) as typeof bg.deps.send,
    });
    sessions.push(session);
    session.start();
    await vi.waitFor(() => expect(bg.loggedKeys()).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(document.querySelector('[data-etape]')).toBeNull();
  });
});
