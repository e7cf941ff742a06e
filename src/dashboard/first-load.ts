/**
 * The first period's figures, asked for by the page's first script (start.ts) before the
 * page's own code and its charts have loaded: a cold worker wakes and computes while the page
 * is still loading, instead of after. The dashboard takes the answer when it asks for that same
 * period first, and asks normally otherwise.
 */
import { send } from '../browser/client.ts';
import type { ResponseMap } from '../shared/messages.ts';
import { type Period, presetPeriod } from '../shared/period.ts';

/** The preset the dashboard opens on. */
export const FIRST_PRESET = 'thisMonth' as const;
/** A "to date" period asked this much earlier is the same period. */
const SAME_END_MS = 10_000;

type Reply = ResponseMap['getDashboard'];
let pending: { period: Period; reply: Promise<Reply> } | undefined;

export function startFirstLoad(now = Date.now()): void {
  const period = presetPeriod(FIRST_PRESET, now);
  const reply = send('getDashboard', period);
  // Handled by whoever takes it; an untaken failure must not surface as an unhandled rejection.
  reply.catch(() => undefined);
  pending = { period, reply };
}

/** The early answer for this period, once; undefined when there is none or it was for another. */
export function takeFirstLoad(period: Period): Promise<Reply> | undefined {
  const early = pending;
  pending = undefined;
  if (
    !early ||
    early.period.start !== period.start ||
    period.end < early.period.end ||
    period.end - early.period.end > SAME_END_MS
  )
    return undefined;
  return early.reply;
}
