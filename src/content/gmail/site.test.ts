// @vitest-environment happy-dom
/**
 * The Gmail entry: its list of detectors, and a whole session on the dated conversation
 * fixture against a fake background — what it logs, reports and injects, and under which
 * detector its health is filed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../../shared/default-process.ts';
import type { Session } from '../shared/session.ts';
import { fakeBackground } from '../shared/test-background.ts';
import { sentKey } from './conversation.ts';
import { gmailDetectors, gmailSession } from './site.ts';
import { GmailState } from './state.ts';

vi.mock('webextension-polyfill', () => ({
  default: { i18n: { getMessage: (key: string, subs: string[] = []) => [key, ...subs].join(':') } },
}));

const ALICE = 'alice.martin@northwind.example';
const ACCOUNT = 'rep@etape-demo.example';
const FIXTURE = join(import.meta.dirname, '../../../e2e/fixtures/gmail/app-2025-04.html');

/** The fixture's Alice thread inside Gmail's main view, as its script would render it. */
function showThread(): void {
  const source = new DOMParser().parseFromString(readFileSync(FIXTURE, 'utf8'), 'text/html');
  const template = source.getElementById('view-FMfcgzAlice') as HTMLTemplateElement;
  const main = document.createElement('div');
  main.setAttribute('role', 'main');
  main.append(document.importNode(template.content, true));
  document.body.replaceChildren(main);
  document.title = `Pricing for 2026 - ${ACCOUNT} - Etape Demo Mail`;
}

const prospect = {
  id: 'alice',
  name: 'Alice Martin',
  emails: [ALICE],
  stageId: 'prospect',
  stageEnteredAt: Date.now(),
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
};

function background() {
  return fakeBackground({
    getSettings: () => ({
      settings: { ownAddresses: [], ignoredDomains: [], autoTrackRecipients: false },
    }),
    getContext: (payload) => ({
      process: defaultProcess('en', 0),
      prospects: (payload.emails as string[]).includes(ALICE)
        ? [{ prospect, lastTouchAt: null }]
        : [],
    }),
    gmailSentMatches: () => ({ matched: [] }),
  });
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
  document.body.replaceChildren();
});

describe('the Gmail entry', () => {
  it('is a short list of named detectors, each with its dated selectors', () => {
    const detectors = gmailDetectors(new GmailState());
    expect(detectors.map((detector) => detector.name)).toEqual([
      'conversation',
      'inbox',
      'account',
      'compose',
    ]);
    for (const detector of detectors) {
      expect(detector.selectors.length).toBeGreaterThan(0);
      for (const spec of detector.selectors) expect(spec.name).toMatch(/^gmail\./);
    }
  });

  it('logs a tracked prospect’s messages once, reports who is shown, injects badge and Track', async () => {
    showThread();
    const bg = background();
    const session = gmailSession(bg.deps);
    sessions.push(session);
    expect(session.start()).toBe(true);
    await vi.waitFor(() => expect(bg.loggedKeys()).toHaveLength(3));
    expect(bg.loggedKeys().sort()).toEqual([
      `gmail:msg-f:1820000000000000101:${ALICE}`,
      `gmail:msg-f:1820000000000000104:${ALICE}`,
      sentKey(ALICE, new Date(2025, 3, 8, 14, 15).getTime(), 'Pricing for 2026'),
    ]);
    // The sent one was checked against what other tabs and versions stored first.
    expect(bg.of('gmailSentMatches')).toHaveLength(1);
    expect(bg.of('reportPageContext').at(-1)?.participants).toEqual([
      { email: ALICE, name: 'Alice Martin' },
      { email: 'bruno.keller@northwind.example', name: 'Bruno Keller' },
    ]);
    await vi.waitFor(() =>
      expect(document.querySelectorAll('[data-etape="badge"]')).toHaveLength(1),
    );
    expect(document.querySelectorAll('[data-etape="track"]')).toHaveLength(1);
    expect(bg.of('reportHealth')).toEqual(
      expect.arrayContaining([
        { site: 'gmail', detector: 'conversation', ok: true },
        { site: 'gmail', detector: 'account', ok: true },
      ]),
    );
    // A new message in the view: one more scan, only what is new goes.
    const logged = bg.loggedKeys().length;
    session.schedule(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bg.loggedKeys()).toHaveLength(logged);
    expect(bg.of('addOwnAddress')).toEqual([{ email: ACCOUNT }]);
  });

  it('files a broken sender selector under the conversation detector, and the account under its own', async () => {
    showThread();
    for (const sender of document.querySelectorAll('span.gD')) sender.removeAttribute('email');
    document.title = 'Gmail';
    const bg = background();
    const session = gmailSession(bg.deps);
    sessions.push(session);
    session.start();
    await vi.waitFor(() => expect(bg.of('reportHealth')).toHaveLength(2));
    expect(bg.of('reportHealth')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ detector: 'conversation', ok: false, selector: 'gmail.sender' }),
        expect.objectContaining({
          detector: 'account',
          ok: false,
          selector: 'gmail.accountButton',
        }),
      ]),
    );
    expect(bg.of('logTouchpoints')).toEqual([]);
  });

  it('updates a badge in place after a change elsewhere: the same host, its open card stays open', async () => {
    showThread();
    let stageId = 'prospect';
    const bg = fakeBackground({
      getSettings: () => ({
        settings: { ownAddresses: [], ignoredDomains: [], autoTrackRecipients: false },
      }),
      getContext: (payload) => ({
        process: defaultProcess('en', 0),
        prospects: (payload.emails as string[]).includes(ALICE)
          ? [{ prospect: { ...prospect, stageId }, lastTouchAt: null }]
          : [],
      }),
      gmailSentMatches: () => ({ matched: [] }),
    });
    const session = gmailSession(bg.deps);
    sessions.push(session);
    session.start();
    await vi.waitFor(() => expect(document.querySelector('[data-etape="badge"]')).not.toBeNull());
    const host = document.querySelector('[data-etape="badge"]') as HTMLElement;
    const chip = () => host.shadowRoot?.querySelector('.chip') as HTMLButtonElement;
    chip().click();
    await vi.waitFor(() => expect(host.shadowRoot?.querySelector('.card')).not.toBeNull());
    const before = bg.of('getContext').length;
    const mutations: MutationRecord[] = [];
    const watch = new MutationObserver((records) => mutations.push(...records));
    watch.observe(document.body, { childList: true, subtree: true });

    // Another tab wrote something that does not change this badge: nothing moves.
    bg.change({ what: 'prospect', prospectIds: ['alice'] });
    await vi.waitFor(() => expect(bg.of('getContext').length).toBeGreaterThan(before));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(document.querySelector('[data-etape="badge"]')).toBe(host);
    expect(document.querySelectorAll('[data-etape="track"]')).toHaveLength(1);
    expect(
      mutations.filter((record) => [...record.addedNodes, ...record.removedNodes].length > 0),
    ).toEqual([]);
    expect(host.shadowRoot?.querySelector('.card')).not.toBeNull();

    // The stage moved: the same host shows the new stage, its card still open.
    stageId = 'contacted';
    const asked = bg.of('getContext').length;
    bg.change({ what: 'stage', prospectIds: ['alice'] });
    await vi.waitFor(() => expect(bg.of('getContext').length).toBeGreaterThan(asked));
    const contacted = defaultProcess('en', 0).stages.find((stage) => stage.id === 'contacted');
    await vi.waitFor(() => expect(chip().textContent).toContain(contacted?.name));
    expect(document.querySelector('[data-etape="badge"]')).toBe(host);
    expect(host.shadowRoot?.querySelector('.card')).not.toBeNull();
    watch.disconnect();
  });

  it('removes its UI when it stops (an update orphaned it)', async () => {
    showThread();
    const bg = background();
    const session = gmailSession(bg.deps);
    sessions.push(session);
    session.start();
    await vi.waitFor(() => expect(document.querySelector('[data-etape]')).not.toBeNull());
    session.stop();
    expect(document.querySelector('[data-etape]')).toBeNull();
  });
});
