/**
 * Follow-up nudges: among the actions that push a client to the next stage is following up. A
 * stage may say "follow up if no reply after N days" (`followUpDays`); a prospect in it is due
 * when the last exchange with them is a message of ours older than that. Computed from the
 * touchpoints Etape logs anyway — no open tracking, no pixel, nothing sent anywhere.
 */
import type { Stage, Touchpoint, TouchpointKind } from './schemas.ts';
import { DAY_MS } from './timing.ts';

/** The default process asks for a follow-up after this many days in "Contacted". */
export const DEFAULT_FOLLOW_UP_DAYS = 3;

/** Us reaching out: when one of these is the last word, the ball is in their court. */
const OUTREACH: ReadonlySet<TouchpointKind> = new Set([
  'email_sent',
  'linkedin_message_sent',
  'linkedin_connect_sent',
]);
/**
 * Neither a question nor an answer: a visit to their profile or a note to self leaves the
 * exchange where it was. Every other kind (a reply, a call, a meeting) is an exchange.
 */
const SILENT: ReadonlySet<TouchpointKind> = new Set(['linkedin_profile_view', 'note']);

export type Exchange = Pick<Touchpoint, 'kind' | 'at'>;

/** Whether this touchpoint moves the conversation (and so can be its last word). */
export function isExchange(kind: TouchpointKind): boolean {
  return !SILENT.has(kind);
}

/** The latest exchange among these touchpoints (any order); null when there is none. */
export function lastExchange(touchpoints: readonly Exchange[]): Exchange | null {
  let last: Exchange | null = null;
  for (const touchpoint of touchpoints) {
    if (!isExchange(touchpoint.kind)) continue;
    if (!last || touchpoint.at >= last.at) last = touchpoint;
  }
  return last;
}

/**
 * When our unanswered message went out, if a follow-up is due now: the prospect's stage asks
 * for follow-ups, its last exchange is ours, and the stage's delay has passed since. Null
 * otherwise (outcomes never nudge).
 */
export function followUpDue(
  exchange: Exchange | null,
  stage: Pick<Stage, 'kind' | 'followUpDays'> | undefined,
  now: number,
): number | null {
  if (!exchange || stage?.kind !== 'open' || !stage.followUpDays) return null;
  if (!OUTREACH.has(exchange.kind)) return null;
  return now - exchange.at >= stage.followUpDays * DAY_MS ? exchange.at : null;
}
