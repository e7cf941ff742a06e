import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../shared/timing.ts';
import { createReminders, nextReminderAt, REMINDER_ALARM, REMINDER_HOUR } from './reminders.ts';
import { makeService } from './test-helpers.ts';

function setup() {
  const ctx = makeService();
  const alarms = new Map<string, { when: number; periodInMinutes: number }>();
  const shown: Array<{ id: string; title: string; message: string }> = [];
  const permission = { granted: true };
  const reminders = createReminders({
    handlers: ctx.service.handlers,
    alarms: {
      get: async (name) => alarms.get(name),
      create: (name, info) => void alarms.set(name, info),
      clear: async (name) => alarms.delete(name),
    },
    canNotify: async () => permission.granted,
    showNotification: async (id, title, message) => void shown.push({ id, title, message }),
    now: () => ctx.clock.now,
    text: {
      title: (count) => `${count} over target`,
      line: (name, stage, elapsed, target) =>
        `${name} — ${stage}: ${Math.floor(elapsed / DAY_MS)} d (target ${target} d)`,
      more: (count) => `…and ${count} more`,
      followUpTitle: (count) => `${count} to follow up`,
      followUp: (name, waited) => `Follow up with ${name} (${Math.floor(waited / DAY_MS)} d)`,
    },
  });
  return { ...ctx, reminders, alarms, shown, permission };
}

describe('daily reminder', () => {
  it('has an alarm only while the setting is on', async () => {
    const { service, reminders, alarms, clock } = setup();
    expect(await reminders.sync()).toBe(false);
    expect(alarms.size).toBe(0);
    await service.handlers.updateSettings({ settings: { remindersEnabled: true } });
    expect(await reminders.sync()).toBe(true);
    expect(alarms.get(REMINDER_ALARM)).toEqual({
      when: nextReminderAt(clock.now),
      periodInMinutes: 1440,
    });
    await service.handlers.updateSettings({ settings: { remindersEnabled: false } });
    await reminders.sync();
    expect(alarms.size).toBe(0);
  });

  it('fires at the next reminder hour, local time', () => {
    const morning = new Date(2026, 2, 10, 7, 30).getTime();
    const evening = new Date(2026, 2, 10, 18, 0).getTime();
    expect(new Date(nextReminderAt(morning)).getHours()).toBe(REMINDER_HOUR);
    expect(new Date(nextReminderAt(morning)).getDate()).toBe(10);
    expect(new Date(nextReminderAt(evening)).getDate()).toBe(11);
  });

  it('lists the prospects over target, only with the permission and the setting', async () => {
    const { service, reminders, shown, clock, permission } = setup();
    const { prospect: ana } = await service.handlers.trackContact({ name: 'Ana', emails: [] });
    await service.handlers.trackContact({ name: 'Bo', emails: ['bo@x.co'] });
    clock.now += 3 * DAY_MS;
    await service.handlers.trackContact({ name: 'Cy', emails: ['cy@x.co'] });
    clock.now += 6 * DAY_MS; // Ana and Bo: 9 d in a 7-day stage; Cy: 6 d
    await service.handlers.advanceStage({ prospectId: ana.id });
    clock.now += 11 * DAY_MS; // Ana: 11 d in a 10-day stage; Bo: 20 d; Cy: 17 d

    expect(await reminders.onAlarm(REMINDER_ALARM)).toBeNull(); // setting off
    await service.handlers.updateSettings({ settings: { remindersEnabled: true } });
    permission.granted = false;
    expect(await reminders.onAlarm(REMINDER_ALARM)).toBeNull();
    permission.granted = true;
    expect(await reminders.onAlarm('something-else')).toBeNull();
    const notification = await reminders.onAlarm(REMINDER_ALARM);
    expect(notification).toEqual({
      title: '3 over target',
      message: [
        'Bo — Prospect: 20 d (target 7 d)',
        'Cy — Prospect: 17 d (target 7 d)',
        'Ana — Contacted: 11 d (target 10 d)',
      ].join('\n'),
    });
    expect(shown).toEqual([{ id: REMINDER_ALARM, ...notification }]);
  });

  it('lists the prospects to follow up, after those over target', async () => {
    const { service, reminders, clock } = setup();
    const { prospect: ana } = await service.handlers.trackContact({ name: 'Ana', emails: [] });
    await service.handlers.advanceStage({ prospectId: ana.id });
    await service.handlers.logTouchpoints({
      touchpoints: [
        { prospectId: ana.id, channel: 'gmail', kind: 'email_sent', at: clock.now, key: 'k1' },
      ],
    });
    await service.handlers.updateSettings({ settings: { remindersEnabled: true } });
    clock.now += 2 * DAY_MS;
    expect(await reminders.onAlarm(REMINDER_ALARM)).toBeNull();
    // Four days without reply in "Contacted" (3-day follow-up, 10-day target).
    clock.now += 2 * DAY_MS;
    expect(await reminders.onAlarm(REMINDER_ALARM)).toEqual({
      title: '1 to follow up',
      message: 'Follow up with Ana (4 d)',
    });
    // Past the target too: both, the target first.
    clock.now += 7 * DAY_MS;
    expect(await reminders.onAlarm(REMINDER_ALARM)).toEqual({
      title: '1 over target',
      message: ['Ana — Contacted: 11 d (target 10 d)', 'Follow up with Ana (11 d)'].join('\n'),
    });
  });

  it('stays silent when nobody is over target', async () => {
    const { service, reminders, shown } = setup();
    await service.handlers.trackContact({ name: 'Ana', emails: [] });
    await service.handlers.updateSettings({ settings: { remindersEnabled: true } });
    expect(await reminders.onAlarm(REMINDER_ALARM)).toBeNull();
    expect(shown).toEqual([]);
  });
});
