/**
 * Team sync's messages (issue #17): status, connect, sync now, disconnect. The work is the
 * sync host's (sync/host.ts); without one (unit tests of other features) sync is `off`.
 */
import { fail } from '../../shared/error-reasons.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function syncHandlers(ctx: ServiceContext) {
  const { sync } = ctx;
  // The host applies the team's records through this store and tells the pages of them.
  sync?.bind({ store: ctx.store, notify: ctx.notify });
  return defineHandlers({
    async syncStatus() {
      return sync ? sync.status() : { state: 'off' as const };
    },
    async syncConnect(input) {
      if (!sync) throw fail('syncNotConnected');
      return sync.connect(input);
    },
    async syncNow() {
      if (!sync) throw fail('syncNotConnected');
      return sync.syncNow();
    },
    async syncDisconnect() {
      return sync ? sync.disconnect() : { state: 'off' as const };
    },
  });
}
