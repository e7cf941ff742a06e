/**
 * The dashboard's "speed" section: time spent in each stage, time between consecutive steps,
 * and the sales cycle of the deals won in the period.
 *
 * - Time in a stage: per prospect, its visits to the stage that ENDED in the period, added up
 *   (re-entries add up, as the badges count them). Still-open visits are not "time spent" yet.
 * - Between two funnel steps: first entry of B (in the period) − first entry of A, for the
 *   prospects with a stage change in the period.
 * - Cycle: from a won deal's first change to its win in the period.
 */
import type { Period } from '../period.ts';
import {
  type Accumulator,
  activeIn,
  byStageRank,
  type ProspectHistory,
  type StageOrder,
} from './histories.ts';
import { pushSample, type Stats, stats } from './stats.ts';

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

export interface SpeedFigures {
  speed: StageSpeed[];
  between: StepSpeed[];
  cycle: Stats;
}

export function speedFigures(order: StageOrder, period: Period): Accumulator<SpeedFigures> {
  const { start, end } = period;
  const inPeriod = (at: number) => at >= start && at < end;
  const isOutcome = (stageId: string) => {
    const kind = order.kind.get(stageId);
    return kind === 'won' || kind === 'lost';
  };
  const steps = order.funnel;
  // Per funnel step, its position; between-step samples by the later step's position. Ten
  // thousand histories a period: no key strings built, no map per history.
  const stepOf = new Map(steps.map((stageId, index) => [stageId, index]));
  const betweenSamples: number[][] = steps.map(() => []);
  const firstEntry = new Float64Array(steps.length);
  const stageSamples = new Map<string, number[]>();
  const cycleSamples: number[] = [];

  return {
    add(history: ProspectHistory) {
      const { changes, visits, prospect } = history;
      let wonAt = -1;
      for (const change of changes)
        if (inPeriod(change.at) && order.kind.get(change.to) === 'won')
          wonAt = Math.max(wonAt, change.at);
      if (wonAt >= 0) cycleSamples.push(wonAt - (changes[0]?.at ?? prospect.stageEnteredAt));

      let perStage: Map<string, number> | undefined;
      for (const visit of visits) {
        if (visit.leftAt === null || !inPeriod(visit.leftAt) || isOutcome(visit.stageId)) continue;
        perStage ??= new Map();
        perStage.set(
          visit.stageId,
          (perStage.get(visit.stageId) ?? 0) + (visit.leftAt - visit.enteredAt),
        );
      }
      if (perStage) for (const [stageId, ms] of perStage) pushSample(stageSamples, stageId, ms);

      if (!activeIn(history, start, end)) return;
      // First entry into each funnel step before the period end (-1: never).
      firstEntry.fill(-1);
      for (const visit of visits) {
        if (visit.enteredAt >= end) break;
        const step = stepOf.get(visit.stageId);
        if (step !== undefined && firstEntry[step] === -1) firstEntry[step] = visit.enteredAt;
      }
      for (let index = 1; index < steps.length; index++) {
        const enteredTo = firstEntry[index] as number;
        const enteredFrom = firstEntry[index - 1] as number;
        if (enteredTo === -1 || enteredFrom === -1 || !inPeriod(enteredTo)) continue;
        if (enteredFrom > enteredTo) continue;
        (betweenSamples[index] as number[]).push(enteredTo - enteredFrom);
      }
    },

    result() {
      return {
        speed: [...stageSamples]
          .map(([stageId, samples]) => ({
            stageId,
            stats: stats(samples),
            totalMs: samples.reduce((sum, value) => sum + value, 0),
          }))
          .sort(byStageRank(order)),
        between: steps.slice(1).flatMap((to, index) => {
          const from = steps[index] as string;
          const samples = betweenSamples[index + 1] as number[];
          return samples.length > 0
            ? [{ fromStageId: from, toStageId: to, stats: stats(samples) }]
            : [];
        }),
        cycle: stats(cycleSamples),
      };
    },
  };
}
