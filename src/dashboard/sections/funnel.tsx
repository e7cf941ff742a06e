/** Funnel: of the prospects that reached a stage, how many reached the next. */
import { t } from '../../browser/i18n.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { formatNumber, formatPercent, stageName } from '../format.ts';
import type { SectionProps } from './index.ts';

export function FunnelSection({ view }: SectionProps) {
  const { current, previous } = view.figures;
  const { process } = view;
  const before = new Map(previous.funnel.map((step) => [step.stageId, step.conversion]));
  return (
    <>
      <p class="muted">{t('dashFunnelNote')}</p>
      <BarChart
        id="funnel"
        horizontal
        title={t('dashFunnelTitle')}
        labels={current.funnel.map((step) => stageName(process, step.stageId))}
        series={[
          {
            label: t('dashReached'),
            values: current.funnel.map((step) => step.reached),
            color: '--accent',
          },
        ]}
        format={formatNumber}
        extraColumns={[
          {
            label: t('dashToNext'),
            cells: current.funnel.map((step) => formatPercent(step.conversion)),
          },
          {
            label: t('dashChartPrevious'),
            cells: current.funnel.map((step) => formatPercent(before.get(step.stageId) ?? null)),
          },
        ]}
      />
    </>
  );
}
