/**
 * The dashboard's figures and its sample data. The prospects, their stage history and the
 * retrospective's touch counts come from the dashboard snapshot (../store/dashboard-snapshot.ts),
 * brought up to date before each use; each `getDashboard` computes the period's figures with
 * the pure functions of src/shared/analytics.ts and hands over only the figures. Touchpoints are
 * never scanned: counts come from range reads of the [prospectId+at] index for the period's
 * closed deals, kept with the snapshot. With a `rep`, the figures are those of that rep's
 * prospects (src/shared/analytics/team.ts says who owns what).
 */

import {
  computeDashboard,
  computeFigures,
  historiesOfRep,
  RETRO_DEALS_SHOWN,
  repsOf,
  stageOrder,
} from '../../shared/analytics.ts';
import { fail } from '../../shared/error-reasons.ts';
import { generateSampleData, SAMPLE_KEY_PREFIX } from '../../shared/sample-data.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

/** A timeline longer than this keeps its newest touchpoints (a page of 5,000 rows is plenty). */
export const TIMELINE_LIMIT = 5000;

export function dashboardHandlers(ctx: ServiceContext) {
  const { store, now, notify, teamSync } = ctx;
  const snapshot = store.dashboard;

  return defineHandlers({
    async loadSampleData() {
      const process = await store.processes.current();
      const sample = generateSampleData(process, now());
      // Validated like every other write (by the store): a generator bug must not reach
      // IndexedDB either.
      await store.transaction('rw', ['prospects', 'stageChanges', 'touchpoints'], async () => {
        if ((await store.prospects.count()) > 0) {
          throw fail('sampleNeedsEmpty');
        }
        await store.prospects.addMany(sample.prospects);
        await store.stageChanges.addMany(sample.stageChanges);
        await store.touchpoints.addMany(sample.touchpoints);
      });
      notify({ what: 'prospect', prospectIds: sample.prospects.map((prospect) => prospect.id) });
      return {
        prospects: sample.prospects.length,
        touchpoints: sample.touchpoints.length,
        stageChanges: sample.stageChanges.length,
      };
    },

    async removeSampleData() {
      const removed = await store.transaction(
        'rw',
        ['prospects', 'stageChanges', 'touchpoints', 'actionChecks', 'snapshots'],
        async () => {
          // The dashboard's copy holds names: it goes with the records (it is rebuilt on use).
          await store.clearDerivedCopy();
          const ids = await store.prospects.sampleIds();
          // Anything else logged against a sample prospect goes with it.
          const touchpoints =
            (await store.touchpoints.deleteByKeyPrefix(SAMPLE_KEY_PREFIX)) +
            (await store.touchpoints.deleteOf(ids));
          const stageChanges = await store.stageChanges.deleteOf(ids);
          await store.actionChecks.deleteOf(ids);
          await store.prospects.delete(ids);
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

    async getDashboard({ start, end, rep }) {
      const at = now();
      const period = { start, end };
      // Asked together: on a cold worker each is a first trip to the database.
      const [process, data, sync] = await Promise.all([
        store.processes.current(),
        snapshot.current({ closedIn: period }),
        teamSync(),
      ]);
      const started = performance.now();
      const histories =
        rep === undefined ? data.histories : historiesOfRep(data.histories, rep, sync.repName);
      // The closed deals of the period decide which touch counts the retrospective needs.
      const closed = computeFigures(histories, stageOrder(process), period, at);
      const touches = await snapshot.touchCounts([...closed.wonIds, ...closed.lostIds]);
      const dashboard = computeDashboard({
        histories,
        process,
        period,
        now: at,
        touches,
        current: closed,
        dealsListed: RETRO_DEALS_SHOWN,
      });
      return {
        process,
        now: at,
        dashboard,
        prospects: data.histories.length,
        sampleProspects: data.sample,
        currency: data.currency,
        computeMs: performance.now() - started,
        dataSource: snapshot.source,
        reps: repsOf(data.histories, sync.repName),
      };
    },

    async getTimeline({ prospectId }) {
      const process = await store.processes.current();
      return store.transaction('r', ['prospects', 'stageChanges', 'touchpoints'], async () => {
        const prospect = await store.prospects.require(prospectId);
        const newest = await store.touchpoints.newest(prospectId, TIMELINE_LIMIT);
        return {
          process,
          prospect,
          stageChanges: await store.stageChanges.of(prospectId),
          touchpoints: newest.reverse(),
          touchpointCount: await store.touchpoints.count(prospectId),
        };
      });
    },
  });
}
