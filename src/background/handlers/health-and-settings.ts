/** Detection health (which page detectors still match) and user settings. */
import { type Health, healthSchema, settingsSchema } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

/** A detector that keeps matching reports "ok" on every scan; one write per period is enough. */
const HEALTH_OK_REFRESH_MS = 10 * 60_000;

export function healthAndSettingsHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;
  return defineHandlers({
    async reportHealth({ site, detector, ok, selector, message }) {
      const id = `${site}:${detector}`;
      const at = now();
      const health = await db.transaction('rw', db.health, async () => {
        const existing = await db.health.get(id);
        if (ok && existing?.ok && at - existing.at < HEALTH_OK_REFRESH_MS) return existing;
        const record: Health = healthSchema.parse({
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
        await db.health.put(record);
        return record;
      });
      if (health.at === at) notify({ what: 'health', prospectIds: [] });
      return { health };
    },

    async getHealth() {
      return { health: await db.health.toArray() };
    },

    async getSettings() {
      return { settings: await ctx.readSettings() };
    },

    async updateSettings({ settings }) {
      const next = await db.transaction('rw', db.settings, async () => {
        const merged = settingsSchema.parse({ ...(await ctx.readSettings()), ...settings });
        await db.settings.put({ key: 'app', value: merged });
        return merged;
      });
      notify({ what: 'settings', prospectIds: [] });
      return { settings: next };
    },

    async addOwnAddress({ email }) {
      const { settings, changed } = await db.transaction('rw', db.settings, async () => {
        const current = await ctx.readSettings();
        if (current.ownAddresses.includes(email)) return { settings: current, changed: false };
        // Newest kept when full: an account in use now matters more than one seen years ago.
        const merged = settingsSchema.parse({
          ...current,
          ownAddresses: [...current.ownAddresses, email].slice(-50),
        });
        await db.settings.put({ key: 'app', value: merged });
        return { settings: merged, changed: true };
      });
      if (changed) notify({ what: 'settings', prospectIds: [] });
      return { settings };
    },
  });
}
