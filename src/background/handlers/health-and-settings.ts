/** Detection health (which page detectors still match) and user settings. */
import { defineHandlers, type ServiceContext } from '../context.ts';

/** A detector that keeps matching reports "ok" on every scan; one write per period is enough. */
const HEALTH_OK_REFRESH_MS = 10 * 60_000;

export function healthAndSettingsHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;
  return defineHandlers({
    async reportHealth({ site, detector, ok, selector, message }) {
      const id = `${site}:${detector}`;
      const at = now();
      const health = await store.transaction('rw', ['health'], async () => {
        const existing = await store.health.get(id);
        if (ok && existing?.ok && at - existing.at < HEALTH_OK_REFRESH_MS) return existing;
        return store.health.put({
          id,
          site,
          detector,
          ok,
          at,
          lastOkAt: ok ? at : existing?.lastOkAt,
          selector: ok ? undefined : selector,
          message: ok ? undefined : message,
          failures: (existing?.failures ?? 0) + (ok ? 0 : 1),
        });
      });
      if (health.at === at) notify({ what: 'health', prospectIds: [] });
      return { health };
    },

    async getHealth() {
      return { health: await store.health.all() };
    },

    async getSettings() {
      return { settings: await store.settings.read() };
    },

    async updateSettings({ settings }) {
      const next = await store.transaction('rw', ['settings'], async () =>
        store.settings.write({ ...(await store.settings.read()), ...settings }),
      );
      notify({ what: 'settings', prospectIds: [] });
      return { settings: next };
    },

    async addOwnAddress({ email }) {
      const { settings, changed } = await store.transaction('rw', ['settings'], async () => {
        const current = await store.settings.read();
        if (current.ownAddresses.includes(email)) return { settings: current, changed: false };
        // Newest kept when full: an account in use now matters more than one seen years ago.
        const merged = await store.settings.write({
          ...current,
          ownAddresses: [...current.ownAddresses, email].slice(-50),
        });
        return { settings: merged, changed: true };
      });
      if (changed) notify({ what: 'settings', prospectIds: [] });
      return { settings };
    },
  });
}
