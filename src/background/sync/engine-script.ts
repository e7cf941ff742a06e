/**
 * The Chrome build's sync engine is a classic script of its own (scripts/classic-service-worker.ts
 * builds it, load.ts imports it): what the two sides agree on. The engine's script holds
 * PouchDB and sync-engine.ts; the few shared modules the engine needs are the worker's own
 * copies, handed over in a global rather than built into both scripts.
 */
import type * as defaultProcess from '../../shared/default-process.ts';
import type * as syncDocs from '../../shared/sync-docs.ts';
import type * as engine from './sync-engine.ts';

/** Named `sync*` under assets/: the only shipped files allowed network code (e2e/shipped.e2e.ts). */
export const ENGINE_FILE = 'assets/sync-engine.js';
/** The global the engine's script assigns its exports to. */
export const ENGINE_GLOBAL = 'etapeSyncEngine';
/** The global the worker puts the shared modules in before importing the engine's script. */
export const SHARED_GLOBAL = 'etapeSyncShared';

export interface EngineShared {
  defaultProcess: typeof defaultProcess;
  syncDocs: typeof syncDocs;
}

/** Each shared module the engine imports, by the path its import ends with → its key. */
export const SHARED_MODULES = {
  '/shared/default-process.ts': 'defaultProcess',
  '/shared/sync-docs.ts': 'syncDocs',
} as const satisfies Record<string, keyof EngineShared>;

export type EngineScript = typeof engine;

/** The global expression an import of the engine's reads instead, or undefined if built in. */
export function sharedGlobal(source: string): string | undefined {
  for (const [path, key] of Object.entries(SHARED_MODULES))
    if (source.endsWith(path)) return `${SHARED_GLOBAL}.${key}`;
  return undefined;
}
