/**
 * The figures of the chosen period, for the views that show them (overview, won deals): one
 * `getDashboard` per period, rep filter and revision, the first one taken from the page's early
 * request (first-load.ts). Marks what the bench measures: the page interactive (first figures on
 * screen) and a period switch done.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../browser/client.ts';
import { errorText } from '../browser/error-text.ts';
import type { ResponseMap } from '../shared/messages.ts';
import type { Period, PeriodPreset } from '../shared/period.ts';
import { takeFirstLoad } from './first-load.ts';
import type { RepFilter } from './route-id.ts';

export type Figures = ResponseMap['getDashboard'] & { preset: PeriodPreset };

/** The last answer: going from the overview to the won deals shows it at once. */
let last: { key: string; figures: Figures } | undefined;

export function useFigures(
  period: Period | null,
  preset: PeriodPreset,
  revision: number,
  rep: RepFilter = undefined,
) {
  const key = period ? `${period.start}-${period.end}-${revision}-${JSON.stringify(rep)}` : '';
  const [figures, setFigures] = useState<Figures | null>(
    last && last.key === key ? last.figures : null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!period || last?.key === key) return;
    let live = true;
    const asked = { start: period.start, end: period.end, ...(rep === undefined ? {} : { rep }) };
    (takeFirstLoad(period, rep) ?? send('getDashboard', asked)).then(
      (reply) => {
        const loaded = { ...reply, preset };
        last = { key, figures: loaded };
        if (!live) return;
        setFigures(loaded);
        setError(null);
      },
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [key]);

  useEffect(() => {
    if (!figures) return;
    // The first time figures are on screen: what "interactive" means for this page.
    if (performance.getEntriesByName('etape:interactive').length === 0) {
      performance.measure('etape:interactive', { start: 0, end: performance.now() });
    }
    // A period switch is done when its figures are on screen.
    if (performance.getEntriesByName('etape:period-start').length > 0) {
      performance.measure('etape:period-ready', 'etape:period-start');
      performance.clearMarks('etape:period-start');
    }
  }, [figures]);

  return { figures, error };
}
