/**
 * Wires the toolbar features to the browser: the per-tab badge, the "advance" shortcut and the
 * daily reminder. Listeners are registered synchronously when the worker starts (an event that
 * wakes the worker must find them); the feature logic lives in browser-free modules.
 */
import browser from 'webextension-polyfill';
import { formatDuration, t } from '../browser/i18n.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { CHANGE_STORAGE_KEY, type ChangeEvent, type Envelope } from '../shared/messages.ts';
import { type DurationUnit, durationParts } from '../shared/timing.ts';
import { ADVANCE_COMMAND, advanceProspectInTab } from './commands.ts';
import type { RequestMeta } from './context.ts';
import { createReminders } from './reminders.ts';
import type { Service } from './service.ts';
import { createToolbarBadge } from './toolbar-badge.ts';

const BADGE_UNIT_KEYS: Record<DurationUnit, MessageKey> = {
  minutes: 'popupBadgeMinutes',
  hours: 'popupBadgeHours',
  days: 'popupBadgeDays',
  weeks: 'popupBadgeWeeks',
};

export function startToolbar(service: Service) {
  const { handlers } = service;
  const badge = createToolbarBadge({
    handlers,
    action: browser.action,
    async activeTabIds() {
      const tabs = await browser.tabs.query({ active: true });
      return tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
    },
    now: () => Date.now(),
    shortDuration(ms) {
      const { n, unit } = durationParts(ms);
      return t(BADGE_UNIT_KEYS[unit], String(n));
    },
    title: (focus) =>
      focus
        ? t(
            'popupBadgeTitle',
            focus.prospect.name,
            focus.stage?.name ?? focus.prospect.stageId,
            formatDuration(focus.elapsedMs),
          )
        : t('actionTitle'),
  });

  const reminders = createReminders({
    handlers,
    alarms: browser.alarms,
    canNotify: () => browser.permissions.contains({ permissions: ['notifications'] }),
    async showNotification(id, title, message) {
      await browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('icons/icon-128.png'),
        title,
        message,
      });
    },
    now: () => Date.now(),
    text: {
      title: (count) => t('popupReminderTitle', String(count)),
      line: (name, stageName, elapsedMs, targetDays) =>
        t(
          'popupReminderLine',
          name,
          stageName,
          formatDuration(elapsedMs),
          formatDuration(targetDays * 86_400_000),
        ),
      more: (count) => t('popupReminderMore', String(count)),
      followUpTitle: (count) => t('followUpReminderTitle', String(count)),
      followUp: (name, waitedMs) => t('followUpReminderLine', name, formatDuration(waitedMs)),
    },
  });

  // A failed badge or alarm update must never surface as an error of the write that caused it.
  const quietly = (work: Promise<unknown>) => void work.catch(() => undefined);

  browser.tabs.onActivated.addListener(({ tabId }) => quietly(badge.refresh(tabId)));
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[CHANGE_STORAGE_KEY]?.newValue as ChangeEvent | undefined;
    if (area !== 'local' || !change) return;
    quietly(badge.onChange(change));
    if (change.what === 'settings') quietly(reminders.sync());
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== ADVANCE_COMMAND) return;
    quietly(
      (async () => {
        const tabId = tab?.id ?? (await badgeTabOfCurrentWindow());
        if (tabId !== undefined) await advanceProspectInTab(handlers, tabId, Date.now());
      })(),
    );
  });
  browser.alarms.onAlarm.addListener((alarm) => quietly(reminders.onAlarm(alarm.name)));
  quietly(reminders.sync());

  return {
    /** Called with every message the worker answered: a page report can change the badge. */
    afterMessage(message: unknown, meta: RequestMeta, reply: Envelope<unknown>): void {
      const type = (message as { type?: unknown } | null)?.type;
      if (reply.ok && type === 'reportPageContext' && meta.tabId !== undefined)
        quietly(badge.refresh(meta.tabId));
    },
  };
}

async function badgeTabOfCurrentWindow(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
