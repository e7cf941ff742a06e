/**
 * The dashboard's "funnel" section: of the prospects with a stage change in the period, how
 * many reached each step. A prospect "reached" a stage when it entered it or any later non-lost
 * stage before the period end (so a stage added mid-way counts the prospects that went past
 * it). Archived stages appear in speed, not in the funnel.
 */
import type { Period } from '../period.ts';
import { type Accumulator, activeIn, type ProspectHistory, type StageOrder } from './histories.ts';

export interface FunnelStep {
  stageId: string;
  reached: number;
  /** Of those that reached this stage, the share that reached the next; null at the last. */
  conversion: number | null;
}

export interface FunnelFigures {
  funnel: FunnelStep[];
}

export function funnelFigures(order: StageOrder, period: Period): Accumulator<FunnelFigures> {
  const steps = order.funnel;
  const ranks = steps.map((stageId) => order.rank.get(stageId) ?? Number.POSITIVE_INFINITY);
  const reached = new Array<number>(steps.length).fill(0);
  return {
    add(history: ProspectHistory) {
      if (!activeIn(history, period.start, period.end)) return;
      // The furthest non-lost stage reached before the period end.
      let furthest = -1;
      for (const visit of history.visits) {
        if (visit.enteredAt >= period.end) break;
        const rank = order.rank.get(visit.stageId);
        if (rank !== undefined && order.kind.get(visit.stageId) !== 'lost' && rank > furthest)
          furthest = rank;
      }
      for (let index = 0; index < steps.length; index++)
        if (furthest >= (ranks[index] ?? Number.POSITIVE_INFINITY))
          reached[index] = (reached[index] ?? 0) + 1;
    },
    result() {
      return {
        funnel: steps.map((stageId, index) => {
          const count = reached[index] ?? 0;
          const next = reached[index + 1];
          return {
            stageId,
            reached: count,
            conversion: next === undefined ? null : count === 0 ? null : next / count,
          };
        }),
      };
    },
  };
}
