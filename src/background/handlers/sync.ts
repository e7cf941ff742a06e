/**
 * Team sync's messages (issue #17): status, connect, sync now, disconnect. The work is the
 * sync host's (sync/host.ts). A service built without one (unit tests of other features, the
 * pages' tests) gets a host that keeps nothing and reaches no engine: a bad URL is refused as
 * the real one refuses it, anything else answers `syncNotConnected`.
 */
import { fail } from '../../shared/error-reasons.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';
import { createSyncHost, type SyncHost } from '../sync/host.ts';

export function syncHandlers(ctx: ServiceContext) {
  const sync = ctx.sync ?? detachedHost(ctx.now);
  // The host applies the team's records through this store and tells the pages of them.
  sync.bind({ store: ctx.store, notify: ctx.notify });
  return defineHandlers({
    syncStatus: () => sync.status(),
    syncConnect: (input) => sync.connect(input),
    syncNow: () => sync.syncNow(),
    syncDisconnect: () => sync.disconnect(),
  });
}

function detachedHost(now: () => number): SyncHost {
  const items = new Map<string, unknown>();
  return createSyncHost({
    storage: {
      async get(key) {
        return items.has(key) ? { [key]: items.get(key) } : {};
      },
      async set(values) {
        for (const [key, value] of Object.entries(values)) items.set(key, value);
      },
      async remove(key) {
        items.delete(key);
      },
    },
    alarms: { create: () => undefined, clear: async () => false },
    keepAlive: async () => undefined,
    loadEngine: () => Promise.reject(fail('syncNotConnected')),
    now,
  });
}
