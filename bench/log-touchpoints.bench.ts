/**
 * The background's write path: one touchpoint per message, as a content script sends them,
 * measured from an extension page (message round trip + validation + IndexedDB transaction).
 */
import type { Harness } from '../e2e/harness.ts';
import { report, type Summary } from './stats.ts';

export const name = 'background: log touchpoints';

export async function run(h: Harness): Promise<Summary> {
  const tracked = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name: 'Bench Prospect',
    emails: ['bench@bench.example'],
  });
  if (!tracked.ok) throw new Error('could not track the bench prospect');
  const page = await h.extensionPage('manifest.json');
  const samples = await page.evaluate(async () => {
    const times: number[] = [];
    const base = Date.now();
    for (let i = 0; i < 1000; i++) {
      const start = performance.now();
      const reply = await chrome.runtime.sendMessage({
        type: 'logTouchpoints',
        touchpoints: [
          {
            email: 'bench@bench.example',
            channel: 'gmail',
            kind: 'email_received',
            at: base + i,
            key: `bench:${i}`,
          },
        ],
      });
      times.push(performance.now() - start);
      if (!reply.ok) throw new Error(reply.error?.message);
    }
    return times;
  });
  const single = report('log 1 touchpoint (1,000 sequential messages)', samples);
  const duplicates = await page.evaluate(async () => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await chrome.runtime.sendMessage({
        type: 'logTouchpoints',
        touchpoints: [
          {
            email: 'bench@bench.example',
            channel: 'gmail',
            kind: 'email_received',
            at: 1,
            key: `bench:${i}`,
          },
        ],
      });
      times.push(performance.now() - start);
    }
    return times;
  });
  report('re-log an existing touchpoint (dedupe no-op, 200 messages)', duplicates);
  const batch = await page.evaluate(async () => {
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      const touchpoints = Array.from({ length: 50 }, (_, i) => ({
        email: 'bench@bench.example',
        channel: 'gmail',
        kind: 'email_sent',
        at: 1 + i,
        key: `batch:${round}:${i}`,
      }));
      const start = performance.now();
      await chrome.runtime.sendMessage({ type: 'logTouchpoints', touchpoints });
      times.push(performance.now() - start);
    }
    return times;
  });
  report('log a 50-message conversation in one batch (20 batches)', batch);
  // The floor under every figure above: a message the boundary refuses at once (no handler, no
  // database), so what is left is the browser carrying it to the worker and back.
  const floor = await page.evaluate(async () => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await chrome.runtime.sendMessage({ type: 'benchFloor' });
      times.push(performance.now() - start);
    }
    return times;
  });
  const empty = report('message round trip with no work (the browser floor, 200)', floor);
  await page.close();
  return {
    'log.touchpoint.median.ms': single.median,
    'log.touchpoint.floor.median.ms': empty.median,
  };
}
