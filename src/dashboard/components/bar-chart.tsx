/**
 * A bar chart (Chart.js, with only the bar parts registered) and the same numbers in a table:
 * the canvas is decoration for sighted users, the table is what screen readers and the
 * keyboard get, and what tests read.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../browser/i18n.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series {
  label: string;
  values: number[];
  /** A theme token (src/ui/theme.css), read at draw time so dark mode follows. */
  color: '--accent' | '--fresh' | '--due' | '--over' | '--late' | '--muted';
}

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
  const canvas = useRef<HTMLCanvasElement>(null);
  const formatRef = useRef(format);
  formatRef.current = format;
  const scheme = useColorScheme();
  // Parents rebuild their arrays on every render; redraw only when the numbers (or the colour
  // scheme, whose tokens the canvas cannot follow by itself) change.
  const signature = JSON.stringify([labels, series, horizontal, scheme]);

  useEffect(() => {
    const element = canvas.current;
    if (!element || labels.length === 0) return;
    const styles = getComputedStyle(document.documentElement);
    const token = (name: string) => styles.getPropertyValue(name).trim() || '#888';
    const chart = new Chart(element, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((item) => ({
          label: item.label,
          data: item.values,
          backgroundColor: token(item.color),
          borderRadius: 3,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: series.length > 1, labels: { color: token('--fg') } },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label ?? ''}: ${formatRef.current(Number(item.raw))}`,
            },
          },
        },
        scales: {
          x: { ticks: { color: token('--muted') }, grid: { color: token('--line') } },
          y: { ticks: { color: token('--muted') }, grid: { color: token('--line') } },
        },
      },
    });
    return () => chart.destroy();
  }, [signature]); // `signature` stands for labels, series and orientation.

  const height = horizontal ? Math.max(120, labels.length * 28 * series.length + 40) : 220;
  return (
    <figure class="chart" data-chart={id}>
      {labels.length > 0 && (
        <div class="chart-canvas" style={{ height: `${height}px` }}>
          <canvas ref={canvas} role="img" aria-label={title} />
        </div>
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

/** 'dark' or 'light', following the system setting live. */
function useColorScheme(): 'dark' | 'light' {
  const [query] = useState(() =>
    typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null,
  );
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const update = () => setDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [query]);
  return dark ? 'dark' : 'light';
}
