/**
 * The process evolves (the source article: it is never finished). Rules for editing it, kept
 * pure so the editor can show a message next to each field as the user types and the background
 * can refuse the same things at its boundary:
 * - stage ids are stable: renaming or reordering changes no past record;
 * - a stage that holds prospects is archived, never dropped, and its prospects are moved first;
 * - names are non-empty and unique, targets positive, and there is an open stage, a won and a
 *   lost outcome.
 */

import {
  LIMITS,
  type Process,
  type Stage,
  type StageChange,
  type Touchpoint,
  type TouchpointKind,
} from './schemas.ts';
import { DAY_MS, stageDurations } from './timing.ts';

export interface FieldError {
  /** e.g. `stages.2.name`, `stages.0.targetDays`, `lostReasons.1.label`, `stages` */
  path: string;
  message: ProcessErrorCode;
}

export type ProcessErrorCode =
  | 'nameEmpty'
  | 'nameDuplicate'
  | 'targetInvalid'
  | 'noOpenStage'
  | 'noWonStage'
  | 'noLostStage'
  | 'actionEmpty'
  | 'reasonEmpty'
  | 'tooManyStages'
  | 'followUpInvalid';

export function validateProcessDraft(draft: Pick<Process, 'stages' | 'lostReasons'>): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Map<string, number>();
  draft.stages.forEach((stage, index) => {
    const name = stage.name.trim();
    if (!name) errors.push({ path: `stages.${index}.name`, message: 'nameEmpty' });
    else if (!stage.archived) {
      const folded = name.toLocaleLowerCase();
      if (names.has(folded))
        errors.push({ path: `stages.${index}.name`, message: 'nameDuplicate' });
      names.set(folded, index);
    }
    if (
      stage.kind === 'open' &&
      !(
        typeof stage.targetDays === 'number' &&
        Number.isFinite(stage.targetDays) &&
        stage.targetDays > 0 &&
        stage.targetDays <= 3650
      )
    ) {
      errors.push({ path: `stages.${index}.targetDays`, message: 'targetInvalid' });
    }
    // Optional: absent means no follow-up nudge for this stage.
    const followUp = stage.followUpDays;
    if (
      followUp !== undefined &&
      !(Number.isInteger(followUp) && followUp > 0 && followUp <= LIMITS.followUpDays)
    ) {
      errors.push({ path: `stages.${index}.followUpDays`, message: 'followUpInvalid' });
    }
    stage.actions.forEach((action, actionIndex) => {
      if (!action.label.trim())
        errors.push({
          path: `stages.${index}.actions.${actionIndex}.label`,
          message: 'actionEmpty',
        });
    });
  });
  const live = draft.stages.filter((stage) => !stage.archived);
  if (!live.some((stage) => stage.kind === 'open'))
    errors.push({ path: 'stages', message: 'noOpenStage' });
  if (!live.some((stage) => stage.kind === 'won'))
    errors.push({ path: 'stages', message: 'noWonStage' });
  if (!live.some((stage) => stage.kind === 'lost'))
    errors.push({ path: 'stages', message: 'noLostStage' });
  if (draft.stages.length > 30) errors.push({ path: 'stages', message: 'tooManyStages' });
  draft.lostReasons.forEach((reason, index) => {
    if (!reason.label.trim())
      errors.push({ path: `lostReasons.${index}.label`, message: 'reasonEmpty' });
  });
  return errors;
}

/**
 * Stages that leave use in this draft (archived, or removed from the list) while prospects are
 * in them: the user must say where those prospects go before the draft can be saved.
 */
export function stagesNeedingMoves(
  current: Process,
  draft: Pick<Process, 'stages'>,
  prospectsPerStage: ReadonlyMap<string, number>,
): string[] {
  const kept = new Map(draft.stages.map((stage) => [stage.id, stage]));
  return current.stages
    .filter((stage) => {
      const next = kept.get(stage.id);
      const leaving = !next || next.archived;
      return leaving && (prospectsPerStage.get(stage.id) ?? 0) > 0;
    })
    .map((stage) => stage.id);
}

/**
 * A removed stage that was ever used stays in the process as archived (its history must keep a
 * name in every period it was used); one never used simply goes.
 */
export function keepUsedStages(
  current: Process,
  draft: Pick<Process, 'stages'>,
  usedStageIds: ReadonlySet<string>,
): Stage[] {
  const ids = new Set(draft.stages.map((stage) => stage.id));
  const kept = current.stages.filter((stage) => !ids.has(stage.id) && usedStageIds.has(stage.id));
  return [...draft.stages, ...kept.map((stage) => ({ ...stage, archived: true }))];
}

/** A new stable id: readable, unique within the process, never reused after a rename. */
export function newStageId(name: string, taken: ReadonlySet<string>, random: () => string): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'stage';
  let id = base;
  while (taken.has(id)) id = `${base}-${random()}`;
  return id;
}

export interface TargetSuggestion {
  stageId: string;
  /** Median days won deals spent in this stage; null when too few deals to say. */
  medianDays: number | null;
  /** How many won deals went through this stage. */
  deals: number;
}

/** Fewer won deals than this and a median says more about luck than about the process. */
export const MIN_DEALS_FOR_SUGGESTION = 3;

/**
 * "Suggest targets": per open stage, the median time the won deals spent there (re-entries
 * added up), with the number of deals it rests on.
 */
export function suggestTargets(
  process: Process,
  wonHistories: ReadonlyArray<ReadonlyArray<Pick<StageChange, 'to' | 'at'>>>,
): TargetSuggestion[] {
  const samples = new Map<string, number[]>();
  for (const changes of wonHistories) {
    const last = [...changes].sort((a, b) => a.at - b.at).at(-1);
    if (!last) continue;
    // Time in the won outcome itself runs until now: measure up to the win.
    for (const [stageId, ms] of stageDurations(changes, last.at)) {
      const list = samples.get(stageId) ?? [];
      list.push(ms);
      samples.set(stageId, list);
    }
  }
  return process.stages
    .filter((stage) => stage.kind === 'open' && !stage.archived)
    .map((stage) => {
      const list = samples.get(stage.id) ?? [];
      return {
        stageId: stage.id,
        deals: list.length,
        medianDays: list.length >= MIN_DEALS_FOR_SUGGESTION ? roundDays(median(list)) : null,
      };
    });
}

export interface ActionCandidate {
  stageId: string;
  kind: TouchpointKind;
  /** Share of the won deals that went through the stage and had this kind of touchpoint in it. */
  share: number;
  deals: number;
}

/**
 * "What won deals did": per stage, the touchpoint kinds most won deals had while in it — the
 * observation the article turns into next-step actions. Kinds had by at least half of the won
 * deals that went through the stage, most common first.
 */
export function wonDealActions(
  process: Process,
  won: ReadonlyArray<{
    changes: ReadonlyArray<Pick<StageChange, 'to'>>;
    touchpoints: ReadonlyArray<Pick<Touchpoint, 'stageId' | 'kind'>>;
  }>,
): ActionCandidate[] {
  const through = new Map<string, number>();
  const had = new Map<string, Map<TouchpointKind, number>>();
  for (const deal of won) {
    for (const stageId of new Set(deal.changes.map((change) => change.to))) {
      through.set(stageId, (through.get(stageId) ?? 0) + 1);
    }
    const seen = new Set<string>();
    for (const touchpoint of deal.touchpoints) {
      const id = `${touchpoint.stageId}|${touchpoint.kind}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const kinds = had.get(touchpoint.stageId) ?? new Map<TouchpointKind, number>();
      kinds.set(touchpoint.kind, (kinds.get(touchpoint.kind) ?? 0) + 1);
      had.set(touchpoint.stageId, kinds);
    }
  }
  const out: ActionCandidate[] = [];
  for (const stage of process.stages) {
    if (stage.kind !== 'open') continue;
    const deals = through.get(stage.id) ?? 0;
    if (deals < MIN_DEALS_FOR_SUGGESTION) continue;
    const kinds = [...(had.get(stage.id) ?? new Map<TouchpointKind, number>())]
      .map(([kind, count]) => ({ stageId: stage.id, kind, share: count / deals, deals }))
      .filter((candidate) => candidate.share >= 0.5)
      .sort((a, b) => b.share - a.share || a.kind.localeCompare(b.kind));
    out.push(...kinds);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Targets are whole days (at least one): "9 days in Proposal", not 8.73. */
function roundDays(ms: number): number {
  return Math.max(1, Math.round(ms / DAY_MS));
}
