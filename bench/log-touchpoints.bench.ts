/**
 * The background's write path: one touchpoint per message, as a content script sends them,
 * measured from an extension page (message round trip + validation + IndexedDB transaction).
 * Content scripts send over their page's one port (src/shared/content-port.ts), so the summary
 * figures are the port's; the same messages by `runtime.sendMessage` (what extension pages use)
 * are reported beside them.
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../e2e/harness.ts';
import { CONTENT_PORT } from '../src/shared/content-port.ts';
import { report, type Summary } from './stats.ts';

export const name = 'background: log touchpoints';

type Via = 'port' | 'message';

/**
 * Installs `globalThis.etapeSend(via, message)` in the page: the port as a content script
 * opens it, or one sendMessage. Both resolve with the reply envelope.
 */
async function installSender(page: Page): Promise<void> {
  await page.evaluate((portName) => {
    const port = (
      chrome.runtime as unknown as {
        connect(info: { name: string }): {
          postMessage(data: unknown): void;
          onMessage: {
            addListener(listener: (data: { id: number; reply: unknown }) => void): void;
          };
        };
      }
    ).connect({ name: portName });
    const waiting = new Map<number, (reply: unknown) => void>();
    port.onMessage.addListener(({ id, reply }) => {
      waiting.get(id)?.(reply);
      waiting.delete(id);
    });
    let seq = 0;
    (globalThis as Record<string, unknown>).etapeSend = (via: string, message: unknown) =>
      via === 'port'
        ? new Promise((resolve) => {
            const id = ++seq;
            waiting.set(id, resolve);
            port.postMessage({ id, message });
          })
        : chrome.runtime.sendMessage(message);
  }, CONTENT_PORT);
}

export async function run(h: Harness): Promise<Summary> {
  const tracked = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name: 'Bench Prospect',
    emails: ['bench@bench.example'],
  });
  if (!tracked.ok) throw new Error('could not track the bench prospect');
  const page = await h.extensionPage('manifest.json');
  await installSender(page);
  const figures: Summary = {};
  // The port first: the figures the summary reads do not follow the other path's 1,400 writes.
  for (const via of ['port', 'message'] as const satisfies readonly Via[]) {
    const how = via === 'port' ? 'over the content port' : 'by runtime.sendMessage';
    const single = await page.evaluate(async (via) => {
      const send = (globalThis as unknown as { etapeSend: EtapeSend }).etapeSend;
      const times: number[] = [];
      const base = Date.now();
      for (let i = 0; i < 1000; i++) {
        const start = performance.now();
        const reply = await send(via, {
          type: 'logTouchpoints',
          touchpoints: [
            {
              email: 'bench@bench.example',
              channel: 'gmail',
              kind: 'email_received',
              at: base + i,
              key: `bench:${via}:${i}`,
            },
          ],
        });
        times.push(performance.now() - start);
        if (!reply.ok) throw new Error(reply.error?.message);
      }
      return times;
    }, via);
    const logged = report(`log 1 touchpoint, ${how} (1,000 sequential)`, single);
    const duplicates = await page.evaluate(async (via) => {
      const send = (globalThis as unknown as { etapeSend: EtapeSend }).etapeSend;
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        await send(via, {
          type: 'logTouchpoints',
          touchpoints: [
            {
              email: 'bench@bench.example',
              channel: 'gmail',
              kind: 'email_received',
              at: 1,
              key: `bench:${via}:${i}`,
            },
          ],
        });
        times.push(performance.now() - start);
      }
      return times;
    }, via);
    report(`re-log an existing touchpoint, ${how} (dedupe no-op, 200)`, duplicates);
    const batch = await page.evaluate(async (via) => {
      const send = (globalThis as unknown as { etapeSend: EtapeSend }).etapeSend;
      const times: number[] = [];
      for (let round = 0; round < 20; round++) {
        const touchpoints = Array.from({ length: 50 }, (_, i) => ({
          email: 'bench@bench.example',
          channel: 'gmail',
          kind: 'email_sent',
          at: 1 + i,
          key: `batch:${via}:${round}:${i}`,
        }));
        const start = performance.now();
        await send(via, { type: 'logTouchpoints', touchpoints });
        times.push(performance.now() - start);
      }
      return times;
    }, via);
    report(`log a 50-message conversation in one batch, ${how} (20)`, batch);
    // The floor under every figure above: a message the boundary refuses at once (no handler,
    // no database), so what is left is the browser carrying it to the worker and back.
    const floor = await page.evaluate(async (via) => {
      const send = (globalThis as unknown as { etapeSend: EtapeSend }).etapeSend;
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        await send(via, { type: 'benchFloor' });
        times.push(performance.now() - start);
      }
      return times;
    }, via);
    const empty = report(`round trip with no work, ${how} (the browser floor, 200)`, floor);
    if (via === 'port') {
      figures['log.touchpoint.median.ms'] = logged.median;
      figures['log.touchpoint.floor.median.ms'] = empty.median;
    } else {
      figures['log.touchpoint.sendmessage.median.ms'] = logged.median;
      figures['log.touchpoint.sendmessage.floor.median.ms'] = empty.median;
    }
  }
  await page.close();
  return figures;
}

type EtapeSend = (
  via: Via,
  message: unknown,
) => Promise<{ ok: boolean; error?: { message: string } }>;
