/** Rules of a process that every surface shares: which stage comes next, which ones count. */
import type { Process, ProspectStatus, Stage } from './schemas.ts';

export function stageById(process: Process, stageId: string): Stage | undefined {
  return process.stages.find((stage) => stage.id === stageId);
}

/** The stage a newly tracked prospect enters: the first open stage still in use. */
export function firstStage(process: Process): Stage {
  const stage = process.stages.find(
    (candidate) => candidate.kind === 'open' && !candidate.archived,
  );
  // The process schema guarantees at least one live open stage.
  if (!stage) throw new Error('Process has no open stage');
  return stage;
}

/**
 * "Advance" moves to the next live stage in order that is not the lost outcome: after the last
 * open stage comes the won outcome. Outcomes themselves have no next stage.
 */
export function nextStage(process: Process, stageId: string): Stage | undefined {
  const index = process.stages.findIndex((stage) => stage.id === stageId);
  const current = process.stages[index];
  if (current?.kind !== 'open') return undefined;
  return process.stages.slice(index + 1).find((stage) => !stage.archived && stage.kind !== 'lost');
}

export function outcomeStage(process: Process, kind: 'won' | 'lost'): Stage | undefined {
  return process.stages.find((stage) => stage.kind === kind && !stage.archived);
}

export function statusOf(stage: Stage): ProspectStatus {
  return stage.kind;
}
