/**
 * The team view (#17) and the dashboard's rep filter: the figures of a period per rep, and the
 * team's, with each rep's share of them.
 *
 * - A prospect belongs to the rep who owns it (`ownerRep`); a prospect without one is this
 *   browser's rep's (`ownRep`, the name given to team sync; unnamed while sync was never set).
 *   Everything that happens to a prospect counts for its owner, whoever moved it.
 * - Per rep, with the dashboard's own rules (./outcome.ts, ./speed.ts): open prospects at the
 *   period's end, deals won and lost in the period, the median time in each open stage.
 * - The team's figures are computed over every prospect (a team median is not a median of
 *   medians); a rep's share is their count over the team's, null when the team has none.
 */
import type { Period } from '../period.ts';
import { computeFigures, type Figures } from './dashboard.ts';
import type { ProspectHistory, StageOrder } from './histories.ts';

/** A rep as the figures name them: null is this browser's rep before sync named them. */
export interface RepKey {
  rep: string | null;
  /** This browser's own rep. */
  self: boolean;
}

export interface StageMedian {
  stageId: string;
  /** Milliseconds; null when no visit to the stage ended in the period. */
  median: number | null;
  n: number;
}

export interface RepCounts {
  /** Every prospect owned, whatever its stage. */
  prospects: number;
  open: number;
  won: number;
  lost: number;
  wonValue: number;
  conversion: number | null;
  /** One per open stage of the process, in its order. */
  stages: StageMedian[];
}

export interface RepFigures extends RepKey, RepCounts {
  /** The rep's part of the team's open, won and lost; null when the team has none. */
  share: { open: number | null; won: number | null; lost: number | null };
}

export interface TeamFigures {
  period: Period;
  /** This browser's rep first, then by name. */
  reps: RepFigures[];
  team: RepCounts;
}

/** Who owns the prospect of this history. */
export function ownerOf(history: ProspectHistory, ownRep: string | undefined): string | null {
  return history.prospect.ownerRep ?? ownRep ?? null;
}

/** Every rep who owns a prospect; this browser's rep first (even with none), then by name. */
export function repsOf(
  histories: readonly ProspectHistory[],
  ownRep: string | undefined,
): RepKey[] {
  const self = ownRep ?? null;
  const names = new Set<string>();
  for (const history of histories) {
    const owner = ownerOf(history, ownRep);
    if (owner !== null && owner !== self) names.add(owner);
  }
  return [
    { rep: self, self: true },
    ...[...names].sort(byName).map((rep) => ({ rep, self: false })),
  ];
}

/** The histories of one rep's prospects: the dashboard computes its figures on these. */
export function historiesOfRep(
  histories: readonly ProspectHistory[],
  rep: string | null,
  ownRep: string | undefined,
): ProspectHistory[] {
  return histories.filter((history) => ownerOf(history, ownRep) === rep);
}

/** The period's figures per rep and for the team. */
export function teamFigures(
  histories: readonly ProspectHistory[],
  order: StageOrder,
  period: Period,
  now: number,
  ownRep: string | undefined,
): TeamFigures {
  const byRep = new Map<string | null, ProspectHistory[]>();
  for (const history of histories) {
    const owner = ownerOf(history, ownRep);
    const list = byRep.get(owner);
    if (list) list.push(history);
    else byRep.set(owner, [history]);
  }
  const stageIds = order.funnel.filter((stageId) => order.kind.get(stageId) === 'open');
  const counts = (list: readonly ProspectHistory[]): RepCounts =>
    countsOf(list.length, computeFigures(list, order, period, now), stageIds);
  const team = counts(histories);
  const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const reps = repsOf(histories, ownRep).map((key): RepFigures => {
    const own = counts(byRep.get(key.rep) ?? []);
    return {
      ...key,
      ...own,
      share: {
        open: ratio(own.open, team.open),
        won: ratio(own.won, team.won),
        lost: ratio(own.lost, team.lost),
      },
    };
  });
  return { period, reps, team };
}

function countsOf(prospects: number, figures: Figures, stageIds: readonly string[]): RepCounts {
  const speed = new Map(figures.speed.map((row) => [row.stageId, row.stats]));
  return {
    prospects,
    open: figures.pipeline.reduce((sum, row) => sum + row.count, 0),
    won: figures.won,
    lost: figures.lost,
    wonValue: figures.wonValue,
    conversion: figures.conversion,
    stages: stageIds.map((stageId) => {
      const stats = speed.get(stageId);
      return { stageId, median: stats ? stats.median : null, n: stats?.n ?? 0 };
    }),
  };
}

/** Names in a stable, case-insensitive order (the same in every browser of the team). */
function byName(a: string, b: string): number {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase(), 'en');
  return folded || (a < b ? -1 : a > b ? 1 : 0);
}
