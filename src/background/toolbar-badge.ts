/**
 * The toolbar badge: the time in stage of the prospect in the active tab ("6d"), coloured by how
 * far over the stage target it is, empty on tabs that show no tracked prospect. Badge text is set
 * per tab, so a tab without a prospect simply has none. Refreshed when a tab is activated, when a
 * content script reports what its page shows, and after every stage or prospect write.
 */
import type { ChangeEvent, ResponseMap } from '../shared/messages.ts';
import { stageById } from '../shared/process.ts';
import type { Prospect, Stage } from '../shared/schemas.ts';
import { type Staleness, type TargetStatus, targetStatus } from '../shared/timing.ts';
import type { Handlers } from './context.ts';

export interface FocusProspect {
  prospect: Prospect;
  stage: Stage | undefined;
  elapsedMs: number;
  status: TargetStatus;
}

/** The part of `browser.action` the badge uses (injected so tests can watch it). */
export interface BadgeAction {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export interface ToolbarBadgeDeps {
  handlers: Pick<Handlers, 'getTabContext'>;
  action: BadgeAction;
  /** The ids of the active tab of every window. */
  activeTabIds(): Promise<number[]>;
  now(): number;
  /** "6d" / "6j": the compact, localized time in stage. */
  shortDuration(ms: number): string;
  /** The tooltip: prospect, stage and time in stage; `null` for the extension's default title. */
  title(focus: FocusProspect | null): string;
}

export const BADGE_COLORS: Record<Staleness, string> = {
  none: '#5b6476',
  fresh: '#1f7a3d',
  due: '#a15c00',
  over: '#b3261e',
  late: '#7a0c2e',
};

/**
 * The prospect a tab is "about": when a conversation shows several tracked people, the open one
 * most over target (it is the one needing action); an outcome only when nobody is open.
 */
export function focusProspect(
  context: Pick<ResponseMap['getTabContext'], 'process' | 'prospects'>,
  now: number,
): FocusProspect | null {
  let best: FocusProspect | null = null;
  for (const { prospect } of context.prospects) {
    const stage = stageById(context.process, prospect.stageId);
    const elapsedMs = Math.max(0, now - prospect.stageEnteredAt);
    const candidate = {
      prospect,
      stage,
      elapsedMs,
      status: targetStatus(elapsedMs, stage?.targetDays ?? null),
    };
    const open = prospect.status === 'open';
    const bestOpen = best?.prospect.status === 'open';
    if (
      !best ||
      (open && !bestOpen) ||
      (open === bestOpen && candidate.status.ratio > best.status.ratio)
    ) {
      best = candidate;
    }
  }
  return best;
}

export function createToolbarBadge(deps: ToolbarBadgeDeps) {
  /** Per tab, the latest refresh wins: an older, slower read must not overwrite a newer one. */
  const generation = new Map<number, number>();

  async function refresh(tabId: number): Promise<FocusProspect | null> {
    const mine = (generation.get(tabId) ?? 0) + 1;
    generation.set(tabId, mine);
    const context = await deps.handlers.getTabContext({ tabId });
    const focus = focusProspect(context, deps.now());
    if (generation.get(tabId) !== mine) return focus;
    const text = focus ? deps.shortDuration(focus.elapsedMs) : '';
    await Promise.all([
      deps.action.setBadgeText({ tabId, text }),
      focus
        ? deps.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLORS[focus.status.level] })
        : Promise.resolve(),
      deps.action.setTitle({ tabId, title: deps.title(focus) }),
    ]);
    return focus;
  }

  async function refreshActive(): Promise<void> {
    await Promise.all((await deps.activeTabIds()).map((tabId) => refresh(tabId)));
  }

  return {
    refresh,
    refreshActive,
    /** Stage moves, tracking and undo change what a badge shows; touchpoints and checks do not. */
    onChange(event: Pick<ChangeEvent, 'what'>): Promise<void> {
      return event.what === 'stage' || event.what === 'prospect' || event.what === 'process'
        ? refreshActive()
        : Promise.resolve();
    },
  };
}
