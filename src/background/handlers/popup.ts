/**
 * What the popup reads beyond the core messages: the "needs attention" list, its counts, first
 * touches and search. What the first paint waits for is built from index reads whose size does
 * not grow with the database, so it stays instant on a year of data (bench/popup.bench.ts).
 */
import type { ProspectContext } from '../../shared/messages.ts';
import type { Process, Prospect, Stage } from '../../shared/schemas.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function popupHandlers(ctx: ServiceContext) {
  const { store } = ctx;
  return defineHandlers({
    async needsAttention({ limit }) {
      const process = await store.processes.current();
      const now = ctx.now();
      const candidates = await store.transaction('r', ['prospects'], async () => {
        const found: Array<{ prospect: Prospect; ratio: number }> = [];
        for (const stage of openStagesWithTarget(process)) {
          const targetMs = (stage.targetDays ?? 1) * DAY_MS;
          // Within one stage the earliest entries are the most over target: the global top
          // `limit` is among each stage's first `limit`.
          for (const prospect of await store.prospects.inStage(stage.id, limit)) {
            if (prospect.status !== 'open') continue;
            found.push({ prospect, ratio: (now - prospect.stageEnteredAt) / targetMs });
          }
        }
        return found;
      });
      candidates.sort(
        (a, b) =>
          b.ratio - a.ratio ||
          (a.prospect.lastTouchAt ?? 0) - (b.prospect.lastTouchAt ?? 0) ||
          a.prospect.id.localeCompare(b.prospect.id),
      );
      const prospects: ProspectContext[] = candidates.slice(0, limit).map(({ prospect }) => ({
        prospect,
        lastTouchAt: prospect.lastTouchAt ?? null,
      }));
      return { process, prospects };
    },

    /**
     * Index counts walk every key in their range (thousands on a big pipeline), so they are a
     * message of their own that the popup asks for after its first paint.
     */
    async attentionCounts() {
      const process = await store.processes.current();
      const now = ctx.now();
      return store.transaction('r', ['prospects'], async () => {
        let overTarget = 0;
        for (const stage of openStagesWithTarget(process)) {
          const targetMs = (stage.targetDays ?? 1) * DAY_MS;
          overTarget += await store.prospects.countEnteredBy(stage.id, now - targetMs);
        }
        const open = await store.prospects.countByStatus('open');
        return { overTarget, open };
      });
    },

    /** Name, email or company words starting with the query's: the search index, no scan. */
    async searchProspects({ query, limit }) {
      const { prospects } = await store.prospects.search(query, { limit });
      return {
        prospects: prospects.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },

    async firstTouches({ prospectIds }) {
      const firstTouchAt: Record<string, number | null> = {};
      await store.transaction('r', ['touchpoints'], async () => {
        for (const prospectId of new Set(prospectIds))
          firstTouchAt[prospectId] = await store.touchpoints.firstAt(prospectId);
      });
      return { firstTouchAt };
    },
  });
}

/** Archived open stages still hold prospects: they need attention as much as the others. */
function openStagesWithTarget(process: Process): Stage[] {
  return process.stages.filter((stage) => stage.kind === 'open' && stage.targetDays !== null);
}
