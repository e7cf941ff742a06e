/**
 * Dashboard periods: half-open [start, end) in epoch ms, in the user's local calendar. Kept
 * apart from analytics.ts (and free of imports) so the dashboard's first script can name the
 * default period without loading the rest.
 */

export interface Period {
  start: number;
  end: number;
}

export const PERIOD_PRESETS = [
  'last30',
  'last90',
  'last12Months',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'custom',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/**
 * The dashboard opens on a rolling quarter: on the 1st of a month "this month" shows nothing
 * yet, while the last 90 days always show the process at work.
 */
export const DEFAULT_PRESET = 'last90' satisfies PeriodPreset;

/** Rolling presets: this many calendar days, today included. */
const ROLLING_DAYS = { last30: 30, last90: 90 } as const;

/**
 * Presets in the user's local calendar; current periods run "to date" (end = now). Rolling ones
 * start at a local midnight, so the same preset asked twice in a day is the same period.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, now: number): Period {
  const date = new Date(now);
  const year = date.getFullYear();
  const month = date.getMonth();
  const day = date.getDate();
  if (preset === 'last30' || preset === 'last90') {
    return { start: new Date(year, month, day - ROLLING_DAYS[preset] + 1).getTime(), end: now };
  }
  if (preset === 'last12Months')
    return { start: new Date(year, month - 12, day + 1).getTime(), end: now };
  if (preset === 'thisMonth') return { start: new Date(year, month, 1).getTime(), end: now };
  if (preset === 'lastMonth') {
    return {
      start: new Date(year, month - 1, 1).getTime(),
      end: new Date(year, month, 1).getTime(),
    };
  }
  return { start: new Date(year, month - (month % 3), 1).getTime(), end: now };
}

/** A custom period from two calendar days (YYYY-MM-DD, local), both included. */
export function customPeriod(fromDay: string, toDay: string): Period | null {
  const parse = (day: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!match) return null;
    return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  };
  const start = parse(fromDay);
  const last = parse(toDay);
  if (start === null || last === null || last < start) return null;
  const lastDate = new Date(last);
  const end = new Date(
    lastDate.getFullYear(),
    lastDate.getMonth(),
    lastDate.getDate() + 1,
  ).getTime();
  return { start, end };
}

/** The period of the same length just before. */
export function previousPeriod(period: Period): Period {
  return { start: period.start - (period.end - period.start), end: period.start };
}
