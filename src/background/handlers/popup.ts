/**
 * What the popup reads beyond the core messages: the "needs attention" list, its counts, first
 * touches and search. What the first paint waits for is built from index reads whose size does
 * not grow with the database, so it stays instant on a year of data (bench/popup.bench.ts).
 */
import { Dexie } from 'dexie';
import type { ProspectContext } from '../../shared/messages.ts';
import type { Process, Prospect, Stage } from '../../shared/schemas.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

export function popupHandlers(ctx: ServiceContext) {
  const { db } = ctx;
  return defineHandlers({
    async needsAttention({ limit }) {
      const process = await ctx.currentProcess();
      const now = ctx.now();
      const candidates = await db.transaction('r', db.prospects, async () => {
        const found: Array<{ prospect: Prospect; ratio: number }> = [];
        for (const stage of openStagesWithTarget(process)) {
          const targetMs = (stage.targetDays ?? 1) * DAY_MS;
          // Within one stage the earliest entries are the most over target: the global top
          // `limit` is among each stage's first `limit`.
          const earliest = await db.prospects
            .where('[stageId+stageEnteredAt]')
            .between([stage.id, Dexie.minKey], [stage.id, Dexie.maxKey])
            .limit(limit)
            .toArray();
          for (const prospect of earliest) {
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
      const process = await ctx.currentProcess();
      const now = ctx.now();
      return db.transaction('r', db.prospects, async () => {
        let overTarget = 0;
        for (const stage of openStagesWithTarget(process)) {
          const targetMs = (stage.targetDays ?? 1) * DAY_MS;
          overTarget += await db.prospects
            .where('[stageId+stageEnteredAt]')
            .between([stage.id, Dexie.minKey], [stage.id, now - targetMs], true, true)
            .count();
        }
        const open = await db.prospects.where('status').equals('open').count();
        return { overTarget, open };
      });
    },

    /**
     * The popup's search: walks prospects from the most recently updated and stops at `limit`
     * matches, instead of collecting and sorting every match as listProspects does.
     */
    async searchProspects({ query, limit }) {
      const needle = query.toLocaleLowerCase();
      const found = await db.prospects
        .orderBy('updatedAt')
        .reverse()
        .filter(
          (prospect) =>
            prospect.name.toLocaleLowerCase().includes(needle) ||
            (prospect.company?.toLocaleLowerCase().includes(needle) ?? false) ||
            prospect.emails.some((email) => email.includes(needle)),
        )
        .limit(limit)
        .toArray();
      return {
        prospects: found.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },

    async firstTouches({ prospectIds }) {
      const firstTouchAt: Record<string, number | null> = {};
      await db.transaction('r', db.touchpoints, async () => {
        for (const prospectId of new Set(prospectIds)) {
          const first = await db.touchpoints
            .where('[prospectId+at]')
            .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey])
            .first();
          firstTouchAt[prospectId] = first?.at ?? null;
        }
      });
      return { firstTouchAt };
    },
  });
}

/** Archived open stages still hold prospects: they need attention as much as the others. */
function openStagesWithTarget(process: Process): Stage[] {
  return process.stages.filter((stage) => stage.kind === 'open' && stage.targetDays !== null);
}
