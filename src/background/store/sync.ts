/**
 * Team sync's way to the tables (issue #17): reading a prospect's records as the document
 * model wants them, applying what the team's documents say (src/shared/sync-docs.ts plans it),
 * stamping the records no rep owns yet, and adding the team's process versions. Every record
 * goes through its schema here, as for every other write.
 */
import { Dexie } from 'dexie';
import {
  type Process,
  processSchema,
  type StageChange,
  stageChangeSchema,
  type Touchpoint,
  touchpointSchema,
} from '../../shared/schemas.ts';
import type { ApplyPlan, LocalProspect } from '../../shared/sync-docs.ts';
import type { EtapeDb } from '../db.ts';
import type { ProspectStore } from './prospects.ts';

function ofProspect<T>(table: Dexie.Table<T, number>, prospectId: string) {
  return table
    .where('[prospectId+at]')
    .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey], true, true);
}

export function syncStore(db: EtapeDb, prospects: ProspectStore) {
  const touchpoints = db.touchpoints as unknown as Dexie.Table<Touchpoint, number>;
  const stageChanges = db.stageChanges as unknown as Dexie.Table<StageChange, number>;
  return {
    /** These prospects' records, each as one LocalProspect (in one read transaction). */
    async locals(ids: readonly string[]): Promise<Map<string, LocalProspect>> {
      return db.transaction('r', [db.prospects, db.stageChanges, db.touchpoints], async () => {
        const found = await db.prospects.bulkGet([...ids]);
        const entries = await Promise.all(
          ids.map(async (id, index) => {
            const [changes, touches] = await Promise.all([
              ofProspect(stageChanges, id).toArray(),
              ofProspect(touchpoints, id).toArray(),
            ]);
            const local: LocalProspect = {
              prospect: found[index] ?? undefined,
              stageChanges: changes,
              touchpoints: touches,
            };
            return [id, local] as const;
          }),
        );
        return new Map(entries);
      });
    },

    /** Every prospect with its records, grouped in memory (the first push: whole-store reads). */
    async everything(): Promise<Map<string, LocalProspect>> {
      return db.transaction('r', [db.prospects, db.stageChanges, db.touchpoints], async () => {
        const all = new Map<string, LocalProspect>();
        for (const prospect of await db.prospects.toArray())
          all.set(prospect.id, { prospect, stageChanges: [], touchpoints: [] });
        for (const change of await db.stageChanges.toArray())
          all.get(change.prospectId)?.stageChanges.push(change);
        for (const touchpoint of await db.touchpoints.toArray())
          all.get(touchpoint.prospectId)?.touchpoints.push(touchpoint);
        return all;
      });
    },

    /**
     * Applies plans (sync-docs.ts `planApply`) in one transaction. A touchpoint whose key this
     * browser holds already under another prospect stays single: the local one is kept.
     * Returns the ids of the prospects that changed.
     */
    async apply(plans: ReadonlyMap<string, ApplyPlan>): Promise<string[]> {
      const changed = [...plans].filter(([, plan]) => plan.changed);
      if (changed.length === 0) return [];
      await db.transaction(
        'rw',
        [
          db.prospects,
          db.prospectWords,
          db.stageChanges,
          db.touchpoints,
          db.touchTallies,
          // A prospect the team deleted takes its checked actions along.
          db.actionChecks,
          db.snapshots,
        ],
        async () => {
          const gone = changed.filter(([, plan]) => plan.prospect === null).map(([id]) => id);
          // The dashboard's copy holds names: a deletion must not outlive in it (data.ts does so).
          if (gone.length > 0) await db.snapshots.clear();
          await db.stageChanges.bulkDelete(changed.flatMap(([, plan]) => plan.deleteStageChanges));
          await db.touchpoints.bulkDelete(changed.flatMap(([, plan]) => plan.deleteTouchpoints));
          const adds = changed.flatMap(([, plan]) => plan.addTouchpoints);
          const held = new Set(
            (await db.touchpoints
              .where('key')
              .anyOf([...new Set(adds.map((touchpoint) => touchpoint.key))])
              .keys()) as string[],
          );
          const fresh = new Map<string, Touchpoint>();
          for (const touchpoint of adds)
            if (!held.has(touchpoint.key) && !fresh.has(touchpoint.key))
              fresh.set(touchpoint.key, touchpointSchema.parse(touchpoint));
          await db.touchpoints.bulkAdd([...fresh.values()]);
          await db.stageChanges.bulkAdd(
            changed.flatMap(([, plan]) =>
              plan.addStageChanges.map((change) => stageChangeSchema.parse(change)),
            ),
          );
          if (gone.length > 0) {
            for (const id of gone) {
              await ofProspect(stageChanges, id).delete();
              await ofProspect(touchpoints, id).delete();
              await db.actionChecks.where('prospectId').equals(id).delete();
            }
            await prospects.delete(gone);
          }
          await prospects.putVerbatim(
            changed.flatMap(([, plan]) => (plan.prospect ? [plan.prospect] : [])),
          );
        },
      );
      return changed.map(([id]) => id);
    },

    /**
     * Gives the prospects and process versions no rep owns yet to `rep` (connecting: what was
     * made before is theirs). Touchpoints and stage changes keep no owner, which means the
     * same ("this browser's rep", schemas.ts): rewriting 240,000 of them cost a minute of a
     * first sync; they go to the team under `rep` all the same (sync-docs.ts historyDocs).
     * How many records changed.
     */
    async claimUnowned(rep: string): Promise<number> {
      // Whole-store reads and bulk writes: a cursor's modify() costs a round trip per record.
      const tables = [db.prospects, db.processes] as const;
      return db.transaction('rw', [...tables, db.prospectWords], async () => {
        let count = 0;
        for (const table of tables) {
          const records = (await (table as Dexie.Table<{ ownerRep?: string }>).toArray()).filter(
            (record) => record.ownerRep === undefined,
          );
          for (const record of records) record.ownerRep = rep;
          if (records.length > 0)
            await (table as Dexie.Table<{ ownerRep?: string }>).bulkPut(records);
          count += records.length;
        }
        return count;
      });
    },

    /** Every non-sample prospect id (what a full push considers). */
    async sharedIds(): Promise<string[]> {
      return (await db.prospects.filter((p) => p.sample !== true).primaryKeys()) as string[];
    },

    /**
     * Adds the team's process versions this browser lacks; `replaces` are local versions to
     * drop (a never-edited default must not outrank the team's process). True when any changed.
     */
    async addProcesses(versions: readonly Process[], replaces: readonly number[]) {
      const records = versions.map((process) => processSchema.parse(process));
      return db.transaction('rw', db.processes, async () => {
        const have = new Set(
          (await db.processes.bulkGet(records.map((p) => p.savedAt))).flatMap((p) =>
            p ? [p.savedAt] : [],
          ),
        );
        const missing = records.filter((process) => !have.has(process.savedAt));
        const dropped = records.length > 0 ? replaces : [];
        if (missing.length > 0) await db.processes.bulkAdd(missing);
        if (dropped.length > 0) await db.processes.bulkDelete([...dropped]);
        return missing.length + dropped.length > 0;
      });
    },
  };
}

export type SyncStore = ReturnType<typeof syncStore>;
