/** Outcome: won and lost in the period, conversion, open pipeline by stage, lost reasons. */
import { t } from '../../browser/i18n.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Kpi } from '../components/kpi.tsx';
import { formatMoney, formatNumber, formatPercent, lostReasonLabel, stageName } from '../format.ts';
import type { SectionProps } from './index.ts';

export function OutcomeSection({ view }: SectionProps) {
  const { current, previous } = view.figures;
  const { process } = view;
  const { currency } = view;
  const money = (value: number) => formatMoney(value, currency);
  return (
    <>
      <div class="kpis">
        <Kpi
          id="won"
          kpi="won"
          label={t('dashWon')}
          value={current.won}
          previous={previous.won}
          format={formatNumber}
        />
        <Kpi
          id="lost"
          kpi="lost"
          label={t('dashLost')}
          value={current.lost}
          previous={previous.lost}
          format={formatNumber}
          lowerIsBetter
        />
        <Kpi
          id="conversion"
          kpi="conversion"
          label={t('dashConversion')}
          value={current.conversion ?? 0}
          previous={previous.conversion ?? 0}
          format={(value) => formatPercent(value)}
          display={formatPercent(current.conversion)}
        />
        <Kpi
          id="won-value"
          kpi="value"
          label={t('dashWonValue')}
          value={current.wonValue}
          previous={previous.wonValue}
          format={money}
        />
      </div>
      <div class="two-columns">
        <BarChart
          id="pipeline"
          title={t('dashPipeline')}
          labels={current.pipeline.map((row) => stageName(process, row.stageId))}
          series={[
            {
              label: t('dashCount'),
              values: current.pipeline.map((row) => row.count),
              color: '--accent',
            },
          ]}
          format={formatNumber}
          extraColumns={[
            { label: t('dashValue'), cells: current.pipeline.map((row) => money(row.value)) },
          ]}
        />
        <div>
          <table class="figures" data-table="lost-reasons">
            <caption>{t('dashLostReasons')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashReason')}</th>
                <th scope="col">{t('dashLostAt')}</th>
                <th scope="col">{t('dashCount')}</th>
              </tr>
            </thead>
            <tbody>
              {current.lostReasons.length === 0 && (
                <tr>
                  <td colSpan={3} class="muted">
                    {t('dashNone')}
                  </td>
                </tr>
              )}
              {current.lostReasons.map((row) => (
                <tr key={`${row.reason}:${row.stageId}`}>
                  <th scope="row">{lostReasonLabel(process, row.reason)}</th>
                  <td>{row.stageId ? stageName(process, row.stageId) : t('dashNoData')}</td>
                  <td data-value={row.count}>{formatNumber(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
