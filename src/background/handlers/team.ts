/**
 * The team view (#17): the period's figures per rep and for the team, from the dashboard's own
 * working set (../store/dashboard-snapshot.ts) with the pure functions of
 * src/shared/analytics/team.ts. This browser's rep is named by team sync's status.
 */
import { stageOrder, teamFigures } from '../../shared/analytics.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function teamHandlers(ctx: ServiceContext) {
  const { store, now, teamSync } = ctx;
  return defineHandlers({
    async getTeam({ start, end }) {
      const process = await store.processes.current();
      const at = now();
      const [data, sync] = await Promise.all([store.dashboard.current(), teamSync()]);
      return {
        process,
        now: at,
        currency: data.currency,
        syncState: sync.state,
        team: teamFigures(data.histories, stageOrder(process), { start, end }, at, sync.repName),
      };
    },
  });
}
