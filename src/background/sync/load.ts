/**
 * How the background reaches the sync engine's chunk. Chrome's MV3 service worker refuses
 * `import()` ("disallowed on ServiceWorkerGlobalScope"), so in the Chrome build the `sync*`
 * chunk is a static import of the worker: its code is loaded with the worker but none of it
 * runs (no top-level work, no request) until sync is connected. Firefox's background is an
 * event page, where vite.config.ts swaps this file for load-dynamic.ts: the chunk is fetched
 * only when sync is on.
 */

import type { SyncEngine } from './host.ts';
import { createEngine } from './sync-engine.ts';

let engine: SyncEngine | undefined;

export async function loadEngine(): Promise<SyncEngine> {
  engine ??= createEngine();
  return engine;
}
