/**
 * The dashboard's figures and its sample data. The prospects, their stage history and the
 * retrospective's touch counts come from the dashboard snapshot (../dashboard-snapshot.ts),
 * brought up to date before each use; each `getDashboard` computes the period's figures with
 * the pure functions of src/shared/analytics.ts and hands over only the figures. Touchpoints are
 * never scanned: counts come from range reads of the [prospectId+at] index for the period's
 * closed deals, kept with the snapshot.
 */
import { Dexie } from 'dexie';
import {
  computeDashboard,
  computeFigures,
  RETRO_DEALS_SHOWN,
  stageOrder,
} from '../../shared/analytics.ts';
import { fail } from '../../shared/error-reasons.ts';
import { generateSampleData, SAMPLE_KEY_PREFIX } from '../../shared/sample-data.ts';
import { prospectSchema, stageChangeSchema, touchpointSchema } from '../../shared/schemas.ts';
import { createDashboardSnapshot } from '../dashboard-snapshot.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

/** A timeline longer than this keeps its newest touchpoints (a page of 5,000 rows is plenty). */
export const TIMELINE_LIMIT = 5000;

export function dashboardHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;
  const snapshot = createDashboardSnapshot(db, { now });

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
          throw fail('sampleNeedsEmpty');
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
        [db.prospects, db.stageChanges, db.touchpoints, db.actionChecks, db.snapshots],
        async () => {
          // The dashboard's copy holds names: it goes with the records (it is rebuilt on use).
          await db.snapshots.clear();
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
      const data = await snapshot.current();
      const period = { start, end };
      const started = performance.now();
      // The closed deals of the period decide which touch counts the retrospective needs.
      const closed = computeFigures(data.histories, stageOrder(process), period, at);
      const index = await snapshot.touchCounts([...closed.wonIds, ...closed.lostIds]);
      const dashboard = computeDashboard(
        data.histories,
        process,
        period,
        at,
        index,
        closed,
        RETRO_DEALS_SHOWN,
      );
      return {
        process,
        now: at,
        dashboard,
        prospects: data.histories.length,
        sampleProspects: data.sample,
        currency: data.currency,
        computeMs: performance.now() - started,
        dataSource: snapshot.source,
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
