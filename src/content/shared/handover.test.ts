// @vitest-environment happy-dom
/**
 * The handover between an orphaned content script and its successor, on a real DOM with real
 * Web Crypto: one live instance per page; a genuine handover arrives whole; and everything a
 * page can forge — announcements, handovers signed with another key, altered, replayed to
 * another instance — is refused and changes nothing.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EtapeError } from '../../shared/protocol.ts';
import {
  claimPage,
  type HandedSend,
  type HandoverEnv,
  type HandoverState,
  HELLO_MAX_AGE_MS,
  handoverEvent,
  helloEvent,
  isOrphaned,
  isRefused,
  LIMITS,
  openHandover,
  parseHello,
  parseState,
  type Site,
  sealHandover,
  signedHello,
} from './handover.ts';
import { deriveHandoverKeys, type HandoverKeys } from './handover-crypto.ts';

const SECRET = new Uint8Array(32).fill(7);
const OTHER_SECRET = new Uint8Array(32).fill(9);
let keys: HandoverKeys;
let otherKeys: HandoverKeys;

/** Every instance a test made: all are retired after it, so none answers the next test. */
const lives: Array<{ alive: boolean }> = [];

interface Instance {
  id: string | null;
  life: { alive: boolean; surrendered: number };
  scope: object;
  received: HandoverState[];
  refused: string[];
}

/** One extension instance: its own isolated world (scope), its own liveness and keys. */
function instance(
  site: Site,
  state: () => HandoverState = empty,
  options: {
    scope?: object;
    keys?: HandoverKeys | null;
    now?: () => number;
    replacing?: boolean;
  } = {},
): Instance {
  const life = { alive: true, surrendered: 0 };
  lives.push(life);
  const received: HandoverState[] = [];
  const refused: string[] = [];
  const scope = options.scope ?? {};
  const own = options.keys === undefined ? keys : options.keys;
  const env: HandoverEnv = {
    document,
    scope,
    alive: () => life.alive,
    newId: () => crypto.randomUUID(),
    now: options.now ?? (() => Date.now()),
    keys: async () => own,
    replacing: options.replacing ?? true,
  };
  const claim = claimPage(
    {
      site,
      surrender: () => {
        life.surrendered++;
        return state();
      },
      receive: (handed) => received.push(handed),
      refused: (reason) => refused.push(reason),
    },
    env,
  );
  return { id: claim?.id ?? null, life, scope, received, refused };
}

function empty(): HandoverState {
  return { sends: [], touchpoints: [] };
}

/** Waits for what the asynchronous crypto of announcements and answers must bring about. */
function eventually(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 5000, interval: 10 });
}

/** Lets the asynchronous crypto run its course, before checking that something did NOT happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

const SEND: HandedSend = {
  draftId: 'msg-a:r-7770000',
  subject: 'Proposal attached',
  threadId: '',
  recipients: [{ email: 'alice.martin@northwind.example', name: 'Alice Martin' }],
  at: 1_744_000_000_000,
  leftAt: 1_744_000_000_250,
  sawUndo: true,
  committing: false,
};
const RECEIVED = {
  channel: 'gmail' as const,
  kind: 'email_received' as const,
  email: 'alice.martin@northwind.example',
  at: 1_744_000_000_000,
  key: 'gmail:msg-f:1820000000000000102:alice.martin@northwind.example',
  summary: 'Pricing for 2026',
};
const VISIT = {
  channel: 'linkedin' as const,
  kind: 'linkedin_connect_sent' as const,
  linkedinUrl: 'https://www.linkedin.com/in/julien-moreau/',
  at: 1_744_000_000_000,
  key: 'linkedin:connect:https://www.linkedin.com/in/julien-moreau/:2025-04-07',
};
const FORGED_TOUCHPOINT = {
  ...RECEIVED,
  key: 'gmail:msg-f:999:alice.martin@northwind.example',
  summary: 'Forged by the page',
};

/** Page listeners added by a test, removed after it. */
const pageListeners: Array<[string, EventListener]> = [];
function onPage(type: string, listener: EventListener): void {
  document.addEventListener(type, listener);
  pageListeners.push([type, listener]);
}

/** Every handover detail dispatched in the page, as a page script listening would see it. */
function recordHandovers(site: Site): string[] {
  const seen: string[] = [];
  onPage(handoverEvent(site), (event) => seen.push((event as CustomEvent).detail as string));
  return seen;
}

function dispatch(type: string, detail: unknown): void {
  document.dispatchEvent(new CustomEvent(type, { detail }));
}

beforeAll(async () => {
  keys = await deriveHandoverKeys(SECRET);
  otherKeys = await deriveHandoverKeys(OTHER_SECRET);
});

afterEach(async () => {
  for (const [type, listener] of pageListeners.splice(0))
    document.removeEventListener(type, listener);
  // Retired instances hand over (to no one) and stop listening.
  for (const life of lives.splice(0)) life.alive = false;
  for (const site of ['gmail', 'linkedin'] as const)
    dispatch(helloEvent(site), await signedHello(keys, site, crypto.randomUUID(), Date.now()));
  await settle();
});

describe('one live instance per page', () => {
  it('runs the first instance, and not a second injection of the same build (same world)', () => {
    const first = instance('gmail');
    expect(first.id).not.toBeNull();
    const again = instance('gmail', empty, { scope: first.scope });
    expect(again.id).toBeNull();
    expect(first.life.surrendered).toBe(0);
  });

  it('runs when the instance left in its world is no longer alive', () => {
    const first = instance('gmail');
    first.life.alive = false;
    expect(instance('gmail', empty, { scope: first.scope }).id).not.toBeNull();
  });

  it('ignores every announcement while alive, even a signed one: the page cannot stop it', async () => {
    const live = instance('gmail', () => ({ sends: [SEND], touchpoints: [] }));
    const handed = recordHandovers('gmail');
    dispatch(
      helloEvent('gmail'),
      await signedHello(keys, 'gmail', crypto.randomUUID(), Date.now()),
    );
    dispatch(helloEvent('gmail'), JSON.stringify({ v: 1, id: crypto.randomUUID() }));
    await settle();
    expect(live.life.surrendered).toBe(0);
    expect(handed).toEqual([]);
  });
});

describe('handover after an update', () => {
  it('stops the orphaned instance and hands its unacknowledged work to the new one, sealed', async () => {
    const old = instance('gmail', () => ({ sends: [SEND], touchpoints: [RECEIVED] }));
    await settle();
    const seen = recordHandovers('gmail');
    old.life.alive = false; // the extension was reloaded: a new world, a new instance
    const next = instance('gmail');
    await eventually(() =>
      expect(next.received).toEqual([{ sends: [SEND], touchpoints: [RECEIVED] }]),
    );
    expect(old.life.surrendered).toBe(1);
    expect(next.refused).toEqual([]);
    // What the page saw pass: neither the address nor the subject, only sealed bytes.
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain('alice');
    expect(seen[0]).not.toContain('Proposal');

    // It handed over once: a later instance gets nothing more from it, but from `next`.
    next.life.alive = false;
    const third = instance('gmail');
    await eventually(() => expect(third.received).toEqual([empty()]));
    expect(old.life.surrendered).toBe(1);
    expect(next.life.surrendered).toBe(1);
  });

  it('merges what several orphaned instances hand over', async () => {
    const a = instance('linkedin', () => ({ sends: [], touchpoints: [VISIT] }));
    const b = instance('linkedin', () => ({
      sends: [],
      touchpoints: [{ ...VISIT, key: `${VISIT.key}:b` }],
    }));
    await settle();
    a.life.alive = false;
    b.life.alive = false;
    const next = instance('linkedin');
    await eventually(() =>
      expect(next.received.flatMap((state) => state.touchpoints.map((t) => t.key)).sort()).toEqual([
        VISIT.key,
        `${VISIT.key}:b`,
      ]),
    );
  });

  it('keeps sites apart: a Gmail instance never answers a LinkedIn announcement', async () => {
    const gmail = instance('gmail', () => ({ sends: [SEND], touchpoints: [] }));
    await settle();
    gmail.life.alive = false;
    const linkedin = instance('linkedin');
    await settle();
    expect(gmail.life.surrendered).toBe(0);
    expect(linkedin.received).toEqual([]);
  });

  it('throws nothing into the page when surrendering fails, and the new instance still starts', async () => {
    const old = instance('gmail', () => {
      throw new Error('Extension context invalidated.');
    });
    await settle();
    old.life.alive = false;
    const next = instance('gmail');
    expect(next.id).not.toBeNull();
    await eventually(() => expect(next.received).toEqual([empty()]));
  });

  it('announces nothing on an ordinary page load, yet answers its own successor later', async () => {
    const announced: string[] = [];
    onPage(helloEvent('gmail'), (event) => announced.push((event as CustomEvent).detail));
    const first = instance('gmail', () => ({ sends: [], touchpoints: [RECEIVED] }), {
      replacing: false,
    });
    await settle();
    // Injected as the page loaded: no predecessor, and nothing that tells the page Etape runs.
    expect(announced).toEqual([]);
    first.life.alive = false;
    const next = instance('gmail');
    await eventually(() => expect(next.received).toEqual([{ sends: [], touchpoints: [RECEIVED] }]));
    expect(announced).toHaveLength(1);
  });

  it('announces nothing and takes nothing without the secret', async () => {
    const announced: string[] = [];
    onPage(helloEvent('gmail'), (event) => announced.push((event as CustomEvent).detail));
    const next = instance('gmail', empty, { keys: null });
    await settle();
    expect(next.id).not.toBeNull();
    expect(announced).toEqual([]);
  });
});

describe('what the page can forge', () => {
  /** The page answers every announcement with `forge(id)`'s handovers, as in issue #18. */
  function answerEveryAnnouncement(site: Site, forge: (id: string) => Promise<unknown[]>) {
    onPage(helloEvent(site), (event) => {
      const hello = parseHello((event as CustomEvent).detail);
      if (!hello) return;
      void forge(hello.id).then((details) => {
        for (const detail of details) dispatch(handoverEvent(site), detail);
      });
    });
  }
  const FROM = '99999999-9999-4999-8999-999999999999';
  const forgedState: HandoverState = { sends: [SEND], touchpoints: [FORGED_TOUCHPOINT] };

  it('refuses a handover signed with another key (wrong key)', async () => {
    answerEveryAnnouncement('gmail', async (id) => [
      await sealHandover(otherKeys, 'gmail', FROM, id, forgedState),
    ]);
    const next = instance('gmail');
    await eventually(() => expect(next.refused).toEqual(['signature']));
    await settle();
    expect(next.received).toEqual([]);
  });

  it('refuses a genuine handover once altered (any field), and takes it unaltered', async () => {
    const to = crypto.randomUUID();
    const genuine = await sealHandover(keys, 'gmail', FROM, to, {
      sends: [],
      touchpoints: [RECEIVED],
    });
    const parsed = JSON.parse(genuine) as Record<string, string>;
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const altered = [
      { ...parsed, box: flip(parsed.box ?? '', 10) },
      { ...parsed, iv: flip(parsed.iv ?? '', 2) },
      { ...parsed, from: '88888888-8888-4888-8888-888888888888' },
      { ...parsed, mac: flip(parsed.mac ?? '', 5) },
    ];
    for (const detail of altered) {
      expect((await openHandover(keys, 'gmail', to, JSON.stringify(detail))).ok).toBe(false);
    }
    expect(await openHandover(keys, 'gmail', to, genuine)).toEqual({
      ok: true,
      from: FROM,
      state: { sends: [], touchpoints: [RECEIVED] },
    });
    // Another site, with the same key and ids: refused too (the site is signed).
    expect((await openHandover(keys, 'linkedin', to, genuine)).ok).toBe(false);
  });

  it('refuses a genuine handover replayed to another instance, and takes one only once', async () => {
    const old = instance('gmail', () => ({ sends: [], touchpoints: [RECEIVED] }));
    await settle();
    const seen = recordHandovers('gmail');
    old.life.alive = false;
    const next = instance('gmail');
    await eventually(() => expect(next.received).toHaveLength(1));
    const genuine = seen[0] ?? '';

    // The page replays it to the same instance: taken once only.
    dispatch(handoverEvent('gmail'), genuine);
    await settle();
    expect(next.received).toHaveLength(1);

    // And to a later instance, as is and readdressed to it: nothing taken, the readdressed
    // copy refused (its MAC names the instance it was for).
    next.life.alive = false;
    answerEveryAnnouncement('gmail', async (id) => [
      genuine,
      JSON.stringify({ ...(JSON.parse(genuine) as object), to: id }),
    ]);
    const third = instance('gmail');
    await eventually(() => expect(third.refused).toEqual(['signature']));
    await settle();
    expect(third.received.flatMap((state) => state.touchpoints)).toEqual([]);
  });

  it('refuses unsigned, v1 and malformed handovers addressed to it', async () => {
    answerEveryAnnouncement('gmail', async (id) => [
      JSON.stringify({ v: 1, from: FROM, to: id, state: forgedState }),
      JSON.stringify({ v: 2, from: FROM, to: id, iv: 'AAAA', box: 'AAAA', mac: 'AAAA' }),
      '{"v":2,',
      { v: 2, from: FROM, to: id },
    ]);
    const next = instance('gmail');
    await eventually(() =>
      expect(next.refused.sort()).toEqual(['malformed', 'malformed', 'malformed', 'signature']),
    );
    expect(next.received).toEqual([]);
  });

  it('does not make an orphan surrender to a forged, a stale or a replayed announcement', async () => {
    let now = Date.now();
    const old = instance('gmail', () => ({ sends: [SEND], touchpoints: [] }), {
      now: () => now,
    });
    await settle();
    old.life.alive = false;
    // Unsigned, signed with another key, announced before the orphan started, and too old.
    dispatch(helloEvent('gmail'), JSON.stringify({ v: 1, id: crypto.randomUUID() }));
    dispatch(helloEvent('gmail'), await signedHello(otherKeys, 'gmail', crypto.randomUUID(), now));
    dispatch(
      helloEvent('gmail'),
      await signedHello(keys, 'gmail', crypto.randomUUID(), now - 1000),
    );
    const later = await signedHello(keys, 'gmail', crypto.randomUUID(), now + 10);
    now += HELLO_MAX_AGE_MS + 1000;
    dispatch(helloEvent('gmail'), later);
    await settle();
    expect(old.life.surrendered).toBe(0);
    // Its real successor still gets everything.
    const next = instance('gmail', empty, { now: () => now });
    await eventually(() => expect(next.received).toEqual([{ sends: [SEND], touchpoints: [] }]));
    expect(old.life.surrendered).toBe(1);
  });
});

describe('parsing what the page can reach', () => {
  const from = '11111111-1111-4111-8111-111111111111';
  const to = '22222222-2222-4222-8222-222222222222';
  // Even a handover whose MAC verifies is parsed strictly: defence in depth.
  const detail = (state: unknown) => state;

  it('accepts what an instance hands over, exactly as sent', () => {
    const state = { sends: [SEND], touchpoints: [RECEIVED] };
    expect(parseState(state, 'gmail')).toEqual(state);
    expect(parseState({ sends: [], touchpoints: [VISIT] }, 'linkedin')?.touchpoints).toEqual([
      VISIT,
    ]);
    expect(parseHello(JSON.stringify({ v: 2, id: to, at: 5, mac: 'AA==' }))).toEqual({
      id: to,
      at: 5,
      mac: 'AA==',
    });
    expect(from).not.toBe(to);
  });

  it.each([
    ['not an object', 'sends'],
    ['state an array', detail([])],
    ['a field beyond the state', detail({ sends: [], touchpoints: [], more: [] })],
    ['sends on LinkedIn', detail({ sends: [SEND], touchpoints: [] }), 'linkedin'],
    ['too many sends', detail({ sends: Array(LIMITS.sends + 1).fill(SEND), touchpoints: [] })],
    [
      'too many touchpoints',
      detail({ sends: [], touchpoints: Array(LIMITS.touchpoints + 1).fill(RECEIVED) }),
    ],
    ['a body in a send', detail({ sends: [{ ...SEND, body: 'Hi' }], touchpoints: [] })],
    [
      'a send missing a field',
      detail({ sends: [{ ...SEND, sawUndo: undefined }], touchpoints: [] }),
    ],
    [
      'a subject too long',
      detail({ sends: [{ ...SEND, subject: 'x'.repeat(301) }], touchpoints: [] }),
    ],
    ['a control character', detail({ sends: [{ ...SEND, subject: 'a\u0000b' }], touchpoints: [] })],
    ['a draft id with markup', detail({ sends: [{ ...SEND, draftId: '<b>' }], touchpoints: [] })],
    [
      'a recipient without an address',
      detail({ sends: [{ ...SEND, recipients: [{ email: 'x', name: 'X' }] }], touchpoints: [] }),
    ],
    [
      'too many recipients',
      detail({
        sends: [{ ...SEND, recipients: Array(101).fill(SEND.recipients[0]) }],
        touchpoints: [],
      }),
    ],
    ['a time that is not one', detail({ sends: [{ ...SEND, at: -1 }], touchpoints: [] })],
    ['leftAt not a time', detail({ sends: [{ ...SEND, leftAt: '1' }], touchpoints: [] })],
    ['another channel', detail({ sends: [], touchpoints: [{ ...RECEIVED, channel: 'manual' }] })],
    [
      'a kind of another site',
      detail({ sends: [], touchpoints: [{ ...RECEIVED, kind: 'linkedin_profile_view' }] }),
    ],
    ['a manual kind', detail({ sends: [], touchpoints: [{ ...RECEIVED, kind: 'note' }] })],
    ['a prospect id', detail({ sends: [], touchpoints: [{ ...RECEIVED, prospectId: 'p1' }] })],
    [
      'a key of another site',
      detail({ sends: [], touchpoints: [{ ...RECEIVED, key: 'linkedin:x' }] }),
    ],
    ['an empty key', detail({ sends: [], touchpoints: [{ ...RECEIVED, key: '' }] })],
    [
      'a key too long',
      detail({ sends: [], touchpoints: [{ ...RECEIVED, key: `gmail:${'x'.repeat(300)}` }] }),
    ],
    ['no address', detail({ sends: [], touchpoints: [{ ...RECEIVED, email: undefined }] })],
    [
      'a summary too long',
      detail({ sends: [], touchpoints: [{ ...RECEIVED, summary: 'x'.repeat(301) }] }),
    ],
    [
      'a URL that is no profile',
      detail({ sends: [], touchpoints: [{ ...VISIT, linkedinUrl: 'https://evil.example/in/x/' }] }),
      'linkedin',
    ],
    [
      'an address on LinkedIn',
      detail({ sends: [], touchpoints: [{ ...VISIT, email: 'a@b.example' }] }),
      'linkedin',
    ],
  ] as Array<[string, unknown, Site?]>)('refuses %s', (_name, value, site = 'gmail') => {
    expect(parseState(value, site)).toBeNull();
  });

  it('refuses an announcement that is not exactly one', () => {
    const hello = { v: 2, id: to, at: 1, mac: 'AA==' };
    expect(parseHello(hello)).toBeNull();
    expect(parseHello(JSON.stringify({ ...hello, v: 1 }))).toBeNull();
    expect(parseHello(JSON.stringify({ ...hello, extra: 1 }))).toBeNull();
    expect(parseHello(JSON.stringify({ ...hello, id: 'x y' }))).toBeNull();
    expect(parseHello(JSON.stringify({ ...hello, at: -1 }))).toBeNull();
    expect(parseHello(JSON.stringify({ v: 1, id: to }))).toBeNull();
    expect(parseHello('null')).toBeNull();
  });
});

describe('telling failures apart', () => {
  it('knows an orphaned script from a worker that is waking up, and a refusal from both', () => {
    expect(isOrphaned(new Error('Extension context invalidated.'))).toBe(true);
    expect(
      isOrphaned(new Error('Could not establish connection. Receiving end does not exist.')),
    ).toBe(false);
    expect(isRefused(new EtapeError('invalid', 'touchpoints.0.email: Invalid email'))).toBe(true);
    expect(isRefused(new EtapeError('storage', 'Quota exceeded'))).toBe(false);
    expect(isRefused(new Error('invalid'))).toBe(false);
  });
});
