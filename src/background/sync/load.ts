/**
 * How the Chrome service worker reaches the sync engine. The worker is one classic script and
 * the engine (PouchDB and sync-engine.ts, the only shipped code with network APIs) another,
 * `assets/sync-engine.js` (scripts/classic-service-worker.ts): a worker started with sync off,
 * which is nearly every start, never parses its 110 KB. Chrome's service worker refuses
 * `import()`, and after it is installed accepts `importScripts()` only of scripts it imported
 * while installing: the install handler imports the engine's script once (its top level only
 * defines things), and later the worker imports it again, from the browser's stored copy,
 * the first time sync is on in its lifetime. Firefox's background is an event page, where
 * vite.config.ts swaps this file for load-dynamic.ts.
 */

import * as defaultProcess from '../../shared/default-process.ts';
import * as syncDocs from '../../shared/sync-docs.ts';
import {
  ENGINE_GLOBAL,
  type EngineScript,
  type EngineShared,
  SHARED_GLOBAL,
} from './engine-script.ts';
import type { SyncEngine } from './host.ts';

let script: EngineScript | undefined;
let engine: SyncEngine | undefined;

/** Registers the install handler; called at the worker's top level, as listeners must be. */
export function keepEngineImportable(scope: Pick<EventTarget, 'addEventListener'>): void {
  scope.addEventListener('install', () => {
    importEngine();
  });
}

export async function loadEngine(): Promise<SyncEngine> {
  engine ??= importEngine().createEngine();
  return engine;
}

function importEngine(): EngineScript {
  if (script) return script;
  const scope = globalThis as unknown as Record<string, unknown>;
  scope[SHARED_GLOBAL] = { defaultProcess, syncDocs } satisfies EngineShared;
  // ENGINE_FILE, spelled out: e2e/shipped.e2e.ts allows the worker this one call, by its text.
  importScripts('/assets/sync-engine.js');
  const loaded = scope[ENGINE_GLOBAL] as EngineScript | undefined;
  if (!loaded) throw new Error('The sync engine script defined nothing');
  script = loaded;
  return loaded;
}
