/**
 * The pipeline board on the large dataset (10,000 prospects, about 6,000 of them open, seeded by
 * run.ts): its first paint, from navigation start to the columns and their first cards on
 * screen (`etape:board-painted`), with the worker warm (its open prospects in memory) and cold
 * (a restarted worker reads them from IndexedDB first); and the `getBoard` round trip behind it.
 * Writes nothing (the large dataset is shared).
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../e2e/harness.ts';
import { report, summarize } from './stats.ts';

export const name = 'board: first paint';
export const dataset = 'large';

const WARM = 15;
const COLD = 5;

export async function run(h: Harness): Promise<Record<string, number>> {
  const page = await h.context.newPage();
  const url = `chrome-extension://${h.extensionId}/src/dashboard/index.html#/pipeline`;
  const cdp = await h.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');

  /** Per opening: navigation to paint, and the page's first script to paint (our part). */
  const own: number[] = [];
  const painted = async (): Promise<number> => {
    // A new document each time: the same URL with its hash would only scroll.
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForFunction(
      () => performance.getEntriesByName('etape:board-painted').length > 0,
      null,
      { timeout: 120_000 },
    );
    const [total, start] = await page.evaluate(() => [
      performance.getEntriesByName('etape:board-painted')[0]?.duration ?? Number.NaN,
      performance.getEntriesByName('etape:start')[0]?.startTime ?? Number.NaN,
    ]);
    own.push(total - start);
    return total;
  };

  const cold: number[] = [];
  for (let i = 0; i < COLD; i++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(300);
    cold.push(await painted());
  }
  // The last cold opening left the worker warm.
  const warm: number[] = [];
  own.length = 0;
  for (let i = 0; i < WARM; i++) warm.push(await painted());
  const shown = await countShown(page);
  report('board first paint, worker cold (reads the open prospects)', cold);
  report(`board first paint, worker warm (${shown.cards} cards of ${shown.open} shown)`, warm);
  report('  of which from the page’s first script to the paint', own);

  const trips: number[] = [];
  for (let i = 0; i < WARM; i++) {
    trips.push(
      await page.evaluate(async () => {
        const { chrome } = globalThis as unknown as {
          chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean }> } };
        };
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: 'getBoard' });
        if (!reply.ok) throw new Error('getBoard failed');
        return performance.now() - start;
      }),
    );
  }
  report('  message getBoard, worker warm', trips);
  await page.close();
  return { 'board.warm.median.ms': Number(summarize(warm).median.toFixed(1)) };
}

async function countShown(page: Page): Promise<{ cards: number; open: number }> {
  return page.evaluate(() => ({
    cards: document.querySelectorAll('[data-prospect-card]').length,
    open: [...document.querySelectorAll('[data-stage-count]')].reduce(
      (sum, element) => sum + Number(element.getAttribute('data-stage-count')),
      0,
    ),
  }));
}
