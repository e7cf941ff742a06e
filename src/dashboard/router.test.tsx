// @vitest-environment happy-dom
/**
 * The dashboard's routes against the real background (the popup's test bridge): the nav links
 * every view, a link is a history entry that Back undoes, a reload stays on its view, an
 * unknown hash is replaced by the overview's, focus moves to the new view's heading, and the
 * period the user picks is the one the next opening starts on.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ROUTE_IDS } from './route-id.ts';
import { testPage } from './test-page.ts';

vi.mock('webextension-polyfill', () => import('../popup/test-browser.ts'));

const page = testPage();

async function mount(): Promise<void> {
  const { App } = await import('./app.tsx');
  act(() => render(<App />, page.root));
}

function unmount(): void {
  act(() => render(null, page.root));
}

function find(selector: string): Promise<HTMLElement> {
  return vi.waitFor(
    () => {
      const found = page.root.querySelector<HTMLElement>(selector);
      if (!found) throw new Error(`${selector} not rendered yet`);
      return found;
    },
    { timeout: 5000 },
  );
}

const heading = () => page.root.querySelector('main > h1')?.textContent;
const current = () => page.root.querySelector('nav a[aria-current="page"]')?.getAttribute('href');

describe('dashboard routes', () => {
  it('links every view; Back and Forward move between them; a reload stays', async () => {
    await mount();
    // No hash: the overview, without an extra history entry.
    const entries = history.length;
    expect(location.hash).toBe('#/overview');
    expect(history.length).toBe(entries);
    expect(
      [...page.root.querySelectorAll('nav a[data-route-link]')].map((link) =>
        link.getAttribute('href'),
      ),
    ).toEqual(ROUTE_IDS.map((id) => `#/${id}`));
    expect(current()).toBe('#/overview');
    await find('[data-sample="empty"]');

    await act(async () => (await find('a[data-route-link="pipeline"]')).click());
    await find('[data-stage-column="prospect"]');
    expect(heading()).toBe('Pipeline');
    expect(current()).toBe('#/pipeline');
    // A screen reader lands on the new view, as after a page load.
    expect(document.activeElement).toBe(page.root.querySelector('main > h1'));

    await act(async () => (await find('a[data-route-link="process"]')).click());
    await find('[data-section="process"] [data-stage-id="qualified"]');
    expect(document.title).toBe('Sales process · Etape');

    history.back();
    await find('[data-stage-column="prospect"]');
    expect(location.hash).toBe('#/pipeline');
    history.back();
    await find('[data-sample="empty"]');
    expect(current()).toBe('#/overview');
    history.forward();
    await find('[data-stage-column="prospect"]');

    // A reload is a new page on the same URL.
    location.hash = '#/settings';
    await find('[data-section="settings"]');
    unmount();
    await mount();
    await find('[data-section="settings"]');
    expect(heading()).toBe('Settings');
  });

  it('replaces an unknown hash (an old #outcome link) by the overview', async () => {
    history.replaceState(null, '', '/src/dashboard/index.html#outcome');
    const entries = history.length;
    await mount();
    expect(location.hash).toBe('#/overview');
    expect(history.length).toBe(entries);
    location.hash = '#/nowhere';
    await vi.waitFor(() => expect(location.hash).toBe('#/overview'));
    expect(current()).toBe('#/overview');
  });

  it('opens on the rolling 90 days, then on the period the user picked', async () => {
    await mount();
    const rolling = await find('[data-preset="last90"]');
    expect(rolling.getAttribute('aria-pressed')).toBe('true');
    await act(async () => (await find('[data-preset="last12Months"]')).click());
    expect(
      page.root.querySelector('[data-preset="last12Months"]')?.getAttribute('aria-pressed'),
    ).toBe('true');
    // The period stays across views that show figures.
    location.hash = '#/won';
    await vi.waitFor(() =>
      expect(
        page.root.querySelector('[data-preset="last12Months"]')?.getAttribute('aria-pressed'),
      ).toBe('true'),
    );
    // The board has no period.
    location.hash = '#/pipeline';
    await find('[data-stage-column="prospect"]');
    expect(page.root.querySelector('[data-preset]')).toBeNull();
    unmount();
    location.hash = '#/overview';
    await mount();
    expect((await find('[data-preset="last12Months"]')).getAttribute('aria-pressed')).toBe('true');
  });
});
