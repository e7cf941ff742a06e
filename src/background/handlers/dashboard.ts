/**
 * The dashboard's figures and its sample data. Prospects and stage history are read once and
 * kept in memory (as per-prospect histories) until they change; each `getDashboard` computes
 * the period's figures with the pure functions of src/shared/analytics.ts and hands over only
 * the figures. Touchpoints are never scanned: the retrospective's counts come from range reads
 * of the [prospectId+at] index for the period's closed deals, cached until touchpoints change.
 */
import { Dexie } from 'dexie';
import {
  buildHistories,
  computeDashboard,
  computeFigures,
  type ProspectHistory,
  stageOrder,
  type TouchCount,
  type TouchIndex,
  touchIndex,
} from '../../shared/analytics.ts';
import { EtapeError } from '../../shared/messages.ts';
import { generateSampleData, SAMPLE_KEY_PREFIX } from '../../shared/sample-data.ts';
import {
  prospectSchema,
  stageChangeSchema,
  type TouchpointKind,
  touchpointSchema,
} from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

/** A timeline longer than this keeps its newest touchpoints (a page of 5,000 rows is plenty). */
export const TIMELINE_LIMIT = 5000;

export function dashboardHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;
  let cache:
    | { signature: string; histories: ProspectHistory[]; sample: number; currency?: string }
    | undefined;
  let touches:
    | {
        signature: string;
        fetched: Set<string>;
        index: Map<string, Map<string, Map<TouchpointKind, number>>>;
      }
    | undefined;

  /**
   * What a write leaves behind, read through keys only (`count()` walks a whole store in
   * Chromium, 200,000 touchpoints included, so only the small prospects store is counted):
   * new records raise a store's last auto-increment key; a moved, won, lost or undone prospect
   * gets a new `updatedAt`; a removed prospect (merge, delete, sample removal) lowers the count,
   * and its stage changes and touchpoints go with it.
   */
  async function signature(): Promise<string> {
    const parts = await Promise.all([
      db.prospects.count(),
      db.prospects.orderBy('updatedAt').lastKey(),
      db.stageChanges.toCollection().lastKey(),
    ]);
    // Any write through the service (a restore that happens to leave the keys above as they
    // were, say) also makes the cache stale.
    return JSON.stringify([...parts, ctx.writeCount(['prospect', 'stage', 'process'])]);
  }

  async function touchSignature(): Promise<string> {
    const parts = await Promise.all([
      db.prospects.count(),
      db.touchpoints.toCollection().lastKey(),
    ]);
    return JSON.stringify([...parts, ctx.writeCount(['touchpoint', 'prospect', 'process'])]);
  }

  async function histories(): Promise<NonNullable<typeof cache>> {
    const current = await signature();
    if (cache?.signature === current) return cache;
    // Both reads in flight at once: the database reads one store while the worker decodes the other.
    const read = await db.transaction('r', db.prospects, db.stageChanges, async () => {
      const [prospects, changes] = await Promise.all([
        db.prospects.toArray(),
        db.stageChanges.toArray(),
      ]);
      return { prospects, changes };
    });
    // Same-millisecond changes keep their recorded order (auto-increment id).
    read.changes.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));
    const built = buildHistories({
      prospects: read.prospects,
      changes: read.changes,
      touchCounts: [],
    });
    cache = {
      signature: current,
      histories: built,
      sample: read.prospects.filter((prospect) => prospect.sample === true).length,
      currency: read.prospects.find((prospect) => prospect.currency)?.currency,
    };
    return cache;
  }

  /** Touch counts of these prospects, from the cache or through the index. */
  async function touchCounts(prospectIds: readonly string[]): Promise<TouchIndex> {
    const current = await touchSignature();
    if (touches?.signature !== current)
      touches = { signature: current, fetched: new Set(), index: new Map() };
    const state = touches;
    const missing = [...new Set(prospectIds)].filter((id) => !state.fetched.has(id));
    if (missing.length > 0) {
      const counts: TouchCount[] = [];
      await db.transaction('r', db.touchpoints, async () => {
        await Promise.all(
          missing.map(async (prospectId) => {
            const perKey = new Map<string, TouchCount>();
            // toArray is one getAll per prospect; each() would be one cursor step (one IPC
            // in Chromium) per touchpoint, which made a cold dashboard take seconds.
            const rows = await db.touchpoints
              .where('[prospectId+at]')
              .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey])
              .toArray();
            for (const touchpoint of rows) {
              const key = `${touchpoint.stageId}\u0000${touchpoint.kind}`;
              const row = perKey.get(key);
              if (row) row.count += 1;
              else
                perKey.set(key, {
                  prospectId,
                  stageId: touchpoint.stageId,
                  kind: touchpoint.kind,
                  count: 1,
                });
            }
            counts.push(...perKey.values());
          }),
        );
      });
      for (const [prospectId, stages] of touchIndex(counts)) state.index.set(prospectId, stages);
      for (const id of missing) state.fetched.add(id);
    }
    return state.index;
  }

  return defineHandlers({
    async loadSampleData() {
      const process = await ctx.currentProcess();
      const sample = generateSampleData(process, now());
      // Validated like every other write: a generator bug must not reach IndexedDB either.
      const prospects = sample.prospects.map((record) => prospectSchema.parse(record));
      const stageChanges = sample.stageChanges.map((record) => stageChangeSchema.parse(record));
      const touchpoints = sample.touchpoints.map((record) => touchpointSchema.parse(record));
      await db.transaction('rw', db.prospects, db.stageChanges, db.touchpoints, async () => {
        if ((await db.prospects.count()) > 0) {
          throw new EtapeError('conflict', 'Sample data loads only into an empty database');
        }
        await db.prospects.bulkAdd(prospects);
        await db.stageChanges.bulkAdd(stageChanges);
        await db.touchpoints.bulkAdd(touchpoints);
      });
      notify({ what: 'prospect', prospectIds: prospects.map((prospect) => prospect.id) });
      return {
        prospects: prospects.length,
        touchpoints: touchpoints.length,
        stageChanges: stageChanges.length,
      };
    },

    async removeSampleData() {
      const removed = await db.transaction(
        'rw',
        [db.prospects, db.stageChanges, db.touchpoints, db.actionChecks],
        async () => {
          const ids = (await db.prospects
            .filter((prospect) => prospect.sample === true)
            .primaryKeys()) as string[];
          let stageChanges = 0;
          let touchpoints = await db.touchpoints
            .where('key')
            .startsWith(SAMPLE_KEY_PREFIX)
            .delete();
          for (const prospectId of ids) {
            const range = [
              [prospectId, Dexie.minKey],
              [prospectId, Dexie.maxKey],
            ] as const;
            stageChanges += await db.stageChanges
              .where('[prospectId+at]')
              .between(...range)
              .delete();
            // Anything else logged against a sample prospect goes with it.
            touchpoints += await db.touchpoints
              .where('[prospectId+at]')
              .between(...range)
              .delete();
          }
          if (ids.length > 0) await db.actionChecks.where('prospectId').anyOf(ids).delete();
          await db.prospects.bulkDelete(ids);
          return { prospects: ids.length, touchpoints, stageChanges, ids };
        },
      );
      notify({ what: 'prospect', prospectIds: removed.ids });
      return {
        prospects: removed.prospects,
        touchpoints: removed.touchpoints,
        stageChanges: removed.stageChanges,
      };
    },

    async getDashboard({ start, end }) {
      const process = await ctx.currentProcess();
      const at = now();
      const data = await histories();
      const period = { start, end };
      const started = performance.now();
      // The closed deals of the period decide which touch counts the retrospective needs.
      const closed = computeFigures(data.histories, stageOrder(process), period, at);
      const index = await touchCounts([...closed.wonIds, ...closed.lostIds]);
      const dashboard = computeDashboard(data.histories, process, period, at, index, closed);
      return {
        process,
        now: at,
        dashboard,
        prospects: data.histories.length,
        sampleProspects: data.sample,
        currency: data.currency,
        computeMs: performance.now() - started,
      };
    },

    async getTimeline({ prospectId }) {
      const process = await ctx.currentProcess();
      return db.transaction('r', db.prospects, db.stageChanges, db.touchpoints, async () => {
        const prospect = await ctx.requireProspect(prospectId);
        const range = db.touchpoints
          .where('[prospectId+at]')
          .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey]);
        const newest = await range.clone().reverse().limit(TIMELINE_LIMIT).toArray();
        return {
          process,
          prospect,
          stageChanges: await ctx.changesOf(prospectId),
          touchpoints: newest.reverse(),
          touchpointCount: await range.count(),
        };
      });
    },
  });
}
