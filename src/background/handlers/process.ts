/**
 * The process editor's background side: saving a new version of the process (moving the
 * prospects of stages that leave use, as recorded stage changes) and what the editor needs to
 * suggest targets and actions from won deals.
 */
import { EtapeError } from '../../shared/messages.ts';
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
} from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

export function processHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;

  async function prospectsPerStage(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await db.prospects.each((prospect) =>
      counts.set(prospect.stageId, (counts.get(prospect.stageId) ?? 0) + 1),
    );
    return counts;
  }

  return defineHandlers({
    async getProcessEditor() {
      const process = await ctx.currentProcess();
      const versions = await db.processes.orderBy('savedAt').reverse().toArray();
      const won = await db.prospects.where('status').equals('won').toArray();
      const wonIds = new Set(won.map((prospect) => prospect.id));
      const changes = new Map<string, StageChange[]>();
      const touchpoints = new Map<
        string,
        Array<{ stageId: string; kind: import('../../shared/schemas.ts').TouchpointKind }>
      >();
      for (const id of wonIds) {
        changes.set(id, []);
        touchpoints.set(id, []);
      }
      // One pass over each store beats one indexed query per won deal at a year's volume.
      await db.stageChanges.each((change) => changes.get(change.prospectId)?.push(change));
      await db.touchpoints.each((touchpoint) =>
        touchpoints
          .get(touchpoint.prospectId)
          ?.push({ stageId: touchpoint.stageId, kind: touchpoint.kind }),
      );
      return {
        process,
        versions: versions.map((version) => ({
          savedAt: version.savedAt,
          stages: version.stages.filter((stage) => !stage.archived).map((stage) => stage.name),
        })),
        prospectsPerStage: Object.fromEntries(await prospectsPerStage()),
        targets: suggestTargets(process, [...changes.values()]),
        actions: wonDealActions(
          process,
          [...wonIds].map((id) => ({
            changes: changes.get(id) ?? [],
            touchpoints: touchpoints.get(id) ?? [],
          })),
        ),
        wonDeals: wonIds.size,
      };
    },

    async saveProcess({ stages, lostReasons, moves }) {
      const errors = validateProcessDraft({ stages, lostReasons });
      if (errors.length > 0) {
        throw new EtapeError(
          'invalid',
          'The process is not valid',
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
          const counts = await prospectsPerStage();
          const needing = stagesNeedingMoves(current, { stages }, counts);
          const live = new Map(
            stages.filter((stage) => !stage.archived).map((stage) => [stage.id, stage]),
          );
          for (const stageId of needing) {
            const target = moves[stageId];
            if (!target || !live.has(target) || target === stageId) {
              throw new EtapeError('invalid', 'Say where the prospects of an archived stage go', [
                { path: `moves.${stageId}`, message: 'moveRequired' },
              ]);
            }
          }
          const used = new Set<string>();
          await db.stageChanges.each((change) => used.add(change.to));
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
            for (const prospect of await db.prospects
              .filter((candidate) => candidate.stageId === stageId)
              .toArray()) {
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
