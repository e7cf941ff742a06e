// @vitest-environment happy-dom
/**
 * The LinkedIn UI hosts: where they go, that their roles follow the prospect's state, that an
 * unchanged state re-renders nothing, and that linking is confirmed before it is done.
 */
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../../shared/default-process.ts';
import type { Prospect } from '../../shared/schemas.ts';
import { badgeNode, linkNode, Slot, trackNode, type UiActions } from './ui.ts';

/** happy-dom's clicks are untrusted; here they stand for the user's, unless a test says not. */
const gesture = vi.hoisted(() => ({ trusted: true }));
vi.mock('../shared/gesture.ts', () => ({ isUserGesture: () => gesture.trusted }));

vi.mock('webextension-polyfill', () => ({
  default: { i18n: { getMessage: (key: string, subs: string[] = []) => [key, ...subs].join(':') } },
}));

const process = defaultProcess('en', 0);
const prospect: Prospect = {
  id: 'p1',
  name: 'Camille Durand',
  emails: [],
  stageId: 'prospect',
  stageEnteredAt: Date.now(),
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
};
const gmailProspect: Prospect = { ...prospect, id: 'g1', emails: ['camille@northwind.example'] };

function actions(overrides: Partial<UiActions> = {}): UiActions {
  return {
    advance: vi.fn(async () => {}),
    track: vi.fn(async () => {}),
    search: vi.fn(async () => [{ prospect: gmailProspect, lastTouchAt: null }]),
    describeLink: vi.fn(async () => 'stage kept: Qualified'),
    link: vi.fn(async () => {}),
    ...overrides,
  };
}

function profileHeading(): HTMLElement {
  const main = document.createElement('main');
  const link = document.createElement('a');
  link.href = '/in/camille-durand/overlay/about-this-profile/';
  const h1 = document.createElement('h1');
  h1.textContent = 'Camille Durand';
  link.append(h1);
  main.append(link);
  document.body.append(main);
  return h1;
}

const shadowOf = (role: string) =>
  document.querySelector(`[data-etape="${role}"]`)?.shadowRoot ?? null;

afterEach(() => {
  document.body.replaceChildren();
});

describe('Slot', () => {
  it('places hosts after the link around the name, switching roles with the state', () => {
    const h1 = profileHeading();
    const slot = new Slot(h1);
    const ui = actions();
    act(() =>
      slot.update(
        [
          { role: 'track', node: trackNode('Camille Durand', ui) },
          { role: 'link', node: linkNode(ui, null) },
        ],
        'untracked',
      ),
    );
    const link = h1.closest('a') as HTMLAnchorElement;
    expect(link.contains(document.querySelector('[data-etape]'))).toBe(false);
    expect((link.nextElementSibling as HTMLElement).dataset.etape).toBe('track');
    expect(shadowOf('track')?.textContent).toContain('track');

    act(() =>
      slot.update(
        [
          { role: 'badge', node: badgeNode({ prospect, lastTouchAt: null }, process, ui) },
          { role: 'link', node: linkNode(ui, 'p1') },
        ],
        'tracked',
      ),
    );
    expect(document.querySelector('[data-etape="track"]')).toBeNull();
    expect(shadowOf('badge')?.textContent).toContain('Prospect');

    // Same key: nothing is re-rendered (the container keeps what was there).
    const badgeShadow = shadowOf('badge');
    badgeShadow?.querySelector('.chip')?.setAttribute('data-marker', 'kept');
    act(() =>
      slot.update(
        [
          { role: 'badge', node: null },
          { role: 'link', node: null },
        ],
        'tracked',
      ),
    );
    expect(badgeShadow?.querySelector('.chip')?.getAttribute('data-marker')).toBe('kept');

    act(() => slot.remove());
    expect(document.querySelector('[data-etape]')).toBeNull();
  });

  it('keeps clicks inside its hosts from reaching the page', () => {
    const h1 = profileHeading();
    const pageClicks = vi.fn();
    document.body.addEventListener('click', pageClicks);
    const slot = new Slot(h1);
    const ui = actions();
    act(() => slot.update([{ role: 'track', node: trackNode('Camille Durand', ui) }]));
    const button = shadowOf('track')?.querySelector('button') as HTMLButtonElement;
    act(() => button.click());
    expect(ui.track).toHaveBeenCalledOnce();
    expect(pageClicks).not.toHaveBeenCalled();
  });

  it('tracks nothing when a page script clicks Track for the user', () => {
    const h1 = profileHeading();
    const slot = new Slot(h1);
    const ui = actions();
    act(() => slot.update([{ role: 'track', node: trackNode('Camille Durand', ui) }]));
    const button = shadowOf('track')?.querySelector('button') as HTMLButtonElement;
    gesture.trusted = false;
    try {
      act(() => button.click());
    } finally {
      gesture.trusted = true;
    }
    expect(ui.track).not.toHaveBeenCalled();
  });
});

describe('link to an existing prospect', () => {
  it('searches, shows what the merge keeps, and links only on confirmation', async () => {
    const h1 = profileHeading();
    const slot = new Slot(h1);
    const ui = actions();
    act(() => slot.update([{ role: 'link', node: linkNode(ui, 'p1') }]));
    const shadow = shadowOf('link') as ShadowRoot;
    await act(async () => (shadow.querySelector('.chip') as HTMLButtonElement).click());
    const pick = await vi.waitFor(() => {
      const found = shadow.querySelector<HTMLButtonElement>('[data-etape-action="pick-prospect"]');
      if (!found) throw new Error('no result yet');
      return found;
    });
    expect(pick.textContent).toContain('camille@northwind.example');
    await act(async () => pick.click());
    const confirm = await vi.waitFor(() => {
      const found = shadow.querySelector<HTMLButtonElement>('[data-etape-action="confirm-link"]');
      if (!found) throw new Error('no confirmation yet');
      return found;
    });
    expect(shadow.textContent).toContain('stage kept: Qualified');
    expect(ui.link).not.toHaveBeenCalled();
    gesture.trusted = false;
    await act(async () => confirm.click());
    gesture.trusted = true;
    expect(ui.link).not.toHaveBeenCalled();
    await act(async () => confirm.click());
    expect(ui.link).toHaveBeenCalledWith(gmailProspect);
  });
});
