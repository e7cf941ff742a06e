// @vitest-environment happy-dom
/**
 * The dashboard page against the real background service (fake-indexeddb behind a mocked
 * webextension-polyfill, the popup's test bridge): empty state → sample data → figures equal to
 * the pure functions' → period switch, remembered → the router's views, Back and reload → a
 * timeline that shows names as text, never markup.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { bridge } from '../popup/test-browser.ts';
import { buildHistories, computeDashboard, presetPeriod } from '../shared/analytics.ts';
import type { Process } from '../shared/schemas.ts';
import { testPage } from './test-page.ts';

vi.mock('webextension-polyfill', () => import('../popup/test-browser.ts'));

const page = testPage();

async function mount(): Promise<void> {
  const { App } = await import('./app.tsx');
  act(() => render(<App />, page.root));
}

function find<T extends Element = HTMLElement>(selector: string): Promise<T> {
  return vi.waitFor(
    () => {
      const found =
        page.root.querySelector<T & Element>(selector) ?? document.querySelector(selector);
      if (!found) throw new Error(`${selector} not rendered yet`);
      return found as unknown as T;
    },
    { timeout: 5000 },
  );
}

async function expectedFor(preset: 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'last90') {
  const reply = await bridge.service.handle({ type: 'getProcess' });
  if (!reply.ok) throw new Error('no process');
  const { process } = reply.data as { process: Process };
  const histories = buildHistories({
    prospects: await bridge.db.prospects.toArray(),
    changes: (await bridge.db.stageChanges.toArray()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
    touchCounts: (await bridge.db.touchpoints.toArray()).map((touchpoint) => ({
      ...touchpoint,
      count: 1,
    })),
  });
  const now = Date.now();
  return computeDashboard({ histories, process, period: presetPeriod(preset, now), now });
}

// Seeding ~3,000 records into fake-indexeddb takes seconds on a busy machine.
const SLOW = { timeout: 60_000 };

describe('dashboard page', () => {
  it(
    'offers sample data when empty, then shows the figures the pure functions compute',
    SLOW,
    async () => {
      await mount();
      const load = await find<HTMLButtonElement>('[data-sample="empty"] button');
      expect(page.root.querySelector('[data-section="outcome"]')).toBeNull();
      await act(async () => load.click());
      await find('[data-sample="loaded"]');
      await find('[data-section="outcome"]');
      // The rolling quarter by default: never "0 won" just because a month has begun.
      expect(page.root.querySelector('[data-preset="last90"]')?.getAttribute('aria-pressed')).toBe(
        'true',
      );
      const quarter = await expectedFor('last90');
      expect(Number(page.root.querySelector('[data-kpi="won"]')?.getAttribute('data-value'))).toBe(
        quarter.current.won,
      );
      expect(quarter.current.won).toBeGreaterThan(0);

      const lastMonth = await find<HTMLButtonElement>('[data-preset="lastMonth"]');
      await act(async () => lastMonth.click());
      expect(lastMonth.getAttribute('aria-pressed')).toBe('true');
      await find('[data-figures-preset="lastMonth"]');
      const want = await expectedFor('lastMonth');
      const value = (id: string) =>
        Number(page.root.querySelector(`[data-figure="${id}"]`)?.getAttribute('data-value'));
      expect(value('won')).toBe(want.current.won);
      expect(value('lost')).toBe(want.current.lost);
      const funnel = [
        ...page.root.querySelectorAll('[data-chart="funnel"] tbody td[data-value]'),
      ].map((cell) => Number(cell.getAttribute('data-value')));
      expect(funnel).toEqual(want.current.funnel.map((step) => step.reached));
      // Every chart has its numbers in a table with a caption and named headers.
      for (const chart of page.root.querySelectorAll('[data-chart]')) {
        expect(chart.querySelector('table caption')?.textContent).toBeTruthy();
        for (const header of chart.querySelectorAll('th'))
          expect(header.textContent?.trim()).toBeTruthy();
      }
      // The won deals are a view of their own, on the same period.
      window.location.hash = '#/won';
      await find('[data-section="retrospective"]');
      expect(
        page.root.querySelector('[data-preset="lastMonth"]')?.getAttribute('aria-pressed'),
      ).toBe('true');
      if (want.won.count > 0) {
        expect((await find('[data-pattern="won"]')).textContent).toMatch(
          /^Won deals: median .+ before .+, .+ d in .+\.$/,
        );
      }
      expect(page.root.querySelector('[data-section="outcome"]')).toBeNull();
    },
  );

  it('opens a timeline where a name holding markup stays text', SLOW, async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Eve';
    const tracked = await bridge.service.handle({ type: 'trackContact', name: hostile });
    if (!tracked.ok) throw new Error('track failed');
    const { prospect } = tracked.data as { prospect: { id: string } };
    await bridge.service.handle({
      type: 'logTouchpoints',
      touchpoints: [
        {
          prospectId: prospect.id,
          channel: 'gmail',
          kind: 'email_sent',
          at: Date.now() - 1000,
          key: 'k1',
          summary: '<b>Proposal</b>',
        },
      ],
    });
    const { TimelineDialog } = await import('./components/timeline-dialog.tsx');
    act(() =>
      render(<TimelineDialog prospectId={prospect.id} onClose={() => undefined} />, page.root),
    );
    const host = page.root;
    const title = await vi.waitFor(
      () => {
        const heading = host.querySelector('#timeline-title');
        if (!heading?.textContent?.includes('Eve')) throw new Error('not loaded');
        return heading;
      },
      { timeout: 5000 },
    );
    expect(title.textContent).toBe(`Timeline of ${hostile}`);
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelectorAll('li[data-event="touchpoint"]')).toHaveLength(1);
    expect(host.querySelector('li[data-event="touchpoint"]')?.textContent).toContain(
      'Email sent: <b>Proposal</b>',
    );
  });
});
