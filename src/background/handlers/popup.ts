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
      const stages = openStagesWithTarget(process);
      // Within one stage the earliest entries are the most over target: the global top `limit`
      // is among each stage's first `limit`. The reads go out together: each IndexedDB request
      // is a trip to the browser process, and the popup's first paint waits for the last one.
      // Kept until the next write: they do not depend on the time, only the order below does.
      const perStage = await store.memo.get(
        `inStage:${limit}:${stages.map((stage) => stage.id).join(',')}`,
        () =>
          store.transaction('r', ['prospects'], () =>
            Promise.all(stages.map((stage) => store.prospects.inStage(stage.id, limit))),
          ),
      );
      const candidates: Array<{ prospect: Prospect; ratio: number }> = [];
      for (const [index, stage] of stages.entries()) {
        const targetMs = (stage.targetDays ?? 1) * DAY_MS;
        for (const prospect of perStage[index] ?? []) {
          if (prospect.status !== 'open') continue;
          candidates.push({ prospect, ratio: (now - prospect.stageEnteredAt) / targetMs });
        }
      }
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
        const [open, ...over] = await Promise.all([
          store.prospects.countByStatus('open'),
          ...openStagesWithTarget(process).map((stage) =>
            store.prospects.countEnteredBy(stage.id, now - (stage.targetDays ?? 1) * DAY_MS),
          ),
        ]);
        return { overTarget: over.reduce((sum, count) => sum + count, 0), open: open ?? 0 };
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
      const ids = [...new Set(prospectIds)];
      const first = await store.memo.get(`firstTouches:${ids.join(',')}`, () =>
        store.transaction('r', ['touchpoints'], () =>
          Promise.all(ids.map((prospectId) => store.touchpoints.firstAt(prospectId))),
        ),
      );
      for (const [index, prospectId] of ids.entries())
        firstTouchAt[prospectId] = first[index] ?? null;
      return { firstTouchAt };
    },
  });
}

/** Archived open stages still hold prospects: they need attention as much as the others. */
function openStagesWithTarget(process: Process): Stage[] {
  return process.stages.filter((stage) => stage.kind === 'open' && stage.targetDays !== null);
}
