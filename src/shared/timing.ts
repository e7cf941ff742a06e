/**
 * Timing core. Everything is computed from the append-only StageChange history, so a prospect
 * that re-enters a stage adds up its visits, and a process change never rewrites the past.
 */
import type { StageChange, Touchpoint } from './schemas.ts';

export const DAY_MS = 86_400_000;

export interface StageVisit {
  stageId: string;
  enteredAt: number;
  /** null while the prospect is still in this stage. */
  leftAt: number | null;
}

type Change = Pick<StageChange, 'to' | 'at'>;

/** Visits in chronological order; ties keep the order the changes were recorded in. */
export function stageVisits(changes: readonly Change[]): StageVisit[] {
  // Most callers pass a history already in order: copying and sorting 10,000 of them is a good
  // part of a dashboard's cold start.
  const sorted = inTimeOrder(changes) ? changes : [...changes].sort((a, b) => a.at - b.at);
  return sorted.map((change, index) => ({
    stageId: change.to,
    enteredAt: change.at,
    leftAt: sorted[index + 1]?.at ?? null,
  }));
}

function inTimeOrder(changes: readonly Change[]): boolean {
  for (let index = 1; index < changes.length; index++) {
    if ((changes[index - 1] as Change).at > (changes[index] as Change).at) return false;
  }
  return true;
}

/** Total time spent in each stage, re-entries added up; the open visit runs until `now`. */
export function stageDurations(changes: readonly Change[], now: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const visit of stageVisits(changes)) {
    const end = visit.leftAt ?? Math.max(now, visit.enteredAt);
    totals.set(visit.stageId, (totals.get(visit.stageId) ?? 0) + (end - visit.enteredAt));
  }
  return totals;
}

/** Time since the prospect last entered its current stage (not since it first did). */
export function timeInCurrentStage(changes: readonly Change[], now: number): number {
  const last = stageVisits(changes).at(-1);
  return last ? Math.max(0, now - last.enteredAt) : 0;
}

/**
 * The stage a prospect was in at time `at`. Before its first recorded change (an email older
 * than the moment it was tracked) it counts as its first stage.
 */
export function stageAt(changes: readonly Change[], at: number): string | undefined {
  const visits = stageVisits(changes);
  let stageId = visits[0]?.stageId;
  for (const visit of visits) {
    if (visit.enteredAt <= at) stageId = visit.stageId;
    else break;
  }
  return stageId;
}

export type Staleness = 'none' | 'fresh' | 'due' | 'over' | 'late';

export interface TargetStatus {
  targetMs: number | null;
  /** elapsed / target; 0 when there is no target. */
  ratio: number;
  /** How long past the target; 0 when within it. */
  overMs: number;
  level: Staleness;
}

/**
 * fresh < 75 % of target ≤ due < 100 % ≤ over < 200 % ≤ late. Outcomes (no target) are "none".
 * The thresholds drive badge colours, so the levels are named, not the numbers.
 */
export function targetStatus(elapsedMs: number, targetDays: number | null): TargetStatus {
  if (targetDays === null || targetDays <= 0) {
    return { targetMs: null, ratio: 0, overMs: 0, level: 'none' };
  }
  const targetMs = targetDays * DAY_MS;
  const ratio = elapsedMs / targetMs;
  const level: Staleness =
    ratio >= 2 ? 'late' : ratio >= 1 ? 'over' : ratio >= 0.75 ? 'due' : 'fresh';
  return { targetMs, ratio, overMs: Math.max(0, elapsedMs - targetMs), level };
}

export function lastTouchAt(touchpoints: readonly Pick<Touchpoint, 'at'>[]): number | null {
  let last: number | null = null;
  for (const touchpoint of touchpoints)
    if (last === null || touchpoint.at > last) last = touchpoint.at;
  return last;
}

export function timeSinceLastTouch(
  touchpoints: readonly Pick<Touchpoint, 'at'>[],
  now: number,
): number | null {
  const last = lastTouchAt(touchpoints);
  return last === null ? null : Math.max(0, now - last);
}

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks';

/** A duration reduced to one rounded unit, for "6 d" style labels; UIs localize the unit. */
export function durationParts(ms: number): { n: number; unit: DurationUnit } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return { n: minutes, unit: 'minutes' };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { n: hours, unit: 'hours' };
  const days = Math.floor(hours / 24);
  if (days < 60) return { n: days, unit: 'days' };
  return { n: Math.floor(days / 7), unit: 'weeks' };
}
