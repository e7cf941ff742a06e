/**
 * Every figure of a period, as the dashboard shows them: one pass over the histories feeds the
 * outcome, speed and funnel figures; the accelerate and retrospective sections build on them.
 */
import { type Period, previousPeriod } from '../period.ts';
import type { Process, TouchpointKind } from '../schemas.ts';
import { type Accelerate, findAccelerate } from './accelerate.ts';
import { type FunnelFigures, funnelFigures } from './funnel.ts';
import { type ProspectHistory, type StageOrder, stageOrder, type TouchIndex } from './histories.ts';
import { type OutcomeFigures, outcomeFigures } from './outcome.ts';
import { type Retrospective, retrospective } from './retrospective.ts';
import { type SpeedFigures, speedFigures } from './speed.ts';

/** One period's figures: its outcome, speed and funnel sections. */
export type Figures = { period: Period } & OutcomeFigures & SpeedFigures & FunnelFigures;

export interface Dashboard {
  current: Figures;
  previous: Figures;
  accelerate: Accelerate | null;
  won: Retrospective;
  lost: Retrospective;
}

export interface DashboardOptions {
  histories: readonly ProspectHistory[];
  process: Process;
  period: Period;
  now: number;
  /**
   * Touchpoint counts of the closed deals (the dashboard fetches them only for the deals its
   * retrospective covers); without it, the histories' own counts are used.
   */
  touches?: TouchIndex | undefined;
  /** This period's figures when already computed (they do not depend on `touches`). */
  current?: Figures | undefined;
  /**
   * How many deals each retrospective lists (all by default). The page shows
   * RETRO_DEALS_SHOWN: a quarter of a busy team is 500 deals, 300 KB of reply the page would
   * decode only to leave out.
   */
  dealsListed?: number | undefined;
}

/** Every figure of a period and of the period of the same length before. */
export function computeDashboard(options: DashboardOptions): Dashboard {
  const { histories, process, period, now, touches } = options;
  const dealsListed = options.dealsListed ?? Number.POSITIVE_INFINITY;
  const order = stageOrder(process);
  const touchesOf = (history: ProspectHistory) =>
    touches?.get(history.prospect.id) ?? (touches ? EMPTY_TOUCHES : history.touches);
  const current = options.current ?? computeFigures(histories, order, period, now);
  const previous = computeFigures(histories, order, previousPeriod(period), now);
  const listed = (retro: Retrospective): Retrospective =>
    retro.deals.length > dealsListed
      ? { ...retro, deals: retro.deals.slice(0, dealsListed) }
      : retro;
  const closed = (ids: string[], outcome: 'won' | 'lost') =>
    listed(retrospective(histories, process, order, new Set(ids), outcome, period, touchesOf));
  return {
    current,
    previous,
    accelerate: findAccelerate(histories, process, current, now),
    won: closed(current.wonIds, 'won'),
    lost: closed(current.lostIds, 'lost'),
  };
}

/** The outcome, speed and funnel figures of one period, in one pass over the histories. */
export function computeFigures(
  histories: readonly ProspectHistory[],
  order: StageOrder,
  period: Period,
  now: number,
): Figures {
  const outcome = outcomeFigures(order, period, now);
  const speed = speedFigures(order, period);
  const funnel = funnelFigures(order, period);
  for (const history of histories) {
    outcome.add(history);
    speed.add(history);
    funnel.add(history);
  }
  return { period, ...outcome.result(), ...speed.result(), ...funnel.result() };
}

const EMPTY_TOUCHES: ReadonlyMap<string, Map<TouchpointKind, number>> = new Map();
