/**
 * Content scripts publish their scan times only when the extension's `storage.local` says a
 * bench runs (a page cannot turn that on). Set before opening the bench's pages.
 */

import type { Harness } from '../e2e/harness.ts';
import { BENCH_FLAG_KEY } from '../src/shared/handover-secret.ts';

export async function measureContentScripts(h: Harness): Promise<void> {
  const page = await h.extensionPage('manifest.json');
  await page.evaluate(
    (key) =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { set(items: object): Promise<void> } } };
        }
      ).chrome.storage.local.set({ [key]: true }),
    BENCH_FLAG_KEY,
  );
  await page.close();
}
