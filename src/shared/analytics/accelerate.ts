/**
 * The dashboard's "accelerate" section: the one stage to work on, and the open deals stuck in
 * it. The stage whose median time is furthest over its target; when none is over, the one
 * holding the largest share of the time spent in open stages.
 */
import type { Process } from '../schemas.ts';
import { DAY_MS } from '../timing.ts';
import type { ProspectHistory } from './histories.ts';
import type { StageSpeed } from './speed.ts';

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

/**
 * The stage to work on: the one whose median time is furthest over its target; when none is
 * over, the one holding the largest share of the time spent in open stages.
 */
export function findAccelerate(
  histories: readonly ProspectHistory[],
  process: Process,
  figures: { speed: readonly StageSpeed[] },
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
