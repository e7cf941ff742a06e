/**
 * The drawing of a bar chart: inline SVG laid out here, coloured by the theme's tokens through
 * CSS (`fill: var(--accent)`), so dark mode follows live with no script. Decoration only: it is
 * hidden from assistive technology, the table beside it (bar-chart.tsx) carries the numbers.
 * Sized to its box, measured by a ResizeObserver (after layout, never forcing one); the height
 * is the caller's.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Series {
  label: string;
  values: number[];
  /** A theme token (src/ui/theme.css), used through CSS so dark mode follows by itself. */
  color: '--accent' | '--fresh' | '--due' | '--over' | '--late' | '--muted';
}

export interface BarPlotProps {
  labels: string[];
  series: Series[];
  format: (value: number) => string;
  horizontal: boolean;
  height: number;
}

/**
 * Text is 12px (dashboard.css); this is wider than an average glyph of the system fonts
 * (DejaVu Sans, the widest common one, averages about 7 px), so names are cut before they clip.
 */
const CHAR_PX = 7.5;
const LEGEND_PX = 24;
/** Of a category's band, the share its group of bars takes; of a bar's slot, the bar's. */
const GROUP_SHARE = 0.8;
const BAR_SHARE = 0.9;

export function BarPlot(props: BarPlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  return (
    <div class="chart-canvas" ref={box} style={{ height: `${props.height}px` }}>
      {width > 0 && <Svg {...props} width={width} />}
    </div>
  );
}

/**
 * Round value-axis ticks from 0 to at least `max`: about `count` steps of 1, 2 or 5 × 10ⁿ.
 * Nothing to show (0, negative, not a number) still gets an axis, 0 to 1.
 */
export function valueTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough * (1 - 1e-9)) ?? rough;
  const steps = Math.ceil(max / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** `text` cut to about `px` wide with an ellipsis; whole when it fits. */
export function fitText(text: string, px: number): string {
  const room = Math.floor(px / CHAR_PX);
  if (text.length <= room) return text;
  return room <= 1 ? '…' : `${text.slice(0, room - 1).trimEnd()}…`;
}

function Svg({
  labels,
  series,
  format,
  horizontal,
  height,
  width,
}: BarPlotProps & { width: number }) {
  const max = Math.max(0, ...series.flatMap((item) => item.values.filter(Number.isFinite)));
  const ticks = valueTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const tickText = ticks.map((tick) => format(tick));
  const widest = (texts: string[]) => Math.max(0, ...texts.map((text) => text.length)) * CHAR_PX;
  const legend = series.length > 1;

  // The plot's box inside the SVG: room left for the axis labels, below for the other axis, on
  // top for the legend and half the top tick's label (centred on the plot's edge).
  const y0 = (legend ? LEGEND_PX : 0) + 12;
  const bottom = height - 20;
  const left = horizontal ? Math.min(widest(labels), width * 0.35) + 8 : widest(tickText) + 8;
  // Horizontal: the last tick's label is centred on the plot's end.
  const right = horizontal ? width - Math.max(8, widest(tickText.slice(-1)) / 2 + 2) : width - 4;
  const across = horizontal ? bottom - y0 : right - left;
  const along = horizontal ? right - left : bottom - y0;
  const band = across / Math.max(1, labels.length);
  const slot = (band * GROUP_SHARE) / Math.max(1, series.length);
  const thickness = slot * BAR_SHARE;
  /** Length of a bar of `value` along the value axis. */
  const length = (value: number) =>
    Number.isFinite(value) ? (Math.max(0, value) / top) * along : 0;
  // Legend entries side by side from the plot's left edge: swatch, label, gap.
  const legendAt: number[] = [];
  for (let i = 0, x = left; i < series.length; i++) {
    legendAt.push(x);
    x += 14 + (series[i]?.label.length ?? 0) * CHAR_PX + 16;
  }

  return (
    <svg
      class="bar-chart"
      aria-hidden="true"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      data-orientation={horizontal ? 'horizontal' : 'vertical'}
    >
      {legend && (
        <g class="legend">
          {series.map((item, index) => {
            const x = legendAt[index] ?? left;
            return (
              <g key={item.label} data-legend={item.label}>
                <rect
                  x={x}
                  y={4}
                  width={10}
                  height={10}
                  rx={2}
                  style={{ fill: `var(${item.color})` }}
                />
                <text x={x + 14} y={9} dy="0.35em">
                  {item.label}
                </text>
              </g>
            );
          })}
        </g>
      )}
      <g class="grid">
        {ticks.map((tick, i) => {
          const at = horizontal ? left + (tick / top) * along : bottom - (tick / top) * along;
          return horizontal ? (
            <g key={tick} data-tick={tick}>
              <line x1={at} x2={at} y1={y0} y2={bottom} />
              <text x={at} y={bottom + 12} dy="0.35em" text-anchor="middle">
                {tickText[i]}
              </text>
            </g>
          ) : (
            <g key={tick} data-tick={tick}>
              <line x1={left} x2={right} y1={at} y2={at} />
              <text x={left - 6} y={at} dy="0.35em" text-anchor="end">
                {tickText[i]}
              </text>
            </g>
          );
        })}
      </g>
      {labels.map((label, row) => {
        const start = (horizontal ? y0 : left) + row * band;
        const name = fitText(label, horizontal ? left - 8 : band - 4);
        const middle = start + band / 2;
        return (
          <g key={label} class="category" data-category={label}>
            {horizontal ? (
              <text x={left - 8} y={middle} dy="0.35em" text-anchor="end">
                {name !== label && <title>{label}</title>}
                {name}
              </text>
            ) : (
              <text x={middle} y={bottom + 12} dy="0.35em" text-anchor="middle">
                {name !== label && <title>{label}</title>}
                {name}
              </text>
            )}
            {series.map((item, index) => {
              const value = item.values[row] ?? 0;
              const size = length(value);
              const offset =
                start + band * ((1 - GROUP_SHARE) / 2) + index * slot + (slot - thickness) / 2;
              const place = horizontal
                ? { x: left, y: offset, width: size, height: thickness }
                : { x: offset, y: bottom - size, width: thickness, height: size };
              return (
                <rect
                  key={item.label}
                  class="bar"
                  data-series={item.label}
                  data-value={value}
                  {...place}
                  rx={Math.min(3, size / 2)}
                  style={{ fill: `var(${item.color})` }}
                >
                  <title>{`${label} · ${item.label}: ${format(value)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** The box's content width, in whole pixels, following resizes; 0 until the first report. */
function useWidth(box: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return width;
}
