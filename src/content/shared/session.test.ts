// @vitest-environment happy-dom
/**
 * The session every content script runs on: scans coalesced and scoped, health filed under the
 * detector that failed, touchpoints logged once and owed until acknowledged, participants
 * reported on change, and the handover wired to what is owed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, TouchpointInput } from '../../shared/messages.ts';
import { EtapeError } from '../../shared/protocol.ts';
import { SelectorError } from './dom.ts';
import type { HandedSend, HandoverOptions } from './handover.ts';
import { mountShadow } from './mount.ts';
import {
  type Detector,
  type DetectorContext,
  Session,
  type SessionDeps,
  type SiteContext,
} from './session.ts';

interface Call {
  type: string;
  payload: Record<string, unknown>;
}

/** A background that answers every message, or fails the ones `failing` names. */
function fakeBackground() {
  const calls: Call[] = [];
  const failing = new Map<string, () => Error>();
  const send = (async (type: string, payload: Record<string, unknown>) => {
    calls.push({ type, payload });
    const failure = failing.get(type);
    if (failure) throw failure();
    if (type === 'logTouchpoints') {
      const touchpoints = payload.touchpoints as TouchpointInput[];
      return { results: touchpoints.map((t) => ({ key: t.key, status: 'created' })) };
    }
    return {};
  }) as unknown as SessionDeps['send'];
  const of = (type: string) => calls.filter((call) => call.type === type);
  return { calls, failing, send, of };
}

function setup(
  detectors: Detector[],
  claimed = true,
  onChange?: (event: ChangeEvent, site: SiteContext) => void,
  measured = false,
) {
  const background = fakeBackground();
  let handover: HandoverOptions | undefined;
  let changes: ((event: ChangeEvent) => void) | undefined;
  const view = document.createElement('div');
  view.id = 'view';
  document.body.append(view);
  const session = new Session(
    {
      site: 'gmail',
      detectors,
      scanDelayMs: 20,
      onChange,
      observe: (doc) => {
        const target = doc.getElementById('view');
        return target ? { target, init: { childList: true, subtree: true } } : null;
      },
    },
    {
      document,
      send: background.send,
      onChange: (listener) => {
        changes = listener;
      },
      claim: (options) => {
        handover = options;
        return claimed;
      },
      now: () => Date.now(),
      measured: () => measured,
    },
  );
  sessions.push(session);
  return {
    session,
    background,
    view,
    handover: () => handover as HandoverOptions,
    change: (event: ChangeEvent) => changes?.(event),
  };
}

/** A detector that counts its scans and runs `body` on each. */
function detector(
  name: string,
  body: (root: ParentNode, ctx: DetectorContext) => void = () => {},
  extra: Partial<Detector> = {},
) {
  const seen = { scans: 0, stopped: 0, ctx: null as DetectorContext | null };
  const d: Detector = {
    name,
    selectors: [],
    scan(root, ctx) {
      seen.scans++;
      seen.ctx = ctx;
      body(root, ctx);
    },
    stop() {
      seen.stopped++;
    },
    ...extra,
  };
  return { d, seen };
}

function touchpoint(key: string, kind: TouchpointInput['kind'] = 'email_received') {
  return { channel: 'gmail' as const, kind, email: 'a@b.example', at: 1, key };
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
  document.body.replaceChildren();
});

describe('scans', () => {
  it('scans at start, then once per burst of mutations in the observed view only', async () => {
    const { d, seen } = detector('conversation');
    const { session, view } = setup([d]);
    expect(session.start()).toBe(true);
    await vi.waitFor(() => expect(seen.scans).toBe(1));
    for (let i = 0; i < 20; i++) view.append(document.createElement('span'));
    await vi.waitFor(() => expect(seen.scans).toBe(2));
    // Outside the view, and our own hosts inside it: not news.
    document.body.append(document.createElement('p'));
    mountShadow('badge', '', (host) => view.append(host));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen.scans).toBe(2);
    // The page marking its own node as ours does not hide it (hosts are known by identity).
    const disguised = document.createElement('div');
    disguised.setAttribute('data-etape', 'badge');
    view.append(disguised);
    await vi.waitFor(() => expect(seen.scans).toBe(3));
  });

  it('counts observed changes: a scan asked for by an answer sees the same generation', async () => {
    const generations: number[] = [];
    const { d, seen } = detector('conversation', (_root, ctx) =>
      generations.push(ctx.generation()),
    );
    const { session, view } = setup([d]);
    session.start();
    await vi.waitFor(() => expect(seen.scans).toBe(1));
    // An answer arrived (nothing in the page changed), our own host went in.
    mountShadow('badge', '', (host) => view.append(host));
    session.schedule(0);
    await vi.waitFor(() => expect(seen.scans).toBe(2));
    view.append(document.createElement('span'));
    await vi.waitFor(() => expect(seen.scans).toBe(3));
    expect(generations[1]).toBe(generations[0]);
    expect(generations[2]).toBeGreaterThan(generations[1] as number);
    expect(seen.ctx?.roots()).toEqual([view]);
  });

  it('observes several parts, re-checks them, and waits for its prepare step before the first scan', async () => {
    const { d, seen } = detector('profile');
    const background = fakeBackground();
    const [main, overlay] = [document.createElement('main'), document.createElement('aside')];
    document.body.append(main);
    let answer: () => void = () => undefined;
    const prepared = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const session = new Session(
      {
        site: 'linkedin',
        detectors: [d],
        scanDelayMs: 20,
        targetCheckMs: 30,
        observe: () => ({
          target: overlay.isConnected ? [main, overlay] : main,
          init: { childList: true, subtree: true },
        }),
        prepare: () => prepared,
      },
      {
        document,
        send: background.send,
        onChange: () => undefined,
        claim: () => true,
        now: () => Date.now(),
      },
    );
    sessions.push(session);
    session.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.scans).toBe(0);
    answer();
    await vi.waitFor(() => expect(seen.scans).toBe(1));
    expect(seen.ctx?.roots()).toEqual([main]);
    // The overlay comes late: the target check picks it up, and its changes bring scans.
    document.body.append(overlay);
    await vi.waitFor(() => expect(seen.ctx?.roots()).toEqual([main, overlay]));
    const scans = seen.scans;
    overlay.append(document.createElement('li'));
    await vi.waitFor(() => expect(seen.scans).toBe(scans + 1));
    // The rest of the body is not watched.
    document.body.append(document.createElement('div'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen.scans).toBe(scans + 1);
  });

  it('publishes its scan time only when the bench switched measuring on', async () => {
    performance.clearMeasures('etape:gmail:scan');
    const quiet = detector('conversation');
    setup([quiet.d]).session.start();
    await vi.waitFor(() => expect(quiet.seen.scans).toBe(1));
    expect(performance.getEntriesByName('etape:gmail:scan')).toHaveLength(0);
    const measured = detector('conversation');
    setup([measured.d], true, undefined, true).session.start();
    await vi.waitFor(() => expect(measured.seen.scans).toBe(1));
    expect(performance.getEntriesByName('etape:gmail:scan')).toHaveLength(1);
  });

  it('does not start when a live copy already runs in the page', () => {
    const { d, seen } = detector('conversation');
    const { session } = setup([d], false);
    expect(session.start()).toBe(false);
    expect(seen.scans).toBe(0);
  });

  it('files a failure under the detector that failed and keeps the others running', async () => {
    const broken = detector('inbox', () => {
      throw new Error('boom');
    });
    const parsing = detector('conversation', (_root, ctx) =>
      ctx.fail(new SelectorError({ name: 'gmail.sender', alternatives: ['span.gD'] })),
    );
    const fine = detector('compose', (_root, ctx) => ctx.ok());
    const { session, background } = setup([broken.d, parsing.d, fine.d]);
    session.start();
    await vi.waitFor(() => expect(background.of('reportHealth')).toHaveLength(3));
    const health = background.of('reportHealth').map((call) => call.payload);
    expect(health).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ site: 'gmail', detector: 'inbox', ok: false, message: 'boom' }),
        expect.objectContaining({ detector: 'conversation', ok: false, selector: 'gmail.sender' }),
        { site: 'gmail', detector: 'compose', ok: true },
      ]),
    );
    expect(fine.seen.scans).toBeGreaterThan(0);
  });

  it('stops every detector when the extension context is gone', async () => {
    const orphaned = detector('conversation', () => {
      throw new Error('Extension context invalidated.');
    });
    const other = detector('inbox');
    const { session, background } = setup([orphaned.d, other.d]);
    session.start();
    await vi.waitFor(() => expect(session.stopped).toBe(true));
    expect(orphaned.seen.stopped).toBe(1);
    expect(other.seen.stopped).toBe(1);
    expect(background.of('reportHealth')).toEqual([]);
  });
});

describe('logging', () => {
  it('sends each key once, and what failed again after a delay even if the page is still', async () => {
    const wanted = [touchpoint('gmail:1'), touchpoint('gmail:2')];
    const { d } = detector('conversation', (_root, ctx) => void ctx.log(wanted));
    const { session, background } = setup([d]);
    background.failing.set('logTouchpoints', () => new Error('worker restarting'));
    session.start();
    await vi.waitFor(() => expect(background.of('logTouchpoints').length).toBeGreaterThan(0));
    expect(background.of('reportHealth')[0]?.payload).toMatchObject({
      detector: 'conversation',
      ok: false,
    });
    background.failing.clear();
    // The retry (0.5 s) scans again: the keys go once more, then never.
    await vi.waitFor(() => expect(background.of('logTouchpoints').length).toBeGreaterThan(1), {
      timeout: 3000,
    });
    const sent = background.of('logTouchpoints').length;
    session.schedule(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(background.of('logTouchpoints')).toHaveLength(sent);
    const keys = background.of('logTouchpoints').at(-1)?.payload.touchpoints as TouchpointInput[];
    expect(keys.map((t) => t.key)).toEqual(['gmail:1', 'gmail:2']);
  });

  it('drops what the background refuses as invalid instead of resending it forever', async () => {
    let once = false;
    const { d } = detector('conversation', (_root, ctx) => {
      if (once) return;
      once = true;
      void ctx.log([touchpoint('gmail:bad')]);
    });
    const { session, background } = setup([d]);
    background.failing.set('logTouchpoints', () => new EtapeError('invalid', 'bad'));
    session.start();
    await vi.waitFor(() => expect(background.of('logTouchpoints')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(background.of('logTouchpoints')).toHaveLength(1);
  });
});

describe('participants', () => {
  it('reports who the page shows once per change; a subject page reports only itself', async () => {
    let people = [{ email: 'a@b.example', name: 'A' }];
    let subject: Array<{ linkedinUrl: string }> | null = null;
    let hold = false;
    const list = detector('conversation', (_root, ctx) => ctx.participants(people));
    const profile = detector('profile', (_root, ctx) => {
      if (hold) ctx.holdParticipants();
      if (subject) ctx.participants(subject, { only: true });
    });
    const { session, background } = setup([list.d, profile.d]);
    session.start();
    await vi.waitFor(() => expect(background.of('reportPageContext')).toHaveLength(1));
    session.schedule(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(background.of('reportPageContext')).toHaveLength(1);
    hold = true;
    people = [];
    session.schedule(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(background.of('reportPageContext')).toHaveLength(1);
    hold = false;
    subject = [{ linkedinUrl: 'https://www.linkedin.com/in/x/' }];
    people = [{ email: 'c@d.example', name: 'C' }];
    session.schedule(0);
    await vi.waitFor(() => expect(background.of('reportPageContext')).toHaveLength(2));
    expect(background.of('reportPageContext').map((call) => call.payload.participants)).toEqual([
      [{ email: 'a@b.example', name: 'A' }],
      [{ linkedinUrl: 'https://www.linkedin.com/in/x/' }],
    ]);
  });
});

describe('handover', () => {
  const SEND: HandedSend = {
    draftId: 'msg-a:r-1',
    subject: 'Hi',
    threadId: '',
    recipients: [{ email: 'a@b.example', name: 'A' }],
    at: 1,
    leftAt: 2,
    sawUndo: true,
    committing: false,
  };

  it('hands over what is owed and the sends, then stays stopped', async () => {
    const { d: failing } = detector(
      'conversation',
      (_root, ctx) => void ctx.log([touchpoint('gmail:owed')]),
      { handOver: () => [SEND] },
    );
    const { session, background, handover } = setup([failing]);
    background.failing.set('logTouchpoints', () => new Error('worker restarting'));
    session.start();
    await vi.waitFor(() => expect(background.of('logTouchpoints').length).toBeGreaterThan(0));
    const state = handover().surrender();
    expect(state).toEqual({ sends: [SEND], touchpoints: [touchpoint('gmail:owed')] });
    expect(session.stopped).toBe(true);
  });

  it('logs what it takes over under the detector of its kind, and passes on the sends', async () => {
    const taken: HandedSend[][] = [];
    const compose = detector('compose', () => {}, {
      kinds: ['email_sent'],
      takeOver: (sends) => taken.push(sends),
    });
    const conversation = detector('conversation', () => {}, { kinds: ['email_received'] });
    const { session, background, handover } = setup([conversation.d, compose.d]);
    background.failing.set('logTouchpoints', () => new Error('worker restarting'));
    session.start();
    handover().receive({
      sends: [SEND],
      touchpoints: [touchpoint('gmail:compose:x', 'email_sent')],
    });
    await vi.waitFor(() => expect(background.of('reportHealth').length).toBeGreaterThan(0));
    expect(taken).toEqual([[SEND]]);
    expect(background.of('reportHealth')[0]?.payload).toMatchObject({ detector: 'compose' });
  });

  it('reports a refused handover to detection health', async () => {
    const { session, background, handover } = setup([detector('conversation').d]);
    session.start();
    handover().refused('signature');
    await vi.waitFor(() => expect(background.of('reportHealth')).toHaveLength(1));
    expect(background.of('reportHealth')[0]?.payload).toMatchObject({
      site: 'gmail',
      detector: 'handover',
      ok: false,
    });
  });
});

describe('change events', () => {
  it('passes them to the site, which decides whether to scan; a throwing handler is reported', async () => {
    const { d, seen } = detector('conversation');
    const { session, change, background } = setup([d], true, (event, site) => {
      if (event.what === 'health') throw new Error('site handler broke');
      if (event.what === 'prospect') site.schedule(0);
    });
    session.start();
    await vi.waitFor(() => expect(seen.scans).toBe(1));
    change({ what: 'touchpoint', seq: 1, at: 1, prospectIds: [] });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen.scans).toBe(1);
    change({ what: 'prospect', seq: 2, at: 1, prospectIds: [] });
    await vi.waitFor(() => expect(seen.scans).toBe(2));
    change({ what: 'health', seq: 3, at: 1, prospectIds: [] });
    await vi.waitFor(() => expect(background.of('reportHealth')).toHaveLength(1));
    expect(background.of('reportHealth')[0]?.payload).toMatchObject({
      detector: 'conversation',
      message: 'site handler broke',
    });
  });
});
