/**
 * Dashboard figures, computed from the append-only StageChange history and per-stage touchpoint
 * counts. Pure: no browser API, no clock (callers pass `now`), so every figure is unit-tested on
 * small hand-computed datasets and the dashboard shows exactly what these functions return.
 *
 * One module per figure, as the dashboard's sections (./analytics/): outcome, speed, funnel,
 * accelerate, retrospective; dashboard.ts puts them together; team.ts splits them by rep. A
 * period is half-open, [start, end): an event belongs to it when `start <= at < end`. Each
 * module states its rules.
 */
export { type Accelerate, findAccelerate, type StuckProspect } from './analytics/accelerate.ts';
export {
  computeDashboard,
  computeFigures,
  type Dashboard,
  type DashboardOptions,
  type Figures,
} from './analytics/dashboard.ts';
export { type FunnelStep, funnelFigures } from './analytics/funnel.ts';
export {
  type Accumulator,
  type AnalyticsChange,
  type AnalyticsDataset,
  type AnalyticsProspect,
  buildHistories,
  historyOf,
  type ProspectHistory,
  type StageOrder,
  stageOrder,
  type TouchCount,
  type TouchIndex,
  touchIndex,
  type Visit,
} from './analytics/histories.ts';
export { type LostReasonRow, outcomeFigures, type PipelineRow } from './analytics/outcome.ts';
export {
  type DealRetro,
  FAMILY_OF,
  RETRO_DEALS_SHOWN,
  type RetroPattern,
  type RetroStage,
  type Retrospective,
  retrospective,
  TOUCH_FAMILIES,
  type TouchFamily,
} from './analytics/retrospective.ts';
export { type StageSpeed, type StepSpeed, speedFigures } from './analytics/speed.ts';
export { type Stats, stats } from './analytics/stats.ts';
export {
  historiesOfRep,
  ownerOf,
  type RepCounts,
  type RepFigures,
  type RepKey,
  repsOf,
  type StageMedian,
  type TeamFigures,
  teamFigures,
} from './analytics/team.ts';
// Periods have their own small module: the dashboard's first script needs them without the rest.
export {
  customPeriod,
  type Period,
  type PeriodPreset,
  presetPeriod,
  previousPeriod,
} from './period.ts';
