/**
 * Firefox build's load.ts (vite.config.ts swaps them): the `sync*` chunk is imported the first
 * time sync is on, never before. See load.ts for why Chrome cannot do the same.
 */
import type { SyncEngine } from './host.ts';

let engine: Promise<SyncEngine> | undefined;

/** An event page imports on demand: nothing to prepare at install. */
export function keepEngineImportable(_scope: Pick<EventTarget, 'addEventListener'>): void {}

export function loadEngine(): Promise<SyncEngine> {
  engine ??= import('./sync-engine.ts').then((module) => module.createEngine());
  return engine;
}
