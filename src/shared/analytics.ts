/**
 * Dashboard figures, computed from the append-only StageChange history and per-stage touchpoint
 * counts. Pure: no browser API, no clock (callers pass `now`), so every figure is unit-tested on
 * small hand-computed datasets and the dashboard shows exactly what these functions return.
 *
 * Rules that decide the numbers (each one tested in analytics.test.ts):
 * - A period is half-open, [start, end). An event belongs to it when `start <= at < end`.
 * - Won / lost in a period: distinct prospects with a change into a won / lost stage in it.
 * - Time in a stage: per prospect, its visits to the stage that ENDED in the period, added up
 *   (re-entries add up, as the badges count them). Still-open visits are not "time spent" yet.
 * - Pipeline: open prospects by stage at the end of the period (or now, if sooner).
 * - Funnel: the prospects with a stage change in the period; a prospect "reached" a stage when
 *   it entered it or any later non-lost stage before the period end (so a stage added mid-way
 *   counts the prospects that went past it). Archived stages appear in speed, not in the funnel.
 */

import { type Period, previousPeriod } from './period.ts';
import {
  KIND_CHANNEL,
  type Process,
  type ProspectStatus,
  type Stage,
  type TouchpointKind,
} from './schemas.ts';
import { DAY_MS, stageVisits } from './timing.ts';

export interface AnalyticsProspect {
  id: string;
  name: string;
  company?: string | undefined;
  stageId: string;
  stageEnteredAt: number;
  status: ProspectStatus;
  dealValue?: number | undefined;
  currency?: string | undefined;
  sample?: boolean | undefined;
}

export interface AnalyticsChange {
  prospectId: string;
  from: string | null;
  to: string;
  at: number;
  lostReason?: string | undefined;
}

/** How many touchpoints of one kind a prospect had while in one stage. */
export interface TouchCount {
  prospectId: string;
  stageId: string;
  kind: TouchpointKind;
  count: number;
}

export interface AnalyticsDataset {
  prospects: AnalyticsProspect[];
  changes: AnalyticsChange[];
  touchCounts: TouchCount[];
}

export interface Visit {
  stageId: string;
  enteredAt: number;
  leftAt: number | null;
}

export interface ProspectHistory {
  prospect: AnalyticsProspect;
  /** Oldest first; ties keep their recorded order. */
  changes: AnalyticsChange[];
  visits: Visit[];
  /** stageId → kind → count. */
  touches: Map<string, Map<TouchpointKind, number>>;
}

// Periods have their own small module: the dashboard's first script needs them without the rest.
export {
  customPeriod,
  type Period,
  type PeriodPreset,
  presetPeriod,
  previousPeriod,
} from './period.ts';

export interface Stats {
  n: number;
  avg: number;
  median: number;
  p90: number;
}

export interface StageSpeed {
  stageId: string;
  stats: Stats;
  /** Sum of the samples: how much cycle time the stage held in the period. */
  totalMs: number;
}

export interface StepSpeed {
  fromStageId: string;
  toStageId: string;
  stats: Stats;
}

export interface FunnelStep {
  stageId: string;
  reached: number;
  /** Of those that reached this stage, the share that reached the next; null at the last. */
  conversion: number | null;
}

export interface PipelineRow {
  stageId: string;
  count: number;
  value: number;
}

export interface LostReasonRow {
  reason: string;
  /** The stage the prospects were in when lost (`from` of the change). */
  stageId: string;
  count: number;
}

export interface Figures {
  period: Period;
  won: number;
  lost: number;
  /** won / (won + lost); null when nothing closed. */
  conversion: number | null;
  wonValue: number;
  wonIds: string[];
  lostIds: string[];
  pipeline: PipelineRow[];
  lostReasons: LostReasonRow[];
  speed: StageSpeed[];
  between: StepSpeed[];
  cycle: Stats;
  funnel: FunnelStep[];
}

export interface StuckProspect {
  prospectId: string;
  name: string;
  enteredAt: number;
  elapsedMs: number;
  overTarget: boolean;
}

export interface Accelerate {
  stageId: string;
  reason: 'overTarget' | 'mostTime';
  medianMs: number;
  targetDays: number | null;
  /** median / target; null without a target. */
  targetRatio: number | null;
  /** Share of all time spent in open stages in the period. */
  share: number;
  totalMs: number;
  stuck: StuckProspect[];
}

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

export interface Dashboard {
  current: Figures;
  previous: Figures;
  accelerate: Accelerate | null;
  won: Retrospective;
  lost: Retrospective;
}

/** Groups the flat dataset by prospect once; every period is then computed from it. */
export function buildHistories(dataset: AnalyticsDataset): ProspectHistory[] {
  const byId = new Map<string, ProspectHistory>();
  for (const prospect of dataset.prospects) {
    byId.set(prospect.id, { prospect, changes: [], visits: [], touches: new Map() });
  }
  for (const change of dataset.changes) byId.get(change.prospectId)?.changes.push(change);
  for (const touch of dataset.touchCounts) {
    const history = byId.get(touch.prospectId);
    if (!history) continue;
    let kinds = history.touches.get(touch.stageId);
    if (!kinds) {
      kinds = new Map();
      history.touches.set(touch.stageId, kinds);
    }
    kinds.set(touch.kind, (kinds.get(touch.kind) ?? 0) + touch.count);
  }
  for (const history of byId.values()) {
    // Array.prototype.sort is stable: same-millisecond changes keep their recorded order.
    history.changes.sort((a, b) => a.at - b.at);
    history.visits =
      history.changes.length > 0
        ? stageVisits(history.changes)
        : [
            {
              stageId: history.prospect.stageId,
              enteredAt: history.prospect.stageEnteredAt,
              leftAt: null,
            },
          ];
  }
  return [...byId.values()];
}

/** avg, median (mean of the two middles when even) and p90 (nearest rank). */
export function stats(samples: readonly number[]): Stats {
  const n = samples.length;
  if (n === 0) return { n: 0, avg: 0, median: 0, p90: 0 };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)] ?? 0;
  return { n, avg: sum / n, median, p90 };
}

/** Touchpoint counts fetched apart from the histories: prospectId → stageId → kind → count. */
export type TouchIndex = ReadonlyMap<string, Map<string, Map<TouchpointKind, number>>>;

export function touchIndex(
  counts: readonly TouchCount[],
): Map<string, Map<string, Map<TouchpointKind, number>>> {
  const index = new Map<string, Map<string, Map<TouchpointKind, number>>>();
  for (const row of counts) {
    let stages = index.get(row.prospectId);
    if (!stages) {
      stages = new Map();
      index.set(row.prospectId, stages);
    }
    let kinds = stages.get(row.stageId);
    if (!kinds) {
      kinds = new Map();
      stages.set(row.stageId, kinds);
    }
    kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + row.count);
  }
  return index;
}

/** Deals a retrospective lists (its figures cover every deal; `count` says how many there are). */
export const RETRO_DEALS_SHOWN = 12;

/**
 * Every figure of a period and of the period before. `touches`, when given, supplies the
 * touchpoint counts (the dashboard fetches them only for the deals its retrospective shows);
 * otherwise the histories' own counts are used.
 */
export function computeDashboard(
  histories: readonly ProspectHistory[],
  process: Process,
  period: Period,
  now: number,
  touches?: TouchIndex,
  /** This period's figures when already computed (they do not depend on `touches`). */
  computed?: Figures,
  /**
   * How many deals each retrospective lists. The page shows RETRO_DEALS_SHOWN: a quarter of a
   * busy team is 500 deals, 300 KB of reply the page would decode only to leave out.
   */
  dealsListed = Number.POSITIVE_INFINITY,
): Dashboard {
  const order = stageOrder(process);
  const touchesOf = (history: ProspectHistory) =>
    touches?.get(history.prospect.id) ?? (touches ? EMPTY_TOUCHES : history.touches);
  const current = computed ?? computeFigures(histories, order, period, now);
  const previous = computeFigures(histories, order, previousPeriod(period), now);
  const listed = (retro: Retrospective): Retrospective =>
    retro.deals.length > dealsListed
      ? { ...retro, deals: retro.deals.slice(0, dealsListed) }
      : retro;
  return {
    current,
    previous,
    accelerate: findAccelerate(histories, process, current, now),
    won: listed(
      retrospective(histories, process, order, new Set(current.wonIds), 'won', period, touchesOf),
    ),
    lost: listed(
      retrospective(histories, process, order, new Set(current.lostIds), 'lost', period, touchesOf),
    ),
  };
}

export function computeFigures(
  histories: readonly ProspectHistory[],
  order: StageOrder,
  period: Period,
  now: number,
): Figures {
  const { start, end } = period;
  const inPeriod = (at: number) => at >= start && at < end;
  const kindOf = (stageId: string) => order.kind.get(stageId);
  const wonIds: string[] = [];
  const lostIds: string[] = [];
  let wonValue = 0;
  const lostReasons = new Map<string, LostReasonRow>();
  const pipeline = new Map<string, PipelineRow>();
  const stageSamples = new Map<string, number[]>();
  const betweenSamples = new Map<string, number[]>();
  const cycleSamples: number[] = [];
  const funnelSteps = order.funnel;
  const reachedCounts = new Array<number>(funnelSteps.length).fill(0);
  const pipelineAt = Math.min(end, now);

  for (const history of histories) {
    const { changes, visits, prospect } = history;
    let won = false;
    let lost = false;
    let wonAt = 0;
    let active = false;
    for (const change of changes) {
      if (!inPeriod(change.at)) continue;
      active = true;
      const kind = kindOf(change.to);
      if (kind === 'won') {
        won = true;
        wonAt = Math.max(wonAt, change.at);
      } else if (kind === 'lost') {
        lost = true;
        const reason = change.lostReason ?? '';
        const stageId = change.from ?? '';
        const key = `${reason}\u0000${stageId}`;
        const row = lostReasons.get(key) ?? { reason, stageId, count: 0 };
        row.count += 1;
        lostReasons.set(key, row);
      }
    }
    if (won) {
      wonIds.push(prospect.id);
      wonValue += prospect.dealValue ?? 0;
      const first = changes[0]?.at ?? prospect.stageEnteredAt;
      cycleSamples.push(wonAt - first);
    }
    if (lost) lostIds.push(prospect.id);

    // Time spent: visits that ended in the period, re-entries of one stage added up.
    let perStage: Map<string, number> | undefined;
    for (const visit of visits) {
      if (visit.leftAt === null || !inPeriod(visit.leftAt)) continue;
      if (kindOf(visit.stageId) === 'won' || kindOf(visit.stageId) === 'lost') continue;
      perStage ??= new Map();
      perStage.set(
        visit.stageId,
        (perStage.get(visit.stageId) ?? 0) + (visit.leftAt - visit.enteredAt),
      );
    }
    if (perStage) {
      for (const [stageId, ms] of perStage) push(stageSamples, stageId, ms);
    }

    // Time between consecutive funnel steps: first entry of B (in the period) − first entry of A.
    if (active) {
      const firstEntry = new Map<string, number>();
      for (const visit of visits) {
        if (visit.enteredAt >= end) break;
        if (!firstEntry.has(visit.stageId)) firstEntry.set(visit.stageId, visit.enteredAt);
      }
      for (let index = 1; index < funnelSteps.length; index++) {
        const from = funnelSteps[index - 1] as string;
        const to = funnelSteps[index] as string;
        const enteredTo = firstEntry.get(to);
        const enteredFrom = firstEntry.get(from);
        if (enteredTo === undefined || enteredFrom === undefined || !inPeriod(enteredTo)) continue;
        if (enteredFrom > enteredTo) continue;
        push(betweenSamples, `${from}\u0000${to}`, enteredTo - enteredFrom);
      }
      // Funnel: the furthest non-lost stage reached before the period end.
      let furthest = -1;
      for (const visit of visits) {
        if (visit.enteredAt >= end) break;
        const rank = order.rank.get(visit.stageId);
        if (rank !== undefined && kindOf(visit.stageId) !== 'lost' && rank > furthest)
          furthest = rank;
      }
      for (let index = 0; index < funnelSteps.length; index++) {
        const rank = order.rank.get(funnelSteps[index] as string) ?? Number.POSITIVE_INFINITY;
        if (furthest >= rank) reachedCounts[index] = (reachedCounts[index] ?? 0) + 1;
      }
    }

    // Pipeline at the period end: the stage the prospect was in then, if it is an open one.
    let stageThen: string | undefined;
    for (const visit of visits) {
      if (visit.enteredAt > pipelineAt || (visit.enteredAt === pipelineAt && pipelineAt === end))
        break;
      stageThen = visit.stageId;
    }
    if (stageThen !== undefined && kindOf(stageThen) !== 'won' && kindOf(stageThen) !== 'lost') {
      const row = pipeline.get(stageThen) ?? { stageId: stageThen, count: 0, value: 0 };
      row.count += 1;
      row.value += prospect.dealValue ?? 0;
      pipeline.set(stageThen, row);
    }
  }

  const closed = wonIds.length + lostIds.length;
  const byRank = (a: { stageId: string }, b: { stageId: string }) =>
    (order.rank.get(a.stageId) ?? 999) - (order.rank.get(b.stageId) ?? 999) ||
    a.stageId.localeCompare(b.stageId);
  return {
    period,
    won: wonIds.length,
    lost: lostIds.length,
    conversion: closed === 0 ? null : wonIds.length / closed,
    wonValue,
    wonIds,
    lostIds,
    pipeline: [...pipeline.values()].sort(byRank),
    lostReasons: [...lostReasons.values()].sort(
      (a, b) => b.count - a.count || byRank(a, b) || a.reason.localeCompare(b.reason),
    ),
    speed: [...stageSamples]
      .map(([stageId, samples]) => ({
        stageId,
        stats: stats(samples),
        totalMs: samples.reduce((sum, value) => sum + value, 0),
      }))
      .sort(byRank),
    between: funnelSteps.slice(1).flatMap((to, index) => {
      const from = funnelSteps[index] as string;
      const samples = betweenSamples.get(`${from}\u0000${to}`);
      return samples ? [{ fromStageId: from, toStageId: to, stats: stats(samples) }] : [];
    }),
    cycle: stats(cycleSamples),
    funnel: funnelSteps.map((stageId, index) => {
      const reached = reachedCounts[index] ?? 0;
      const next = reachedCounts[index + 1];
      return {
        stageId,
        reached,
        conversion: next === undefined ? null : reached === 0 ? null : next / reached,
      };
    }),
  };
}

/**
 * The stage to work on: the one whose median time is furthest over its target; when none is
 * over, the one holding the largest share of the time spent in open stages.
 */
export function findAccelerate(
  histories: readonly ProspectHistory[],
  process: Process,
  figures: Figures,
  now: number,
): Accelerate | null {
  const candidates = figures.speed.filter((row) => row.stats.n > 0);
  if (candidates.length === 0) return null;
  const total = candidates.reduce((sum, row) => sum + row.totalMs, 0);
  const targetOf = (stageId: string) =>
    process.stages.find((stage) => stage.id === stageId)?.targetDays ?? null;
  const ratioOf = (row: StageSpeed) => {
    const target = targetOf(row.stageId);
    return target ? row.stats.median / (target * DAY_MS) : null;
  };
  let best: StageSpeed | undefined;
  let reason: Accelerate['reason'] = 'mostTime';
  for (const row of candidates) {
    const ratio = ratioOf(row);
    if (ratio !== null && ratio > 1 && (!best || ratio > (ratioOf(best) ?? 0))) best = row;
  }
  if (best) reason = 'overTarget';
  else {
    for (const row of candidates) if (!best || row.totalMs > best.totalMs) best = row;
  }
  if (!best) return null;
  const chosen = best;
  const target = targetOf(chosen.stageId);
  const stuck: StuckProspect[] = [];
  for (const history of histories) {
    if (history.prospect.status !== 'open') continue;
    const last = history.visits.at(-1);
    if (!last || last.stageId !== chosen.stageId) continue;
    const elapsedMs = Math.max(0, now - last.enteredAt);
    stuck.push({
      prospectId: history.prospect.id,
      name: history.prospect.name,
      enteredAt: last.enteredAt,
      elapsedMs,
      overTarget: target !== null && elapsedMs > target * DAY_MS,
    });
  }
  stuck.sort((a, b) => b.elapsedMs - a.elapsedMs || a.name.localeCompare(b.name));
  return {
    stageId: chosen.stageId,
    reason,
    medianMs: chosen.stats.median,
    targetDays: target,
    targetRatio: ratioOf(chosen),
    share: total === 0 ? 0 : chosen.totalMs / total,
    totalMs: chosen.totalMs,
    stuck,
  };
}

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
  const betweenSamples = new Map<string, number[]>();
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
    firstEntry.set(`\u0000outcome`, closedAt);
    for (const [stageId, ms] of time) push(perStageTime, stageId, ms);
    const steps2 = [...order.funnel.filter((id) => order.kind.get(id) === 'open'), '\u0000outcome'];
    for (let index = 1; index < steps2.length; index++) {
      const from = steps2[index - 1] as string;
      const to = steps2[index] as string;
      const a = firstEntry.get(from);
      const b = firstEntry.get(to);
      if (a !== undefined && b !== undefined && b >= a)
        push(betweenSamples, `${from}\u0000${to}`, b - a);
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
  const steps2 = [...order.funnel.filter((id) => order.kind.get(id) === 'open'), '\u0000outcome'];
  for (let index = 1; index < steps2.length; index++) {
    const from = steps2[index - 1] as string;
    const to = steps2[index] as string;
    const samples = betweenSamples.get(`${from}\u0000${to}`);
    if (samples)
      between.push({
        fromStageId: from,
        toStageId: to === '\u0000outcome' ? outcomeStageId : to,
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

/** Stage ranks and kinds, resolved once per computation. */
export interface StageOrder {
  /** Every stage of the process in its order (archived included). */
  ids: string[];
  rank: Map<string, number>;
  kind: Map<string, Stage['kind']>;
  /** Live non-lost stages in order: the funnel's steps (the won outcome last). */
  funnel: string[];
}

export function stageOrder(process: Process): StageOrder {
  const rank = new Map<string, number>();
  const kind = new Map<string, Stage['kind']>();
  process.stages.forEach((stage, index) => {
    rank.set(stage.id, index);
    kind.set(stage.id, stage.kind);
  });
  const live = process.stages.filter((stage) => !stage.archived);
  return {
    ids: process.stages.map((stage) => stage.id),
    rank,
    kind,
    funnel: [
      ...live.filter((stage) => stage.kind === 'open'),
      ...live.filter((stage) => stage.kind === 'won'),
    ].map((stage) => stage.id),
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

const EMPTY_TOUCHES: ReadonlyMap<string, Map<TouchpointKind, number>> = new Map();

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
