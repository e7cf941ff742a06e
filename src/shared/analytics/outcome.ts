/**
 * The dashboard's "outcome" section: deals won and lost in the period, the win rate, the value
 * won, why deals were lost, and the open pipeline at the period's end.
 *
 * - Won / lost in a period: distinct prospects with a change into a won / lost stage in it.
 * - Pipeline: open prospects by stage at the end of the period (or now, if sooner).
 */
import type { Period } from '../period.ts';
import {
  type Accumulator,
  byStageRank,
  type ProspectHistory,
  type StageOrder,
} from './histories.ts';

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

export interface OutcomeFigures {
  won: number;
  lost: number;
  /** won / (won + lost); null when nothing closed. */
  conversion: number | null;
  wonValue: number;
  wonIds: string[];
  lostIds: string[];
  pipeline: PipelineRow[];
  lostReasons: LostReasonRow[];
}

export function outcomeFigures(
  order: StageOrder,
  period: Period,
  now: number,
): Accumulator<OutcomeFigures> {
  const { start, end } = period;
  const kindOf = (stageId: string) => order.kind.get(stageId);
  const wonIds: string[] = [];
  const lostIds: string[] = [];
  let wonValue = 0;
  const lostReasons = new Map<string, LostReasonRow>();
  const pipeline = new Map<string, PipelineRow>();
  const pipelineAt = Math.min(end, now);

  return {
    add({ changes, visits, prospect }: ProspectHistory) {
      let won = false;
      let lost = false;
      for (const change of changes) {
        if (change.at < start || change.at >= end) continue;
        const kind = kindOf(change.to);
        if (kind === 'won') won = true;
        else if (kind === 'lost') {
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
      }
      if (lost) lostIds.push(prospect.id);

      // The stage the prospect was in at the period end, if it is an open one.
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
    },

    result() {
      const closed = wonIds.length + lostIds.length;
      const byRank = byStageRank(order);
      return {
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
      };
    },
  };
}
