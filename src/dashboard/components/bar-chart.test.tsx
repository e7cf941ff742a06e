// @vitest-environment happy-dom
/**
 * The bar chart as drawn: a bar per series and label, lengths proportional to the values on a
 * round axis, vertical and horizontal, grouped series with a legend, `format` in the axis and
 * the tooltips, long stage names cut to their room with the full name kept, zero and no data,
 * the theme's colours through CSS (no style read), and the table beside it unchanged.
 * happy-dom does no layout: a ResizeObserver stand-in reports the box's width, as the browser
 * does after its first layout.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testPage } from '../test-page.ts';
import { BarChart, type BarChartProps } from './bar-chart.tsx';
import { fitText, valueTicks } from './bar-plot.tsx';

vi.mock('webextension-polyfill', () => import('../../popup/test-browser.ts'));

const page = testPage();

/** Every observed box reports `boxWidth`; `resizeAll` reports a new one. */
let boxWidth = 600;
const observers = new Set<{ report(): void }>();
class FakeResizeObserver {
  readonly #callback: ResizeObserverCallback;
  readonly #targets: Element[] = [];
  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback;
  }
  observe(target: Element): void {
    this.#targets.push(target);
    observers.add(this);
    this.report();
  }
  unobserve(): void {}
  disconnect(): void {
    observers.delete(this);
  }
  report(): void {
    const entries = this.#targets.map(
      (target) => ({ target, contentRect: { width: boxWidth } }) as unknown as ResizeObserverEntry,
    );
    this.#callback(entries, this as unknown as ResizeObserver);
  }
}
function resizeAll(width: number): void {
  boxWidth = width;
  act(() => {
    for (const observer of observers) observer.report();
  });
}

beforeEach(() => {
  boxWidth = 600;
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
});
afterEach(() => {
  vi.unstubAllGlobals();
  observers.clear();
});

const points = (value: number) => `${value} pts`;

function draw(props: Partial<BarChartProps> = {}): SVGSVGElement | null {
  act(() =>
    render(
      <BarChart
        id="test"
        title="Prospects by stage"
        labels={['Prospect', 'Contacted', 'Qualified']}
        series={[{ label: 'Count', values: [10, 20, 0], color: '--accent' }]}
        format={points}
        {...props}
      />,
      page.root,
    ),
  );
  return page.root.querySelector('svg');
}

const bars = (svg: Element, series?: string) =>
  [...svg.querySelectorAll<SVGRectElement>('rect.bar')].filter(
    (bar) => series === undefined || bar.dataset.series === series,
  );
const num = (element: Element, name: string) => Number(element.getAttribute(name));
const texts = (svg: Element, selector: string) =>
  [...svg.querySelectorAll(selector)].map((text) => text.textContent);

describe('BarChart', () => {
  it('draws a vertical bar per label, heights proportional to the values, hidden from assistive technology', () => {
    const svg = draw();
    if (!svg) throw new Error('no chart drawn');
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.dataset.orientation).toBe('vertical');
    expect(num(svg, 'width')).toBe(600);
    expect(num(svg, 'height')).toBe(220);
    const [prospect, contacted, qualified] = bars(svg);
    if (!prospect || !contacted || !qualified) throw new Error('three bars expected');
    expect(bars(svg)).toHaveLength(3);
    expect(num(contacted, 'height')).toBeGreaterThan(0);
    expect(num(contacted, 'height')).toBeCloseTo(2 * num(prospect, 'height'), 6);
    expect(num(qualified, 'height')).toBe(0);
    // Bars stand on one baseline, left to right in the labels' order, each in its own band.
    const baseline = num(prospect, 'y') + num(prospect, 'height');
    expect(num(contacted, 'y') + num(contacted, 'height')).toBeCloseTo(baseline, 6);
    expect(num(prospect, 'x') + num(prospect, 'width')).toBeLessThan(num(contacted, 'x'));
    expect(num(contacted, 'x') + num(contacted, 'width')).toBeLessThan(num(qualified, 'x'));
    expect(num(qualified, 'x') + num(qualified, 'width')).toBeLessThanOrEqual(600);
    // Round ticks from 0 past the largest value, written with `format`; one grid line each.
    expect(texts(svg, '.grid text')).toEqual(['0 pts', '5 pts', '10 pts', '15 pts', '20 pts']);
    expect(svg.querySelectorAll('.grid line')).toHaveLength(5);
    // The top tick is the largest bar's top: 20 of 20.
    const top = svg.querySelector<SVGLineElement>('[data-tick="20"] line');
    expect(num(contacted, 'y')).toBeCloseTo(num(top as SVGLineElement, 'y1'), 6);
    expect(texts(svg, '.category > text')).toEqual(['Prospect', 'Contacted', 'Qualified']);
    // The tooltip of each bar, `format`ted.
    expect(texts(svg, 'rect.bar > title')).toEqual([
      'Prospect · Count: 10 pts',
      'Contacted · Count: 20 pts',
      'Qualified · Count: 0 pts',
    ]);
    // One series: no legend.
    expect(svg.querySelector('.legend')).toBeNull();
  });

  it('keeps the table of the numbers as it was, with the chart inside the same figure', () => {
    draw();
    const figure = page.root.querySelector('figure[data-chart="test"]');
    expect(figure?.querySelector('svg')).not.toBeNull();
    expect(figure?.querySelector('table caption')?.textContent).toBe('Prospects by stage');
    const cells = [...(figure?.querySelectorAll('tbody td[data-value]') ?? [])];
    expect(cells.map((cell) => cell.getAttribute('data-value'))).toEqual(['10', '20', '0']);
    expect(cells.map((cell) => cell.textContent)).toEqual(['10 pts', '20 pts', '0 pts']);
  });

  it('draws horizontal bars: lengths proportional along the width, stage names on the left', () => {
    const labels = ['Prospect', 'Contacted', 'Qualified', 'Proposal'];
    const svg = draw({
      horizontal: true,
      labels,
      series: [{ label: 'Reached', values: [40, 30, 10, 5], color: '--accent' }],
    });
    if (!svg) throw new Error('no chart drawn');
    expect(svg.dataset.orientation).toBe('horizontal');
    // Today's height rule: 28 px a row and series, 40 px of axis, at least 120.
    expect(num(svg, 'height')).toBe(4 * 28 + 40);
    const drawn = bars(svg);
    expect(drawn).toHaveLength(4);
    const [first, , third] = drawn;
    if (!first || !third) throw new Error('bars expected');
    // All from the same left edge, one thickness, top to bottom in order.
    for (const bar of drawn) {
      expect(num(bar, 'x')).toBe(num(first, 'x'));
      expect(num(bar, 'height')).toBeCloseTo(num(first, 'height'), 6);
    }
    expect(num(first, 'width')).toBeCloseTo(4 * num(third, 'width'), 6);
    const ys = drawn.map((bar) => num(bar, 'y'));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    // 40 is the top tick: the longest bar ends on the last grid line, inside the chart.
    const top = svg.querySelector('[data-tick="40"] line');
    expect(num(first, 'x') + num(first, 'width')).toBeCloseTo(num(top as Element, 'x1'), 6);
    expect(num(top as Element, 'x1')).toBeLessThan(600);
    // Stage names end left of the bars.
    for (const text of svg.querySelectorAll('.category > text')) {
      expect(text.getAttribute('text-anchor')).toBe('end');
      expect(num(text, 'x')).toBeLessThan(num(first, 'x'));
    }
  });

  it('groups several series per label, with a legend naming them in their colours', () => {
    const svg = draw({
      series: [
        { label: 'Average', values: [4, 8, 2], color: '--accent' },
        { label: 'Median', values: [3, 6, 1], color: '--fresh' },
        { label: 'p90', values: [9, 12, 5], color: '--due' },
      ],
    });
    if (!svg) throw new Error('no chart drawn');
    expect(bars(svg)).toHaveLength(9);
    expect(bars(svg, 'Median')).toHaveLength(3);
    const legend = [...svg.querySelectorAll<SVGGElement>('.legend [data-legend]')];
    expect(legend.map((item) => item.textContent)).toEqual(['Average', 'Median', 'p90']);
    expect(legend.map((item) => item.querySelector('rect')?.style.fill)).toEqual([
      'var(--accent)',
      'var(--fresh)',
      'var(--due)',
    ]);
    // Side by side in each label's band, in the series' order, none overlapping.
    for (const category of svg.querySelectorAll('.category')) {
      const group = [...category.querySelectorAll('rect.bar')];
      expect(group.map((bar) => bar.getAttribute('data-series'))).toEqual([
        'Average',
        'Median',
        'p90',
      ]);
      for (let i = 1; i < group.length; i++) {
        const before = group[i - 1] as Element;
        expect(num(before, 'x') + num(before, 'width')).toBeLessThanOrEqual(
          num(group[i] as Element, 'x'),
        );
      }
    }
    // One axis for all: 12 (the p90 of "Contacted") is the largest, 15 the round tick above it.
    expect(texts(svg, '.grid text')).toEqual(['0 pts', '5 pts', '10 pts', '15 pts']);
    const [average] = bars(svg, 'Average');
    const [p90] = bars(svg, 'p90');
    expect(num(p90 as Element, 'height')).toBeCloseTo(
      (9 / 4) * num(average as Element, 'height'),
      6,
    );
    // The legend sits above the plot: no bar reaches into it.
    const legendBottom = 4 + 10;
    for (const bar of bars(svg)) expect(num(bar, 'y')).toBeGreaterThan(legendBottom);
  });

  it('draws zeros as empty bars on an axis from 0 to 1, and no chart for no data', () => {
    const svg = draw({ series: [{ label: 'Count', values: [0, 0, 0], color: '--accent' }] });
    if (!svg) throw new Error('no chart drawn');
    expect(bars(svg).map((bar) => num(bar, 'height'))).toEqual([0, 0, 0]);
    expect(texts(svg, '.grid text')).toEqual(['0 pts', '1 pts']);
    for (const element of svg.querySelectorAll('*'))
      for (const { value } of element.attributes) expect(value).not.toContain('NaN');

    draw({ labels: [], series: [{ label: 'Count', values: [], color: '--accent' }] });
    expect(page.root.querySelector('svg')).toBeNull();
    expect(page.root.querySelector('figure[data-chart="test"] table caption')).not.toBeNull();
    expect(page.root.querySelectorAll('tbody tr')).toHaveLength(0);
  });

  it('cuts stage names to their room, the whole name in a title, so they never overlap', () => {
    const labels = ['Prospect', 'Customer in the portfolio, renewed every year', 'Qualified'];
    const svg = draw({
      labels,
      series: [{ label: 'Count', values: [3, 2, 1], color: '--accent' }],
    });
    if (!svg) throw new Error('no chart drawn');
    const names = [...svg.querySelectorAll('.category > text')];
    const long = names[1] as Element;
    expect(long.querySelector('title')?.textContent).toBe(labels[1]);
    const shown = [...long.childNodes]
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent)
      .join('');
    expect(shown.endsWith('…')).toBe(true);
    expect(labels[1]?.startsWith(shown.slice(0, -1))).toBe(true);
    // A short name is whole, with no title of its own.
    expect(names[0]?.textContent).toBe('Prospect');
    expect(names[0]?.querySelector('title')).toBeNull();
    // Each name fits its band (at a generous 7 px a character of 12 px text).
    const [a, b] = bars(svg);
    const band = num(b as Element, 'x') - num(a as Element, 'x');
    expect(shown.length * 7).toBeLessThanOrEqual(band);

    // Horizontal: names take at most about a third of the width.
    const side = draw({
      horizontal: true,
      labels,
      series: [{ label: 'Count', values: [3, 2, 1], color: '--accent' }],
    });
    const [bar] = bars(side as Element);
    expect(num(bar as Element, 'x')).toBeLessThanOrEqual(600 * 0.35 + 8);
    const cut = [...(side?.querySelectorAll('.category') ?? [])][1];
    expect(cut?.querySelector('text > title')?.textContent).toBe(labels[1]);
  });

  it('follows its box when it is resized', () => {
    const svg = draw();
    const before = bars(svg as Element).map((bar) => num(bar, 'width'));
    resizeAll(300);
    const after = page.root.querySelector('svg');
    expect(num(after as Element, 'width')).toBe(300);
    expect(after?.getAttribute('viewBox')).toBe('0 0 300 220');
    const narrower = bars(after as Element).map((bar) => num(bar, 'width'));
    narrower.forEach((width, i) => {
      expect(width).toBeLessThan(before[i] as number);
    });
  });

  it('colours bars with the theme tokens through CSS, reading no style', () => {
    const read = vi.spyOn(window, 'getComputedStyle');
    const svg = draw({
      series: [
        { label: 'Won', values: [1, 2, 3], color: '--fresh' },
        { label: 'Lost', values: [3, 2, 1], color: '--over' },
      ],
    });
    expect(bars(svg as Element, 'Won').map((bar) => bar.style.fill)).toEqual([
      'var(--fresh)',
      'var(--fresh)',
      'var(--fresh)',
    ]);
    expect(bars(svg as Element, 'Lost')[0]?.style.fill).toBe('var(--over)');
    expect(read).not.toHaveBeenCalled();
  });

  it('draws nothing until its box has a width (no layout read of its own)', () => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(): void {}
        unobserve(): void {}
        disconnect(): void {}
      },
    );
    expect(draw()).toBeNull();
    expect(
      page.root.querySelector('[data-chart="test"] .chart-canvas')?.getAttribute('style'),
    ).toContain('220px');
  });
});

describe('valueTicks', () => {
  it('steps by 1, 2 or 5 × 10ⁿ from 0 to at least the largest value', () => {
    expect(valueTicks(38)).toEqual([0, 10, 20, 30, 40]);
    expect(valueTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(valueTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
  it('gives an axis of 0 to 1 when there is nothing to show', () => {
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(-5)).toEqual([0, 1]);
    expect(valueTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('fitText', () => {
  it('keeps what fits and cuts the rest with an ellipsis', () => {
    expect(fitText('Prospect', 100)).toBe('Prospect');
    expect(fitText('Customer in the portfolio', 70)).toBe('Customer…');
    expect(fitText('Customer', 5)).toBe('…');
  });
});
