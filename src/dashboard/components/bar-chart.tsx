/**
 * A bar chart and the same numbers in a table: the drawing (bar-plot.tsx, inline SVG) is
 * decoration for sighted users, the table is what screen readers and the keyboard get, and what
 * tests read.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../../browser/i18n.ts';
import { BarPlot, type Series } from './bar-plot.tsx';

export type { Series };

export interface BarChartProps {
  /** Names the chart and captions its table. */
  title: string;
  labels: string[];
  series: Series[];
  format: (value: number) => string;
  horizontal?: boolean;
  /** Extra table columns that are not charted (e.g. the target). */
  extraColumns?: Array<{ label: string; cells: ComponentChildren[] }>;
  id: string;
}

export function BarChart({
  title,
  labels,
  series,
  format,
  horizontal = false,
  extraColumns = [],
  id,
}: BarChartProps) {
  const height = horizontal ? Math.max(120, labels.length * 28 * series.length + 40) : 220;
  return (
    <figure class="chart" data-chart={id}>
      {labels.length > 0 && (
        <BarPlot
          labels={labels}
          series={series}
          format={format}
          horizontal={horizontal}
          height={height}
        />
      )}
      <table class="figures">
        <caption>{title}</caption>
        <thead>
          <tr>
            {/* Every chart of the dashboard is by stage; an empty header names nothing. */}
            <th scope="col">{t('dashStage')}</th>
            {series.map((item) => (
              <th scope="col" key={item.label}>
                {item.label}
              </th>
            ))}
            {extraColumns.map((column) => (
              <th scope="col" key={column.label}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {series.map((item) => (
                <td key={item.label} data-value={item.values[row]}>
                  {format(item.values[row] ?? 0)}
                </td>
              ))}
              {extraColumns.map((column) => (
                <td key={column.label}>{column.cells[row]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
