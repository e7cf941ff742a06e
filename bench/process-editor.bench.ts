/**
 * The process editor on a year of data: what it loads with the dashboard (counts per stage,
 * versions) and, on demand, targets and actions learnt from every won deal.
 */
import type { Harness } from '../e2e/harness.ts';
import { report, type Summary } from './stats.ts';

export const name = 'dashboard: process editor data';
export const dataset = 'large';

export async function run(h: Harness): Promise<Summary> {
  const page = await h.extensionPage('manifest.json');
  const time = (type: string) =>
    page.evaluate(async (message) => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: message });
        times.push(performance.now() - start);
        if (!reply.ok) throw new Error(reply.error?.message);
      }
      return times;
    }, type);
  report('message getProcessEditor (stages, counts, versions)', await time('getProcessEditor'));
  report('message getWonDealInsights ("learn from won deals")', await time('getWonDealInsights'));
  await page.close();
  return {};
}
