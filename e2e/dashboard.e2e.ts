/**
 * The dashboard in headless Chromium on the built extension: sample data loaded from the empty
 * state, the figures on the page equal to what the pure functions compute from the records in
 * IndexedDB, period switching, the won deals' view, a prospect's timeline, and one-click
 * removal of the sample.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsDataset,
  buildHistories,
  computeDashboard,
  type Period,
  presetPeriod,
} from '../src/shared/analytics.ts';
import type { Process, Prospect, StageChange, Touchpoint } from '../src/shared/schemas.ts';
import { type Harness, launch, waitFor } from './harness.ts';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await launch();
  page = await h.extensionPage('src/dashboard/index.html');
});

afterAll(async () => {
  await h?.close();
});

let records: Promise<{ process: Process; dataset: AnalyticsDataset }> | undefined;

/** What the pure functions say for the records in the extension's database (read once). */
async function expected(period: Period) {
  records ??= readRecords();
  const { process, dataset } = await records;
  return computeDashboard({ histories: buildHistories(dataset), process, period, now: Date.now() });
}

async function readRecords() {
  const process = (await h.send<{ process: Process }>({ type: 'getProcess' })).data?.process;
  if (!process) throw new Error('no process');
  const prospects = await h.records<Prospect>('prospects');
  const changes = await h.records<StageChange>('stageChanges');
  const touchpoints = await h.records<Touchpoint>('touchpoints');
  const counts = new Map<string, AnalyticsDataset['touchCounts'][number]>();
  for (const touchpoint of touchpoints) {
    const key = `${touchpoint.prospectId}|${touchpoint.stageId}|${touchpoint.kind}`;
    const row = counts.get(key) ?? { ...touchpoint, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  const dataset: AnalyticsDataset = {
    prospects,
    changes: [...changes].sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
    touchCounts: [...counts.values()],
  };
  return { process, dataset };
}

async function figure(id: string): Promise<number> {
  return Number(await page.locator(`[data-figure="${id}"]`).getAttribute('data-value'));
}

/** Goes to a view of the dashboard as its nav link does (a history entry). */
async function show(route: string): Promise<void> {
  await page.locator(`nav a[data-route-link="${route}"]`).click();
  await page.locator(`main[data-route="${route}"]`).waitFor();
}

/** The figures on the page, read in one round trip. */
function onPage() {
  return page.evaluate(() => {
    const value = (id: string) =>
      Number(document.querySelector(`[data-figure="${id}"]`)?.getAttribute('data-value'));
    const chart = (id: string) =>
      [...document.querySelectorAll(`[data-chart="${id}"] tbody td[data-value]`)].map((cell) =>
        Number(cell.getAttribute('data-value')),
      );
    return {
      won: value('won'),
      lost: value('lost'),
      cycle: value('cycle-count'),
      funnel: chart('funnel'),
      pipeline: chart('pipeline'),
      verdict: document.querySelector('[data-verdict]')?.getAttribute('data-stage') ?? null,
    };
  });
}

describe('dashboard', () => {
  it('offers sample data on an empty database and loads a 120-day pipeline', async () => {
    const load = page.getByRole('button', { name: 'Load sample data' });
    await load.waitFor();
    await load.click();
    await page.locator('[data-sample="loaded"]').waitFor();
    const prospects = await h.records<Prospect>('prospects');
    expect(prospects).toHaveLength(200);
    expect(prospects.every((prospect) => prospect.sample === true)).toBe(true);
    for (const id of ['outcome', 'speed', 'funnel', 'accelerate']) {
      expect(await page.locator(`[data-section="${id}"]`).count(), id).toBe(1);
    }
    // The default period is the rolling 90 days; the won deals are a view of their own.
    expect(await page.locator('[data-preset="last90"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-section="retrospective"]').count()).toBe(0);
  });

  it('shows, for each period, the counts the pure functions compute from the same records', async () => {
    for (const preset of [
      'last30',
      'last12Months',
      'thisQuarter',
      'thisMonth',
      'lastMonth',
    ] as const) {
      await page.locator(`[data-preset="${preset}"]`).click();
      await waitFor(
        async () =>
          (await page.locator(`[data-preset="${preset}"]`).getAttribute('aria-pressed')) === 'true',
      );
      await page.locator(`[data-figures-preset="${preset}"]`).waitFor();
      const want = await expected(presetPeriod(preset, Date.now()));
      expect(await onPage(), preset).toEqual({
        won: want.current.won,
        lost: want.current.lost,
        cycle: want.current.cycle.n,
        funnel: want.current.funnel.map((step) => step.reached),
        pipeline: want.current.pipeline.map((row) => row.count),
        verdict: want.accelerate?.stageId ?? null,
      });
      expect(Number(await page.locator('[data-kpi="won"]').getAttribute('data-value'))).toBe(
        want.current.won,
      );
    }
    // The sample spans 120 days: last month has wins and losses to show, in the won view.
    expect(await figure('won')).toBeGreaterThan(0);
    const want = await expected(presetPeriod('lastMonth', Date.now()));
    await show('won');
    await page
      .locator('[data-figures-preset="lastMonth"] [data-section="retrospective"]')
      .waitFor();
    const rows = (table: string) => page.locator(`[data-table="${table}"] tbody tr`).count();
    expect(await rows('deals-won')).toBe(Math.min(12, want.won.count));
    expect(await rows('deals-lost')).toBe(Math.min(12, want.lost.count));
    expect(await page.locator('[data-pattern="won"]').textContent()).toMatch(/^Won deals: /);
    // Back is the overview again, on the same period.
    await page.goBack();
    await page.locator('main[data-route="overview"] [data-figures-preset="lastMonth"]').waitFor();
  });

  it('a custom period is compared with the period of the same length before it', async () => {
    await page.locator('[data-preset="custom"]').click();
    const day = (offset: number) => {
      const date = new Date(Date.now() + offset * 86_400_000);
      return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    };
    await page.locator('input[name="from"]').fill(day(-60));
    await page.locator('input[name="to"]').fill(day(-1));
    await page.getByRole('button', { name: 'Apply' }).click();
    const start = new Date(`${day(-60)}T00:00:00`).getTime();
    const end = new Date(`${day(0)}T00:00:00`).getTime();
    await page.locator(`[data-period="${start}-${end}"]`).waitFor();
    await page.locator('[data-figures-preset="custom"]').waitFor();
    const want = await expected({ start, end });
    expect(await figure('won')).toBe(want.current.won);
    expect(await figure('lost')).toBe(want.current.lost);
    expect(
      Number(await page.locator('[data-figure="won"]').getAttribute('data-value')),
    ).toBeGreaterThan(0);
  });

  it('draws each chart as SVG at its box’s width, a bar per figure of its table, in the theme’s colours', async () => {
    await page.locator('[data-chart="time-in-stage"] svg rect.bar').first().waitFor();
    const drawn = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-chart]')].map((figure) => {
          const svg = figure.querySelector('svg');
          const bars = [...figure.querySelectorAll<SVGRectElement>('svg rect.bar')];
          return {
            id: figure.getAttribute('data-chart'),
            width: Number(svg?.getAttribute('width')),
            box: svg?.parentElement?.clientWidth,
            hidden: svg?.getAttribute('aria-hidden'),
            bars: bars.map((bar) => Number(bar.dataset.value)),
            cells: [...figure.querySelectorAll('tbody td[data-value]')].map((cell) =>
              Number(cell.getAttribute('data-value')),
            ),
            legend: figure.querySelectorAll('svg .legend [data-legend]').length,
            fill: bars[0] ? getComputedStyle(bars[0]).fill : null,
            canvas: figure.querySelectorAll('canvas').length,
          };
        }),
      );
    const light = await drawn();
    expect(light.map((chart) => chart.id)).toEqual(['pipeline', 'time-in-stage', 'funnel']);
    for (const chart of light) {
      expect(chart.width, chart.id ?? '').toBe(chart.box);
      expect(chart.hidden).toBe('true');
      expect(chart.canvas).toBe(0);
      // Bars in the table's order: stage by stage, series by series.
      expect(chart.bars, chart.id ?? '').toEqual(chart.cells);
      expect(chart.fill).toBe('rgb(33, 80, 180)'); // --accent, light
    }
    expect(light.map((chart) => chart.legend)).toEqual([0, 3, 0]);
    // Dark mode: the same bars, the dark token, with nothing re-rendered.
    const first = await page.locator('[data-chart="pipeline"] rect.bar').first().elementHandle();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await drawn();
    expect(dark.map((chart) => chart.fill)).toEqual(light.map(() => 'rgb(143, 176, 255)'));
    expect(await first?.evaluate((bar) => bar.isConnected)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    // A narrower window: every chart follows its box (the full-width one gets narrower).
    const size = page.viewportSize();
    await page.setViewportSize({ width: 700, height: size?.height ?? 800 });
    await waitFor(async () => (await drawn()).every((chart) => chart.width === chart.box));
    expect((await drawn())[1]?.width).toBeLessThan(light[1]?.width ?? 0);
    if (size) await page.setViewportSize(size);
  });

  it('shows the same figures from its stored copy after the worker was stopped', async () => {
    // The copy is written a second after the read that made it.
    await waitFor(async () =>
      (await h.records<{ id: string }>('snapshots')).some((record) => record.id === 'dashboard'),
    );
    await h.stopWorker();
    const reply = await h.send<{ dataSource: string }>({
      type: 'getDashboard',
      ...presetPeriod('lastMonth', Date.now()),
    });
    expect(reply.data?.dataSource).toBe('record');
    await page.reload();
    // It opens on the last preset picked (a custom range is not kept).
    await page.locator('[data-figures-preset="lastMonth"]').waitFor();
    expect(await page.locator('[data-preset="lastMonth"]').getAttribute('aria-pressed')).toBe(
      'true',
    );
    const want = await expected(presetPeriod('lastMonth', Date.now()));
    const shown = await onPage();
    expect(shown.won).toBe(want.current.won);
    expect(shown.lost).toBe(want.current.lost);
    expect(shown.funnel).toEqual(want.current.funnel.map((step) => step.reached));
    expect(shown.pipeline).toEqual(want.current.pipeline.map((row) => row.count));
  });

  it('opens the full timeline of a prospect from a list, and closes it with Escape', async () => {
    await show('won');
    const link = page.locator('[data-table="deals-won"] button[data-prospect-id]').first();
    const prospectId = await link.getAttribute('data-prospect-id');
    await link.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator(`dialog[open][data-timeline="${prospectId}"]`);
    await dialog.locator('li[data-event]').first().waitFor();
    const changes = (await h.records<StageChange>('stageChanges')).filter(
      (change) => change.prospectId === prospectId,
    );
    const touchpoints = (await h.records<Touchpoint>('touchpoints')).filter(
      (touchpoint) => touchpoint.prospectId === prospectId,
    );
    expect(await dialog.locator('li[data-event="stage"]').count()).toBe(changes.length);
    expect(await dialog.locator('li[data-event="touchpoint"]').count()).toBe(touchpoints.length);
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await page.locator('dialog[open]').count()).toBe(0);
    // Focus is back on the name that opened it.
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('data-prospect-id')),
    ).toBe(prospectId);
    await show('overview');
  });

  it('removes the sample data in one click without touching real records', async () => {
    const real = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Real Customer',
      emails: ['real@customer.example'],
    });
    expect(real.ok).toBe(true);
    await h.send({
      type: 'logTouchpoints',
      touchpoints: [
        {
          prospectId: real.data?.prospect.id,
          channel: 'manual',
          kind: 'call',
          at: Date.now(),
          key: 'real:call',
        },
      ],
    });
    await page.getByRole('button', { name: 'Remove sample data' }).click();
    await waitFor(async () => (await h.records('prospects')).length === 1);
    expect((await h.records<Prospect>('prospects'))[0]?.name).toBe('Real Customer');
    expect((await h.records<Touchpoint>('touchpoints')).map((item) => item.key)).toEqual([
      'real:call',
    ]);
    expect(await h.records<StageChange>('stageChanges')).toHaveLength(1);
    await page.locator('[data-sample]').waitFor({ state: 'detached' });
    // The dashboard's stored copy keeps no sample name once they are gone.
    const sampleName = (await expected(presetPeriod('thisQuarter', Date.now()))).won.deals[0]?.name;
    expect(sampleName).toBeTruthy();
    await page.waitForTimeout(1500);
    expect(JSON.stringify(await h.records('snapshots'))).not.toContain(sampleName);
  });

  it('makes no network request', () => {
    expect(h.strayRequests).toEqual([]);
  });
});
