/**
 * The daily reminder: once a day, a notification lists the open prospects that went over their
 * stage target, and those to follow up (our message unanswered past the stage's delay, see
 * src/shared/follow-up.ts). Off by default; the popup asks for the optional `notifications` permission when
 * the user turns it on, and the alarm exists only while the setting is on. No permission, no
 * notification: the alarm then does nothing rather than fail.
 */
import { stageById } from '../shared/process.ts';
import type { Handlers } from './context.ts';

export const REMINDER_ALARM = 'etape:daily-reminder';
/** Local time of day the reminder fires: the start of a working day. */
export const REMINDER_HOUR = 9;
const MAX_LISTED = 5;
const FOLLOW_UPS_LISTED = 3;

export interface ReminderDeps {
  handlers: Pick<Handlers, 'needsAttention' | 'attentionCounts' | 'getSettings' | 'followUps'>;
  alarms: {
    get(name: string): Promise<unknown>;
    create(name: string, info: { when: number; periodInMinutes: number }): void | Promise<void>;
    clear(name: string): Promise<unknown>;
  };
  /** Whether the optional `notifications` permission is granted now. */
  canNotify(): Promise<boolean>;
  showNotification(id: string, title: string, message: string): Promise<unknown>;
  now(): number;
  /** Localized texts (background side of `browser.i18n`). */
  text: {
    title(overTarget: number): string;
    line(name: string, stageName: string, elapsedMs: number, targetDays: number): string;
    more(count: number): string;
    /** The title when nobody is over target but some are to follow up. */
    followUpTitle(count: number): string;
    followUp(name: string, waitedMs: number): string;
  };
}

/** The next REMINDER_HOUR:00 in local time strictly after `now`. */
export function nextReminderAt(now: number): number {
  const next = new Date(now);
  next.setHours(REMINDER_HOUR, 0, 0, 0);
  if (next.getTime() <= now) next.setDate(next.getDate() + 1);
  return next.getTime();
}

export function createReminders(deps: ReminderDeps) {
  /** Makes the alarm match the setting; called at start and after every settings write. */
  async function sync(): Promise<boolean> {
    const { settings } = await deps.handlers.getSettings({});
    if (!settings.remindersEnabled) {
      await deps.alarms.clear(REMINDER_ALARM);
      return false;
    }
    if (!(await deps.alarms.get(REMINDER_ALARM))) {
      await deps.alarms.create(REMINDER_ALARM, {
        when: nextReminderAt(deps.now()),
        periodInMinutes: 24 * 60,
      });
    }
    return true;
  }

  /** Returns the notification shown, or null when there was nothing (or no right) to show. */
  async function onAlarm(name: string): Promise<{ title: string; message: string } | null> {
    if (name !== REMINDER_ALARM) return null;
    const { settings } = await deps.handlers.getSettings({});
    if (!settings.remindersEnabled || !(await deps.canNotify())) return null;
    const { overTarget } = await deps.handlers.attentionCounts({});
    const followUps = await deps.handlers.followUps({ limit: MAX_LISTED });
    if (overTarget === 0 && followUps.total === 0) return null;
    const now = deps.now();
    const lines: string[] = [];
    if (overTarget > 0) {
      const attention = await deps.handlers.needsAttention({ limit: MAX_LISTED });
      for (const { prospect } of attention.prospects) {
        const stage = stageById(attention.process, prospect.stageId);
        const elapsed = now - prospect.stageEnteredAt;
        if (!stage?.targetDays || elapsed < stage.targetDays * 86_400_000) continue;
        lines.push(deps.text.line(prospect.name, stage.name, elapsed, stage.targetDays));
      }
      if (overTarget > lines.length) lines.push(deps.text.more(overTarget - lines.length));
    }
    // Follow-ups after: a handful, the longest unanswered first.
    const listed = followUps.prospects.slice(0, FOLLOW_UPS_LISTED);
    for (const { prospect, followUpSince } of listed)
      lines.push(deps.text.followUp(prospect.name, now - followUpSince));
    if (followUps.total > listed.length)
      lines.push(deps.text.more(followUps.total - listed.length));
    const title =
      overTarget > 0 ? deps.text.title(overTarget) : deps.text.followUpTitle(followUps.total);
    const shown = { title, message: lines.join('\n') };
    await deps.showNotification(REMINDER_ALARM, shown.title, shown.message);
    return shown;
  }

  return { sync, onAlarm };
}
