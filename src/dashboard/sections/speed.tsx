/** Speed: time in each stage (avg, median, p90), time between stages, cycle of won deals. */
import { t } from '../../browser/i18n.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Kpi } from '../components/kpi.tsx';
import { formatDays, formatNumber, stageName, trend } from '../format.ts';
import type { SectionProps } from './index.ts';

export function SpeedSection({ view }: SectionProps) {
  const { current, previous } = view.figures;
  const { process } = view;
  const previousMedian = new Map(previous.speed.map((row) => [row.stageId, row.stats.median]));
  const days = (value: number) => formatDays(value * DAY_MS);
  const toDays = (ms: number) => ms / DAY_MS;
  return (
    <>
      <div class="kpis">
        <Kpi
          id="cycle"
          label={t('dashCycle')}
          value={current.cycle.median}
          previous={previous.cycle.median}
          format={formatDays}
          lowerIsBetter
        />
        <Kpi
          id="cycle-count"
          label={t('dashCycleCount')}
          value={current.cycle.n}
          previous={previous.cycle.n}
          format={formatNumber}
        />
      </div>
      <BarChart
        id="time-in-stage"
        title={t('dashTimeInStage')}
        labels={current.speed.map((row) => stageName(process, row.stageId))}
        series={[
          {
            label: t('dashAvg'),
            values: current.speed.map((row) => toDays(row.stats.avg)),
            color: '--accent',
          },
          {
            label: t('dashMedian'),
            values: current.speed.map((row) => toDays(row.stats.median)),
            color: '--fresh',
          },
          {
            label: t('dashP90'),
            values: current.speed.map((row) => toDays(row.stats.p90)),
            color: '--due',
          },
        ]}
        format={days}
        extraColumns={[
          {
            label: t('dashProspects'),
            cells: current.speed.map((row) => formatNumber(row.stats.n)),
          },
          {
            label: t('dashTarget'),
            cells: current.speed.map((row) => {
              const target = process.stages.find((stage) => stage.id === row.stageId)?.targetDays;
              return target ? formatDays(target * DAY_MS) : t('dashNoData');
            }),
          },
          {
            label: t('dashTrend'),
            cells: current.speed.map((row) => {
              const before = previousMedian.get(row.stageId);
              if (before === undefined) return t('dashNoData');
              const change = trend(row.stats.median, before, formatDays, true);
              return (
                <span
                  data-trend={change.direction}
                  data-good={change.good === null ? undefined : String(change.good)}
                >
                  {change.text}
                </span>
              );
            }),
          },
        ]}
      />
      <table class="figures" data-table="between">
        <caption>{t('dashBetween')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashStep')}</th>
            <th scope="col">{t('dashAvg')}</th>
            <th scope="col">{t('dashMedian')}</th>
            <th scope="col">{t('dashP90')}</th>
            <th scope="col">{t('dashProspects')}</th>
          </tr>
        </thead>
        <tbody>
          {current.between.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                {t('dashNone')}
              </td>
            </tr>
          )}
          {current.between.map((row) => (
            <tr key={`${row.fromStageId}:${row.toStageId}`}>
              <th scope="row">
                {t(
                  'dashStepLabel',
                  stageName(process, row.fromStageId),
                  stageName(process, row.toStageId),
                )}
              </th>
              <td>{formatDays(row.stats.avg)}</td>
              <td>{formatDays(row.stats.median)}</td>
              <td>{formatDays(row.stats.p90)}</td>
              <td>{formatNumber(row.stats.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
