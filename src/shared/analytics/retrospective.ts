/**
 * The dashboard's won/lost retrospective — the article's first step: what the closed deals of
 * the period went through (stages, time, touchpoints), and what they have in common.
 */
import type { Period } from '../period.ts';
import { KIND_CHANNEL, type Process, type TouchpointKind } from '../schemas.ts';
import type { ProspectHistory, StageOrder } from './histories.ts';
import type { StepSpeed } from './speed.ts';
import { pushSample as push, type Stats, stats } from './stats.ts';

/** Deals a retrospective lists (its figures cover every deal; `count` says how many there are). */
export const RETRO_DEALS_SHOWN = 12;

export const TOUCH_FAMILIES = [
  'email',
  'linkedinMessage',
  'linkedinConnect',
  'profileView',
  'call',
  'meeting',
  'note',
] as const;
export type TouchFamily = (typeof TOUCH_FAMILIES)[number];

export const FAMILY_OF: Record<TouchpointKind, TouchFamily> = {
  email_sent: 'email',
  email_received: 'email',
  linkedin_message_sent: 'linkedinMessage',
  linkedin_message_received: 'linkedinMessage',
  linkedin_connect_sent: 'linkedinConnect',
  linkedin_profile_view: 'profileView',
  call: 'call',
  meeting: 'meeting',
  note: 'note',
};

export interface DealRetro {
  prospectId: string;
  name: string;
  startedAt: number;
  closedAt: number;
  totalMs: number;
  /** The stages in the order visited (re-entries appear again), with the time spent there. */
  steps: Array<{ stageId: string; enteredAt: number; durationMs: number }>;
  touchCount: number;
}

export interface RetroStage {
  stageId: string;
  /** How many of the deals went through this stage. */
  deals: number;
  /** Time in the stage per deal that went through it (re-entries added up). */
  time: Stats;
  /** Median touchpoints per deal in this stage, by kind (over all the deals). */
  medianByKind: Partial<Record<TouchpointKind, number>>;
  totalByKind: Partial<Record<TouchpointKind, number>>;
  totalByChannel: Record<'gmail' | 'linkedin' | 'manual', number>;
}

export interface RetroPattern {
  /** Touchpoints before this stage (in the stages ranked before it); null without such stage. */
  beforeStageId: string | null;
  before: Array<{ family: TouchFamily; median: number }>;
  /** The open stage where the deals spent the most time (median). */
  longestStageId: string | null;
  longestMedianMs: number;
}

export interface Retrospective {
  count: number;
  deals: DealRetro[];
  duration: Stats;
  /** Time from entering a stage to entering the next live stage, for consecutive steps. */
  between: StepSpeed[];
  stages: RetroStage[];
  pattern: RetroPattern;
}

/** The outcome as the last step of the between-step times (not a stage id: it cannot clash). */
const OUTCOME_STEP = '\u0000outcome';

/** The article's first step: what the closed deals went through, and what they have in common. */
export function retrospective(
  histories: readonly ProspectHistory[],
  process: Process,
  order: StageOrder,
  ids: ReadonlySet<string>,
  outcome: 'won' | 'lost',
  period: Period,
  touchesOf: (
    history: ProspectHistory,
  ) => ReadonlyMap<string, ReadonlyMap<TouchpointKind, number>> = (history) => history.touches,
): Retrospective {
  const deals: DealRetro[] = [];
  const picked: ProspectHistory[] = [];
  const perStageTime = new Map<string, number[]>();
  // The steps timed between: the live open stages, then the outcome. Samples by the later
  // step's position, built once rather than a key string per deal and step.
  const timed = [...order.funnel.filter((id) => order.kind.get(id) === 'open'), OUTCOME_STEP];
  const betweenSamples: number[][] = timed.map(() => []);
  for (const history of histories) {
    if (!ids.has(history.prospect.id)) continue;
    picked.push(history);
    // The close inside the period (the latest one, should the deal have been reopened).
    let closedAt = history.prospect.stageEnteredAt;
    for (const change of history.changes) {
      if (
        order.kind.get(change.to) === outcome &&
        change.at >= period.start &&
        change.at < period.end
      )
        closedAt = change.at;
    }
    const startedAt = history.changes[0]?.at ?? closedAt;
    const steps: DealRetro['steps'] = [];
    const time = new Map<string, number>();
    const firstEntry = new Map<string, number>();
    for (const visit of history.visits) {
      if (visit.enteredAt >= closedAt) break;
      const left = Math.min(visit.leftAt ?? closedAt, closedAt);
      steps.push({
        stageId: visit.stageId,
        enteredAt: visit.enteredAt,
        durationMs: left - visit.enteredAt,
      });
      time.set(visit.stageId, (time.get(visit.stageId) ?? 0) + (left - visit.enteredAt));
      if (!firstEntry.has(visit.stageId)) firstEntry.set(visit.stageId, visit.enteredAt);
    }
    firstEntry.set(OUTCOME_STEP, closedAt);
    for (const [stageId, ms] of time) push(perStageTime, stageId, ms);
    for (let index = 1; index < timed.length; index++) {
      const a = firstEntry.get(timed[index - 1] as string);
      const b = firstEntry.get(timed[index] as string);
      if (a !== undefined && b !== undefined && b >= a)
        (betweenSamples[index] as number[]).push(b - a);
    }
    let touchCount = 0;
    for (const kinds of touchesOf(history).values())
      for (const n of kinds.values()) touchCount += n;
    deals.push({
      prospectId: history.prospect.id,
      name: history.prospect.name,
      startedAt,
      closedAt,
      totalMs: closedAt - startedAt,
      steps,
      touchCount,
    });
  }
  deals.sort((a, b) => b.closedAt - a.closedAt || a.name.localeCompare(b.name));

  const outcomeStageId =
    process.stages.find((stage) => stage.kind === outcome && !stage.archived)?.id ?? outcome;
  const stageIds = [...new Set([...order.ids, ...perStageTime.keys()])].filter(
    (id) => perStageTime.has(id) || picked.some((history) => touchesOf(history).has(id)),
  );
  const stages: RetroStage[] = stageIds
    .filter((stageId) => order.kind.get(stageId) !== 'won' && order.kind.get(stageId) !== 'lost')
    .map((stageId) => {
      const totalByKind: Partial<Record<TouchpointKind, number>> = {};
      const totalByChannel = { gmail: 0, linkedin: 0, manual: 0 };
      const perKind = new Map<TouchpointKind, number[]>();
      for (const history of picked) {
        const kinds = touchesOf(history).get(stageId);
        for (const [kind, count] of kinds ?? []) {
          totalByKind[kind] = (totalByKind[kind] ?? 0) + count;
          totalByChannel[KIND_CHANNEL[kind]] += count;
        }
      }
      for (const kind of Object.keys(totalByKind) as TouchpointKind[]) {
        perKind.set(
          kind,
          picked.map((history) => touchesOf(history).get(stageId)?.get(kind) ?? 0),
        );
      }
      const medianByKind: Partial<Record<TouchpointKind, number>> = {};
      for (const [kind, samples] of perKind) medianByKind[kind] = stats(samples).median;
      const samples = perStageTime.get(stageId) ?? [];
      return {
        stageId,
        deals: samples.length,
        time: stats(samples),
        medianByKind,
        totalByKind,
        totalByChannel,
      };
    });

  const between: StepSpeed[] = [];
  for (let index = 1; index < timed.length; index++) {
    const to = timed[index] as string;
    const samples = betweenSamples[index] as number[];
    if (samples.length > 0)
      between.push({
        fromStageId: timed[index - 1] as string,
        toStageId: to === OUTCOME_STEP ? outcomeStageId : to,
        stats: stats(samples),
      });
  }

  return {
    count: deals.length,
    deals,
    duration: stats(deals.map((deal) => deal.totalMs)),
    between,
    stages,
    pattern: pattern(picked, order, stages, touchesOf),
  };
}

/**
 * "Won deals: median 4 emails and 1 LinkedIn message before Qualified, 9 days in Proposal".
 * The "before" stage is the third live open stage (the first one a deal earns, after being
 * found and contacted) or the last open one in shorter processes.
 */
function pattern(
  picked: readonly ProspectHistory[],
  order: StageOrder,
  stages: readonly RetroStage[],
  touchesOf: (history: ProspectHistory) => ReadonlyMap<string, ReadonlyMap<TouchpointKind, number>>,
): RetroPattern {
  const open = order.funnel.filter((id) => order.kind.get(id) === 'open');
  const beforeStageId = open[Math.min(2, open.length - 1)] ?? null;
  const before: RetroPattern['before'] = [];
  if (beforeStageId !== null && picked.length > 0) {
    const limit = order.rank.get(beforeStageId) ?? 0;
    const perFamily = new Map<TouchFamily, number[]>();
    for (const family of TOUCH_FAMILIES) perFamily.set(family, []);
    for (const history of picked) {
      const counts = new Map<TouchFamily, number>();
      for (const [stageId, kinds] of touchesOf(history)) {
        const rank = order.rank.get(stageId);
        if (rank === undefined || rank >= limit) continue;
        for (const [kind, n] of kinds)
          counts.set(FAMILY_OF[kind], (counts.get(FAMILY_OF[kind]) ?? 0) + n);
      }
      for (const family of TOUCH_FAMILIES) perFamily.get(family)?.push(counts.get(family) ?? 0);
    }
    for (const family of TOUCH_FAMILIES) {
      const median = stats(perFamily.get(family) ?? []).median;
      if (median > 0) before.push({ family, median });
    }
    before.sort((a, b) => b.median - a.median);
    before.splice(2);
  }
  let longest: RetroStage | undefined;
  for (const stage of stages) {
    if (order.kind.get(stage.stageId) !== 'open' || stage.time.n === 0) continue;
    if (!longest || stage.time.median > longest.time.median) longest = stage;
  }
  return {
    beforeStageId: before.length > 0 ? beforeStageId : null,
    before,
    longestStageId: longest?.stageId ?? null,
    longestMedianMs: longest?.time.median ?? 0,
  };
}
