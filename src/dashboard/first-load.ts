/**
 * The opening view's data, asked for by the page's first script (start.ts) before the page's
 * own code and its view have loaded: a cold worker wakes and computes while the page is still
 * loading, instead of after. The figures of the remembered period for the overview and the won
 * deals, the cards for the pipeline; the view takes the answer when it asks for that same thing
 * first, and asks normally otherwise. The team view has no early request: it is not where the
 * dashboard opens.
 */
import { send } from '../browser/client.ts';
import type { ResponseMap } from '../shared/messages.ts';
import { type Period, presetPeriod } from '../shared/period.ts';
import { rememberedPreset } from './period-choice.ts';
import {
  DEFAULT_ROUTE,
  FIGURE_ROUTES,
  type RepFilter,
  repFromHash,
  routeFromHash,
} from './route-id.ts';

/** A "to date" period asked this much earlier is the same period. */
const SAME_END_MS = 10_000;

type Figures = ResponseMap['getDashboard'];
type Board = ResponseMap['getBoard'];
let figures: { period: Period; rep: RepFilter; reply: Promise<Figures> } | undefined;
let board: Promise<Board> | undefined;

export function startFirstLoad(hash = location.hash, now = Date.now()): void {
  // The bench splits a first paint here: the browser loading the page, then our work.
  performance.mark('etape:start');
  const route = routeFromHash(hash) ?? DEFAULT_ROUTE;
  if (FIGURE_ROUTES.has(route)) {
    const period = presetPeriod(rememberedPreset(), now);
    const rep = repFromHash(hash);
    const asked = { ...period, ...(rep === undefined ? {} : { rep }) };
    figures = { period, rep, reply: quiet(send('getDashboard', asked)) };
  } else if (route === 'pipeline') {
    board = quiet(send('getBoard', {}));
  }
}

/** The early figures for this period and rep, once; undefined when none or for another. */
export function takeFirstLoad(
  period: Period,
  rep: RepFilter = undefined,
): Promise<Figures> | undefined {
  const early = figures;
  figures = undefined;
  if (
    !early ||
    early.rep !== rep ||
    early.period.start !== period.start ||
    period.end < early.period.end ||
    period.end - early.period.end > SAME_END_MS
  )
    return undefined;
  return early.reply;
}

/** The early board, once. */
export function takeFirstBoard(): Promise<Board> | undefined {
  const early = board;
  board = undefined;
  return early;
}

/** Handled by whoever takes it; an untaken failure must not surface as an unhandled rejection. */
function quiet<T>(reply: Promise<T>): Promise<T> {
  reply.catch(() => undefined);
  return reply;
}
