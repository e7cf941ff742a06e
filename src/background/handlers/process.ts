/**
 * The process editor's background side: saving a new version of the process (moving the
 * prospects of stages that leave use, as recorded stage changes) and what the editor needs to
 * suggest targets and actions from won deals.
 */
import { Dexie } from 'dexie';
import { fail } from '../../shared/error-reasons.ts';
import { stageById } from '../../shared/process.ts';
import {
  keepUsedStages,
  stagesNeedingMoves,
  suggestTargets,
  validateProcessDraft,
  wonDealActions,
} from '../../shared/process-edit.ts';
import {
  type Process,
  processSchema,
  prospectSchema,
  type StageChange,
  stageChangeSchema,
  type TouchpointKind,
} from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

export function processHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;

  /** Counted through the [stageId+stageEnteredAt] index: one request per stage, no scan. */
  async function prospectsPerStage(process: Process): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await Promise.all(
      process.stages.map(async (stage) => {
        const count = await db.prospects
          .where('[stageId+stageEnteredAt]')
          .between([stage.id, Dexie.minKey], [stage.id, Dexie.maxKey])
          .count();
        if (count > 0) counts.set(stage.id, count);
      }),
    );
    return counts;
  }

  return defineHandlers({
    async getProcessEditor() {
      const process = await ctx.currentProcess();
      const versions = await db.processes.orderBy('savedAt').reverse().toArray();
      return {
        process,
        versions: versions.map((version) => ({
          savedAt: version.savedAt,
          stages: version.stages.filter((stage) => !stage.archived).map((stage) => stage.name),
        })),
        prospectsPerStage: Object.fromEntries(await prospectsPerStage(process)),
      };
    },

    /**
     * Asked for when the user wants suggestions, not with every dashboard load: it reads the
     * history and touchpoints of every won deal, seconds of worker time on a year of data.
     */
    async getWonDealInsights() {
      const process = await ctx.currentProcess();
      const wonIds = (await db.prospects.where('status').equals('won').primaryKeys()) as string[];
      const changes = new Map<string, StageChange[]>(wonIds.map((id) => [id, []]));
      const touchpoints = new Map<string, Array<{ stageId: string; kind: TouchpointKind }>>();
      // Whole-store reads are one getAll each; cursors (each()) cost one round trip per record
      // in Chromium. Touchpoints are read only for won deals, through their index range.
      for (const change of await db.stageChanges.toArray())
        changes.get(change.prospectId)?.push(change);
      await Promise.all(
        wonIds.map(async (id) => {
          const rows = await db.touchpoints
            .where('[prospectId+at]')
            .between([id, Dexie.minKey], [id, Dexie.maxKey])
            .toArray();
          touchpoints.set(
            id,
            rows.map((touchpoint) => ({ stageId: touchpoint.stageId, kind: touchpoint.kind })),
          );
        }),
      );
      return {
        targets: suggestTargets(process, [...changes.values()]),
        actions: wonDealActions(
          process,
          wonIds.map((id) => ({
            changes: changes.get(id) ?? [],
            touchpoints: touchpoints.get(id) ?? [],
          })),
        ),
        wonDeals: wonIds.length,
      };
    },

    async saveProcess({ stages, lostReasons, moves }) {
      const errors = validateProcessDraft({ stages, lostReasons });
      if (errors.length > 0) {
        throw fail(
          'processInvalid',
          { field: errors[0]?.path ?? '' },
          errors.map((error) => ({ path: error.path, message: error.message })),
        );
      }
      const current = await ctx.currentProcess();
      const result = await db.transaction(
        'rw',
        db.processes,
        db.prospects,
        db.stageChanges,
        async () => {
          const counts = await prospectsPerStage(current);
          const needing = stagesNeedingMoves(current, { stages }, counts);
          const live = new Map(
            stages.filter((stage) => !stage.archived).map((stage) => [stage.id, stage]),
          );
          for (const stageId of needing) {
            const target = moves[stageId];
            if (!target || !live.has(target) || target === stageId) {
              throw fail(
                'processMoveRequired',
                { stage: stageById(current, stageId)?.name ?? stageId },
                [{ path: `moves.${stageId}`, message: 'moveRequired' }],
              );
            }
          }
          const used = new Set<string>();
          for (const change of await db.stageChanges.toArray()) used.add(change.to);
          for (const stageId of counts.keys()) used.add(stageId);
          const savedAt = Math.max(now(), current.savedAt + 1);
          const process: Process = processSchema.parse({
            id: current.id,
            savedAt,
            stages: keepUsedStages(current, { stages }, used),
            lostReasons,
          });
          await db.processes.add(process);

          const moved: string[] = [];
          for (const stageId of needing) {
            const target = live.get(moves[stageId] ?? '');
            if (!target) continue;
            const from = stageById(current, stageId);
            const inStage = await db.prospects
              .where('[stageId+stageEnteredAt]')
              .between([stageId, Dexie.minKey], [stageId, Dexie.maxKey])
              .toArray();
            for (const prospect of inStage) {
              const at = Math.max(savedAt, prospect.stageEnteredAt);
              await db.stageChanges.add(
                stageChangeSchema.parse({
                  prospectId: prospect.id,
                  from: stageId,
                  to: target.id,
                  at,
                  note: `Stage "${from?.name ?? stageId}" archived`,
                }),
              );
              await db.prospects.put(
                prospectSchema.parse({
                  ...prospect,
                  stageId: target.id,
                  stageEnteredAt: at,
                  status: target.kind,
                  lostReason: target.kind === 'lost' ? prospect.lostReason : undefined,
                  updatedAt: at,
                }),
              );
              moved.push(prospect.id);
            }
          }
          return { process, moved };
        },
      );
      ctx.forgetProcess();
      notify({ what: 'process', prospectIds: result.moved });
      return result;
    },
  });
}
