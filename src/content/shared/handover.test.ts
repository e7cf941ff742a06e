// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { EtapeError } from '../../shared/protocol.ts';
import {
  type Claim,
  claimPage,
  type HandedSend,
  type HandoverEnv,
  type HandoverState,
  handoverEvent,
  helloEvent,
  isOrphaned,
  isRefused,
  LIMITS,
  parseHandover,
  parseHello,
  type Site,
} from './handover.ts';

/** Every instance a test made: all are retired after it, so none answers the next test. */
const lives: Array<{ alive: boolean }> = [];

/** One extension instance: its own isolated world (scope), its own liveness. */
function instance(site: Site, state: () => HandoverState = empty, scope: object = {}) {
  const life = { alive: true, surrendered: 0 };
  lives.push(life);
  const env: HandoverEnv = {
    document,
    scope,
    alive: () => life.alive,
    newId: () => crypto.randomUUID(),
  };
  const claim: Claim | null = claimPage(
    {
      site,
      surrender: () => {
        life.surrendered++;
        return state();
      },
    },
    env,
  );
  return { claim, life, scope };
}

function empty(): HandoverState {
  return { sends: [], touchpoints: [] };
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

/** Page listeners added by a test, removed after it. */
const pageListeners: Array<[string, EventListener]> = [];
function onPage(type: string, listener: EventListener): void {
  document.addEventListener(type, listener);
  pageListeners.push([type, listener]);
}

afterEach(() => {
  for (const [type, listener] of pageListeners.splice(0))
    document.removeEventListener(type, listener);
  // Retired instances hand over (to no one) and stop listening.
  for (const life of lives.splice(0)) life.alive = false;
  for (const site of ['gmail', 'linkedin'] as const)
    document.dispatchEvent(
      new CustomEvent(helloEvent(site), {
        detail: JSON.stringify({ v: 1, id: crypto.randomUUID() }),
      }),
    );
});

describe('one live instance per page', () => {
  it('runs the first instance, and not a second injection of the same build (same world)', () => {
    const first = instance('gmail');
    expect(first.claim?.received).toEqual(empty());
    const again = instance('gmail', empty, first.scope);
    expect(again.claim).toBeNull();
    expect(first.life.surrendered).toBe(0);
  });

  it('runs when the instance left in its world is no longer alive', () => {
    const first = instance('gmail');
    first.life.alive = false;
    expect(instance('gmail', empty, first.scope).claim).not.toBeNull();
  });

  it('ignores an announcement while alive: the page cannot stop a live instance', () => {
    const live = instance('gmail', () => ({ sends: [SEND], touchpoints: [] }));
    const handed: string[] = [];
    onPage(handoverEvent('gmail'), (event) => handed.push((event as CustomEvent).detail));
    document.dispatchEvent(
      new CustomEvent(helloEvent('gmail'), {
        detail: JSON.stringify({ v: 1, id: '12345678-1234-4123-8123-123456789abc' }),
      }),
    );
    expect(live.life.surrendered).toBe(0);
    expect(handed).toEqual([]);
  });
});

describe('handover after an update', () => {
  it('stops the orphaned instance and hands its unacknowledged work to the new one', () => {
    const old = instance('gmail', () => ({ sends: [SEND], touchpoints: [RECEIVED] }));
    old.life.alive = false; // the extension was reloaded: a new world, a new instance
    const next = instance('gmail');
    expect(old.life.surrendered).toBe(1);
    expect(next.claim?.received).toEqual({ sends: [SEND], touchpoints: [RECEIVED] });

    // It handed over once: a later instance gets nothing more from it, but from `next`.
    next.life.alive = false;
    const third = instance('gmail');
    expect(old.life.surrendered).toBe(1);
    expect(next.life.surrendered).toBe(1);
    expect(third.claim?.received).toEqual(empty());
  });

  it('merges what several orphaned instances hand over', () => {
    const a = instance('linkedin', () => ({ sends: [], touchpoints: [VISIT] }));
    const b = instance('linkedin', () => ({
      sends: [],
      touchpoints: [{ ...VISIT, key: `${VISIT.key}:b` }],
    }));
    a.life.alive = false;
    b.life.alive = false;
    const next = instance('linkedin');
    expect(next.claim?.received.touchpoints.map((t) => t.key).sort()).toEqual([
      VISIT.key,
      `${VISIT.key}:b`,
    ]);
  });

  it('keeps sites apart: a Gmail instance never answers a LinkedIn announcement', () => {
    const gmail = instance('gmail', () => ({ sends: [SEND], touchpoints: [] }));
    gmail.life.alive = false;
    const linkedin = instance('linkedin');
    expect(gmail.life.surrendered).toBe(0);
    expect(linkedin.claim?.received).toEqual(empty());
  });

  it('throws nothing into the page when surrendering fails, and the new instance still starts', () => {
    const old = instance('gmail', () => {
      throw new Error('Extension context invalidated.');
    });
    old.life.alive = false;
    const next = instance('gmail');
    expect(next.claim?.received).toEqual(empty());
  });

  it('refuses a forged handover whose content is off, and takes only one addressed to it', () => {
    const forged: unknown[] = [
      { sends: [{ ...SEND, body: 'Hello Alice' }], touchpoints: [] },
      { sends: [], touchpoints: [{ ...RECEIVED, channel: 'linkedin' }] },
    ];
    onPage(helloEvent('gmail'), (event) => {
      const { id } = JSON.parse((event as CustomEvent).detail as string) as { id: string };
      const from = '99999999-9999-4999-8999-999999999999';
      for (const state of forged)
        document.dispatchEvent(
          new CustomEvent(handoverEvent('gmail'), {
            detail: JSON.stringify({ v: 1, from, to: id, state }),
          }),
        );
      // An object detail (it would not cross worlds) and one for another instance.
      document.dispatchEvent(
        new CustomEvent(handoverEvent('gmail'), {
          detail: { v: 1, from, to: id, state: { sends: [SEND], touchpoints: [] } },
        }),
      );
      document.dispatchEvent(
        new CustomEvent(handoverEvent('gmail'), {
          detail: JSON.stringify({
            v: 1,
            from,
            to: from,
            state: { sends: [SEND], touchpoints: [] },
          }),
        }),
      );
    });
    const next = instance('gmail');
    expect(next.claim?.received).toEqual(empty());
  });
});

describe('parsing what the page can reach', () => {
  const from = '11111111-1111-4111-8111-111111111111';
  const to = '22222222-2222-4222-8222-222222222222';
  const detail = (state: unknown, extra: object = {}) =>
    JSON.stringify({ v: 1, from, to, state, ...extra });

  it('accepts what an instance hands over, exactly as sent', () => {
    const state = { sends: [SEND], touchpoints: [RECEIVED] };
    expect(parseHandover(detail(state), 'gmail')).toEqual({ from, to, state });
    expect(
      parseHandover(detail({ sends: [], touchpoints: [VISIT] }), 'linkedin')?.state.touchpoints,
    ).toEqual([VISIT]);
    expect(parseHello(JSON.stringify({ v: 1, id: to }))).toEqual({ id: to });
  });

  it.each([
    ['not a string', { v: 1, from, to, state: { sends: [], touchpoints: [] } }],
    ['not JSON', '{"v":1,'],
    ['too long', `${detail({ sends: [], touchpoints: [] })}${' '.repeat(LIMITS.detail)}`],
    ['another version', detail({ sends: [], touchpoints: [] }, { v: 2 })],
    ['an unknown field', detail({ sends: [], touchpoints: [] }, { extra: true })],
    ['an id that is not one', JSON.stringify({ v: 1, from: '<img>', to, state: empty() })],
    ['state not an object', detail([])],
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
    expect(parseHandover(value, site)).toBeNull();
  });

  it('refuses an announcement that is not exactly one', () => {
    expect(parseHello({ v: 1, id: to })).toBeNull();
    expect(parseHello(JSON.stringify({ v: 1, id: to, extra: 1 }))).toBeNull();
    expect(parseHello(JSON.stringify({ v: 1, id: 'x y' }))).toBeNull();
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
