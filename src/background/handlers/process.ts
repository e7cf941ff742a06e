/**
 * The process: reading the one in force, and the process editor's background side — saving a
 * new version (moving the prospects of stages that leave use, as recorded stage changes) and
 * what the editor needs to suggest targets and actions from won deals.
 */
import { fail } from '../../shared/error-reasons.ts';
import { stageById } from '../../shared/process.ts';
import {
  keepUsedStages,
  stagesNeedingMoves,
  suggestTargets,
  validateProcessDraft,
  wonDealActions,
} from '../../shared/process-edit.ts';
import type { Process, StageChange, TouchpointKind } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function processHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;

  /** Counted through the [stageId+stageEnteredAt] index: one request per stage, no scan. */
  async function prospectsPerStage(process: Process): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await Promise.all(
      process.stages.map(async (stage) => {
        const count = await store.prospects.countInStage(stage.id);
        if (count > 0) counts.set(stage.id, count);
      }),
    );
    return counts;
  }

  return defineHandlers({
    async getProcess() {
      return { process: await store.processes.current() };
    },

    async getProcessEditor() {
      const process = await store.processes.current();
      const versions = await store.processes.versions();
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
      const process = await store.processes.current();
      const wonIds = await store.prospects.idsByStatus('won');
      const changes = new Map<string, StageChange[]>(wonIds.map((id) => [id, []]));
      const touchpoints = new Map<string, Array<{ stageId: string; kind: TouchpointKind }>>();
      // Whole-store reads are one getAll each; cursors (each()) cost one round trip per record
      // in Chromium. Touchpoints are read only for won deals, through their index range.
      for (const change of await store.stageChanges.all())
        changes.get(change.prospectId)?.push(change);
      await Promise.all(
        wonIds.map(async (id) => {
          const rows = await store.touchpoints.of(id);
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
      const current = await store.processes.current();
      const result = await store.transaction(
        'rw',
        ['processes', 'prospects', 'stageChanges'],
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
          for (const change of await store.stageChanges.all()) used.add(change.to);
          for (const stageId of counts.keys()) used.add(stageId);
          const savedAt = Math.max(now(), current.savedAt + 1);
          const process = await store.processes.add({
            id: current.id,
            savedAt,
            stages: keepUsedStages(current, { stages }, used),
            lostReasons,
          });

          const moved: string[] = [];
          for (const stageId of needing) {
            const target = live.get(moves[stageId] ?? '');
            if (!target) continue;
            const from = stageById(current, stageId);
            for (const prospect of await store.prospects.inStage(stageId)) {
              const at = Math.max(savedAt, prospect.stageEnteredAt);
              await store.stageChanges.add({
                prospectId: prospect.id,
                from: stageId,
                to: target.id,
                at,
                note: `Stage "${from?.name ?? stageId}" archived`,
              });
              await store.prospects.put({
                ...prospect,
                stageId: target.id,
                stageEnteredAt: at,
                status: target.kind,
                lostReason: target.kind === 'lost' ? prospect.lostReason : undefined,
                updatedAt: at,
              });
              moved.push(prospect.id);
            }
          }
          return { process, moved };
        },
      );
      store.processes.forget();
      notify({ what: 'process', prospectIds: result.moved });
      return result;
    },
  });
}
