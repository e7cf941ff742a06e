// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { connectTouchpoint, inviteeOf, watchInvitations } from './connect-sent.ts';

/** happy-dom's dispatched clicks are untrusted; here they stand for the user's, unless not. */
const gesture = vi.hoisted(() => ({ trusted: true }));
vi.mock('../shared/gesture.ts', () => ({ isUserGesture: () => gesture.trusted }));

import { loadFixture } from './test-fixtures.ts';

describe('who an invitation is for', () => {
  const search = loadFixture('search-results-2025-04.html');
  const triggers = [...search.querySelectorAll('[data-fixture="connect"]')];

  it('reads the search row of a 2024-style Connect button', () => {
    expect(
      inviteeOf(triggers[0] as Element, 'https://www.linkedin.com/search/results/people/'),
    ).toBe('https://www.linkedin.com/in/lea-bernard/');
  });

  it('reads the vanity name of a 2025-style custom-invite link', () => {
    expect(
      inviteeOf(triggers[1] as Element, 'https://www.linkedin.com/search/results/people/'),
    ).toBe('https://www.linkedin.com/in/hugo-petit/');
  });

  it('keeps a member-id link of a result row as it is (the background resolves either id)', () => {
    const row = document.createElement('li');
    row.className = 'reusable-search__result-container';
    const link = document.createElement('a');
    link.href = 'https://www.linkedin.com/in/ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw?mini=1';
    const button = document.createElement('button');
    button.setAttribute('aria-label', 'Invite Maëlle Garnier to connect');
    row.append(link, button);
    expect(inviteeOf(button, 'https://www.linkedin.com/search/results/people/')).toBe(
      'https://www.linkedin.com/in/ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw/',
    );
  });

  it('falls back to the profile of the page (top card, More menu)', () => {
    const profile = loadFixture('profile-2025-04.html');
    const item = profile.querySelector('[data-fixture="connect"]') as Element;
    expect(inviteeOf(item, 'https://www.linkedin.com/in/julien-moreau/')).toBe(
      'https://www.linkedin.com/in/julien-moreau/',
    );
  });

  it('makes one touchpoint per person per day', () => {
    const a = connectTouchpoint('https://www.linkedin.com/in/a/', new Date(2026, 0, 5, 9));
    const b = connectTouchpoint('https://www.linkedin.com/in/a/', new Date(2026, 0, 5, 18));
    expect(a.key).toBe(b.key);
    expect(a.kind).toBe('linkedin_connect_sent');
  });
});

describe('watchInvitations', () => {
  it('counts a send in the invitation modal, not the Connect click, a note or a cancel', () => {
    const search = loadFixture('search-results-2025-04.html');
    const modal = loadFixture('invitation-modal-2025-04.html').getElementById('modal') as Element;
    document.body.replaceChildren(document.importNode(search.body, true));
    const sent: string[] = [];
    const started: string[] = [];
    const errors: unknown[] = [];
    const controller = new AbortController();
    watchInvitations(
      document,
      {
        started: (url) => started.push(url),
        sent: (url) => sent.push(url),
        withdrawing: () => {},
        failed: (error) => errors.push(error),
      },
      controller.signal,
    );
    const click = (element: Element | null) =>
      element?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const openModal = () => {
      document.querySelector('.artdeco-modal-overlay')?.remove();
      document.body.append(document.importNode(modal, true));
    };
    const triggers = [...document.querySelectorAll('[data-fixture="connect"] span')];

    click(triggers[0] ?? null);
    openModal();
    expect(sent).toEqual([]);
    click(document.querySelector('[data-test-modal-close-btn]'));
    expect(sent).toEqual([]);
    click(triggers[0] ?? null);
    openModal();
    click(document.querySelector('[data-fixture="send"] span'));
    expect(sent).toEqual(['https://www.linkedin.com/in/lea-bernard/']);

    click(triggers[1] ?? null);
    openModal();
    click(document.querySelector('[data-fixture="add-note"]'));
    expect(sent).toHaveLength(1);
    click(document.querySelector('[data-fixture="send"]'));
    expect(sent.at(-1)).toBe('https://www.linkedin.com/in/hugo-petit/');

    // A second send with nobody pending, off a profile page: nothing to attribute it to.
    click(document.querySelector('[data-fixture="send"]'));
    expect(sent).toHaveLength(2);

    // A page script clicking for the user: neither a start nor a send.
    gesture.trusted = false;
    click(triggers[0] ?? null);
    openModal();
    click(document.querySelector('[data-fixture="send"]'));
    expect(sent).toHaveLength(2);
    gesture.trusted = true;

    controller.abort();
    click(triggers[0] ?? null);
    click(document.querySelector('[data-fixture="send"]'));
    expect(sent).toHaveLength(2);
    expect(started).toEqual([
      'https://www.linkedin.com/in/lea-bernard/',
      'https://www.linkedin.com/in/lea-bernard/',
      'https://www.linkedin.com/in/hugo-petit/',
    ]);
    expect(errors).toEqual([]);
  });

  it('tells a click on a Pending control (withdraw) from a Connect click', () => {
    document.body.replaceChildren();
    const pending = document.createElement('button');
    pending.setAttribute('aria-label', 'Pending, click to withdraw invitation sent to Léa Bernard');
    document.body.append(pending);
    let withdrawing = 0;
    const started: string[] = [];
    const controller = new AbortController();
    watchInvitations(
      document,
      {
        started: (url) => started.push(url),
        sent: () => {},
        withdrawing: () => withdrawing++,
        failed: () => {},
      },
      controller.signal,
    );
    pending.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(withdrawing).toBe(1);
    expect(started).toEqual([]);
    controller.abort();
  });
});
