/**
 * Moving prospects through the process: advance, set, win, lose, undo — and the next-step
 * actions checked on the way. Every move goes through `moveStage`: one transaction reads the
 * prospect, checks the move still makes sense (the guard against double clicks and other
 * tabs), appends the change and updates the prospect, so concurrent moves serialize and the
 * history always matches the prospect.
 */
import { fail } from '../../shared/error-reasons.ts';
import type { StageMove } from '../../shared/messages.ts';
import { nextStage, outcomeStage, stageById, statusOf } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function stageHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;

  async function moveStage(
    prospectId: string,
    pickTarget: (prospect: Prospect, process: Process) => string,
    options: {
      fromStageId?: string | undefined;
      note?: string | undefined;
      lostReason?: string | undefined;
    },
  ): Promise<StageMove> {
    const process = await store.processes.current();
    const result = await store.transaction('rw', ['prospects', 'stageChanges'], async () => {
      const prospect = await store.prospects.require(prospectId);
      if (options.fromStageId && prospect.stageId !== options.fromStageId) {
        throw fail('prospectMoved');
      }
      const targetId = pickTarget(prospect, process);
      const target = stageById(process, targetId);
      if (!target || target.archived) throw fail('stageNotFound', { stage: targetId });
      if (target.id === prospect.stageId) {
        throw fail('alreadyInStage');
      }
      const at = Math.max(now(), prospect.stageEnteredAt);
      const change = await store.stageChanges.add({
        prospectId,
        from: prospect.stageId,
        to: target.id,
        at,
        ...(options.note ? { note: options.note } : {}),
        ...(target.kind === 'lost' && options.lostReason ? { lostReason: options.lostReason } : {}),
      });
      const updated = await store.prospects.put({
        ...prospect,
        stageId: target.id,
        stageEnteredAt: at,
        status: statusOf(target),
        lostReason: target.kind === 'lost' ? options.lostReason : undefined,
        updatedAt: at,
      });
      return { prospect: updated, change };
    });
    notify({ what: 'stage', prospectIds: [prospectId] });
    return result;
  }

  return defineHandlers({
    advanceStage({ prospectId, fromStageId, note }) {
      return moveStage(
        prospectId,
        (prospect, process) => {
          const next = nextStage(process, prospect.stageId);
          if (!next) throw fail('noNextStage');
          return next.id;
        },
        { fromStageId, note },
      );
    },

    setStage({ prospectId, stageId, fromStageId, note }) {
      return moveStage(
        prospectId,
        (_prospect, process) => {
          if (stageById(process, stageId)?.kind === 'lost') {
            throw fail('lostNeedsReason');
          }
          return stageId;
        },
        { fromStageId, note },
      );
    },

    markWon({ prospectId, note }) {
      return moveStage(prospectId, (_prospect, process) => requireOutcome(process, 'won'), {
        note,
      });
    },

    markLost({ prospectId, reason, note }) {
      return moveStage(prospectId, (_prospect, process) => requireOutcome(process, 'lost'), {
        note,
        lostReason: reason,
      });
    },

    async undoStageChange({ prospectId }) {
      const process = await store.processes.current();
      const result = await store.transaction('rw', ['prospects', 'stageChanges'], async () => {
        const prospect = await store.prospects.require(prospectId);
        const changes = await store.stageChanges.of(prospectId);
        const removed = changes.at(-1);
        const previous = changes.at(-2);
        // The entry into the first stage is the prospect's creation, not a move: never undone.
        if (!removed?.id || !previous) throw fail('nothingToUndo');
        await store.stageChanges.delete(removed.id);
        const stage = stageById(process, previous.to);
        const restored = await store.prospects.put({
          ...prospect,
          stageId: previous.to,
          stageEnteredAt: previous.at,
          status: stage ? statusOf(stage) : 'open',
          lostReason: stage?.kind === 'lost' ? previous.lostReason : undefined,
        });
        return { prospect: restored, removed };
      });
      notify({ what: 'stage', prospectIds: [prospectId] });
      return result;
    },

    async checkAction({ prospectId, stageId, actionId, done }) {
      const process = await store.processes.current();
      const stage = stageById(process, stageId);
      if (!stage?.actions.some((action) => action.id === actionId)) {
        throw fail('actionNotFound', { action: actionId, stage: stageId });
      }
      const checks = await store.transaction('rw', ['prospects', 'actionChecks'], async () => {
        await store.prospects.require(prospectId);
        if (done) await store.actionChecks.add({ prospectId, stageId, actionId, doneAt: now() });
        else await store.actionChecks.delete(prospectId, stageId, actionId);
        return store.actionChecks.of(prospectId);
      });
      notify({ what: 'action', prospectIds: [prospectId] });
      return { checks };
    },
  });
}

function requireOutcome(process: Process, kind: 'won' | 'lost'): string {
  const stage = outcomeStage(process, kind);
  if (!stage) throw fail('noOutcomeStage', { kind });
  return stage.id;
}
