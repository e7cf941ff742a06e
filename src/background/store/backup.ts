/**
 * Whole-database reads and writes: what a backup holds, a restore that replaces everything,
 * and clearing. Every record written back goes through its schema (a backup file is parsed
 * before, but what reaches IndexedDB is checked here too, as for every other write).
 */
import { BACKUP_STORES, type BackupData, type BackupStore } from '../../shared/backup.ts';
import {
  actionCheckSchema,
  processSchema,
  settingsSchema,
  stageChangeSchema,
  touchpointSchema,
} from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';
import type { ProspectStore } from './prospects.ts';

/** Derived from the records a backup holds: cleared with them, rebuilt from them. */
export const DERIVED_STORES = ['snapshots', 'prospectWords', 'touchTallies'] as const;

export function backupStore(db: EtapeDb, prospects: ProspectStore) {
  return {
    async readAll(): Promise<BackupData> {
      return {
        processes: await db.processes.orderBy('savedAt').toArray(),
        settings: await db.settings.toArray(),
        prospects: await db.prospects.toArray(),
        stageChanges: await db.stageChanges.toArray(),
        touchpoints: await db.touchpoints.toArray(),
        actionChecks: await db.actionChecks.toArray(),
      };
    },

    /** Everything a backup holds, and what is derived from it, goes. */
    async clearAll(): Promise<void> {
      for (const store of [...BACKUP_STORES, ...DERIVED_STORES]) await db.table(store).clear();
    },

    /** Writes a parsed backup into an empty database, records as they were (ids included). */
    async writeAll(data: BackupData): Promise<Record<BackupStore, number>> {
      // In BACKUP_STORES order: the process before the records that name its stages.
      await db.processes.bulkAdd(data.processes.map((process) => processSchema.parse(process)));
      await db.settings.bulkAdd(
        data.settings.map((record) => ({
          key: record.key,
          value: settingsSchema.parse(record.value),
        })),
      );
      await prospects.addMany(data.prospects);
      await db.stageChanges.bulkAdd(
        data.stageChanges.map((change) => stageChangeSchema.parse(change)),
      );
      await db.touchpoints.bulkAdd(
        data.touchpoints.map((touchpoint) => touchpointSchema.parse(touchpoint)),
      );
      await db.actionChecks.bulkAdd(
        data.actionChecks.map((check) => actionCheckSchema.parse(check)),
      );
      const counts = {} as Record<BackupStore, number>;
      for (const store of BACKUP_STORES) counts[store] = data[store].length;
      return counts;
    },

    /** Settings from a backup, only where this browser has none (a merge does not reconfigure). */
    async addSettingsIfNone(records: BackupData['settings']): Promise<number> {
      if ((await db.settings.count()) > 0 || records.length === 0) return 0;
      await db.settings.bulkAdd(
        records.map((record) => ({ key: record.key, value: settingsSchema.parse(record.value) })),
      );
      return records.length;
    },
  };
}
