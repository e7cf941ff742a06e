/**
 * The process in force (each saved version is a record; the latest is in force), the user's
 * settings and the detection-health records. Validated before every write.
 */
import { defaultProcess } from '../../shared/default-process.ts';
import type { Locale } from '../../shared/i18n.ts';
import {
  DEFAULT_SETTINGS,
  type Health,
  healthSchema,
  type Process,
  processSchema,
  type Settings,
  settingsSchema,
} from '../../shared/schemas.ts';
import type { EtapeDb, SettingsRecord } from '../db.ts';
import { type OwnerRep, owned } from './owner.ts';

export function processStore(
  db: EtapeDb,
  deps: { now: () => number; locale: Locale; ownerRep?: OwnerRep | undefined },
) {
  let cache: Process | undefined;
  return {
    /** The process in force, created from the default (in the UI language) on first use. */
    async current(): Promise<Process> {
      if (cache) return cache;
      const stored = await db.processes.orderBy('savedAt').last();
      if (stored) {
        cache = stored;
        return stored;
      }
      const created = processSchema.parse(defaultProcess(deps.locale, deps.now()));
      // Two first messages racing must not create two processes: re-check inside the transaction.
      cache = await db.transaction('rw', db.processes, async () => {
        const raced = await db.processes.orderBy('savedAt').last();
        if (raced) return raced;
        await db.processes.add(created);
        return created;
      });
      return cache;
    },
    /** Call after the processes store changed so the next read sees the new version. */
    forget(): void {
      cache = undefined;
    },
    /** Every saved version, newest first. */
    async versions(): Promise<Process[]> {
      return db.processes.orderBy('savedAt').reverse().toArray();
    },
    /** Every saved version, oldest first (backups write them back in this order). */
    all(): Promise<Process[]> {
      return db.processes.orderBy('savedAt').toArray();
    },
    async has(savedAt: number): Promise<boolean> {
      return (await db.processes.get(savedAt)) !== undefined;
    },
    /** A new version (validated); in force once `forget()` is called. */
    async add(process: Process): Promise<Process> {
      const record = processSchema.parse(owned(process, deps.ownerRep ?? (() => undefined)));
      await db.processes.add(record);
      return record;
    },
  };
}

export function settingsStore(db: EtapeDb) {
  async function read(): Promise<Settings> {
    const record = await db.settings.get('app');
    // Settings added since they were saved take their default.
    return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...record?.value });
  }
  return {
    read,
    async write(settings: Settings): Promise<Settings> {
      const value = settingsSchema.parse(settings);
      await db.settings.put({ key: 'app', value });
      return value;
    },
    /** The stored record as it is (backups carry it). */
    records(): Promise<SettingsRecord[]> {
      return db.settings.toArray();
    },
    async isEmpty(): Promise<boolean> {
      return (await db.settings.count()) === 0;
    },
  };
}

export function healthStore(db: EtapeDb) {
  return {
    get(id: string): Promise<Health | undefined> {
      return db.health.get(id);
    },
    all(): Promise<Health[]> {
      return db.health.toArray();
    },
    async put(health: Health): Promise<Health> {
      const record = healthSchema.parse(health);
      await db.health.put(record);
      return record;
    },
  };
}
