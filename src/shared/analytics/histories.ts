/**
 * The analytics input: each prospect with its stage history as visits, grouped once, and the
 * process's stage order resolved once. Every figure module reads these.
 */
import type { Process, ProspectStatus, Stage, TouchpointKind } from '../schemas.ts';
import { stageVisits } from '../timing.ts';

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
  /** The rep who owns the prospect (team sync); absent for this browser's own rep. */
  ownerRep?: string | undefined;
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
    history.visits = visitsOf(history.prospect, history.changes);
  }
  return [...byId.values()];
}

/**
 * One prospect's history from changes already grouped and in time order (the dashboard's
 * working set keeps them so): what buildHistories gives, without grouping the dataset again.
 */
export function historyOf(
  prospect: AnalyticsProspect,
  changes: AnalyticsChange[],
  touches: ProspectHistory['touches'] = new Map(),
): ProspectHistory {
  return { prospect, changes, visits: visitsOf(prospect, changes), touches };
}

/** A prospect without recorded changes has been in its stage since it entered it. */
function visitsOf(prospect: AnalyticsProspect, changes: readonly AnalyticsChange[]): Visit[] {
  return changes.length > 0
    ? stageVisits(changes)
    : [{ stageId: prospect.stageId, enteredAt: prospect.stageEnteredAt, leftAt: null }];
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

/** Orders rows by the process's stage order (unknown stages last, then by id). */
export function byStageRank(order: StageOrder) {
  return (a: { stageId: string }, b: { stageId: string }) =>
    (order.rank.get(a.stageId) ?? 999) - (order.rank.get(b.stageId) ?? 999) ||
    a.stageId.localeCompare(b.stageId);
}

/**
 * One pass over the histories feeds every figure of a period: each figure module gives an
 * accumulator, and computeFigures hands each history to all of them.
 */
export interface Accumulator<T> {
  add(history: ProspectHistory): void;
  result(): T;
}

/** Whether the prospect had a stage change in the period: it "took part" in it. */
export function activeIn(history: ProspectHistory, start: number, end: number): boolean {
  return history.changes.some((change) => change.at >= start && change.at < end);
}
